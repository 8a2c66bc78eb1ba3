// When a guided break has nothing to play (the ad server has no ads, no slate is set),
// its asset list fails (404) rather than coming back empty, and hls.js plays the content
// under the break instead ("fallback to primary"): the viewer gets content without ads,
// the same degradation stitched sessions get, and never a skipped stretch of content.
import assert from 'node:assert/strict';
import { runPlayerTest, playToEnd } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  const master = `${stack.ssaiUrl}/v1/master/guided-empty/content/master.m3u8`;
  const played = await playToEnd({ stack, master, rate: 2, page: 'guided.html' });
  keep(played.browser);
  const { state } = played;
  const events = state.interstitials.map((e) => e.type);
  check('no fatal player error', () => assert.equal(state.fatal, null, JSON.stringify(state.errors)));
  check('no asset played', () => assert.ok(!events.includes('asset-started'), events.join(' ')));
  check('playback reached the end of the content (60 s)', () => {
    assert.ok(state.ended, `stopped at ${state.currentTime}`);
    assert.ok(state.currentTime > 59, `${state.currentTime}`);
  });
  const hits = await stack.hits();
  check('the content under the break (24-54 s: segments 4 to 8) was played, not skipped', () => {
    for (const n of [4, 5, 6, 7, 8]) {
      const fetched = Object.keys(hits).some((k) => new RegExp(`^/media/content/[0-9]+p/seg_00${n}\\.ts$`).test(k));
      assert.ok(fetched, `segment ${n}: ${JSON.stringify(hits)}`);
    }
  });
});
