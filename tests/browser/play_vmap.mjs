// Plays a VOD stream whose breaks come from a VMAP (pre-roll pod, mid-roll at 50%,
// post-roll, all inserted) to the end in headless Chromium with hls.js, and checks the
// grown timeline, the breaks crossed and the VMAP break events.
import assert from 'node:assert/strict';
import { runPlayerTest, playToEnd } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  const master = `${stack.ssaiUrl}/v1/master/vmap/content/master.m3u8`;
  const played = await playToEnd({ stack, master, rate: 4 });
  keep(played.browser);
  const { state } = played;

  check('no fatal player error', () => assert.equal(state.fatal, null));
  check('duration is the content plus every inserted ad (60 + 25 + 15 + 10 s)', () => assert.ok(Math.abs(state.duration - 110) < 1, `${state.duration}`));
  check('crossed the breaks: ad 2 of the pre-roll, content, mid-roll, content, post-roll', () => assert.ok(state.discontinuities.length >= 5, JSON.stringify(state.discontinuities)));
  check('playback reached the end', () => { assert.ok(state.ended); assert.ok(state.currentTime > 109); });

  await new Promise((r) => setTimeout(r, 500));
  const hits = await stack.hits();
  check('VMAP breakStart and breakEnd of the pre-roll, once each', () => {
    assert.equal(hits['/track/breakStart?break=preroll'], 1);
    assert.equal(hits['/track/breakEnd?break=preroll'], 1);
  });
  check('the mid-roll ad (inline VAST) counted once', () => {
    assert.equal(hits['/track/impression?ad=solo-bars'], 1);
    assert.equal(hits['/track/complete?ad=solo-bars'], 1);
  });
  check('one VMAP request for the session', () => {
    const vmapRequests = Object.entries(hits).filter(([k]) => k.startsWith('/vast/vmap.xml')).reduce((n, [, v]) => n + v, 0);
    assert.equal(vmapRequests, 1);
  });
});
