// Plays the fixture live channel, stitched, in real time in headless Chromium with
// hls.js, through a whole break: content -> ad 1 -> ad 2 -> slate -> content, with no
// fatal error, no stall over a second, and each ad's impression counted once.
import assert from 'node:assert/strict';
import { runPlayerTest, playLive, checkPodCountedOnce } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  // The channel loops the 60 s fixture content with its 30 s break at 24 s; hls.js
  // starts three segments behind the live edge, before the first break.
  const master = `${stack.ssaiUrl}/v1/master/live/elemental/media/content/master.m3u8`;
  const played = await playLive({ stack, master, until: () => window.ssaiPlayback.fatal || window.ssaiPlayback.discontinuities.length >= 4 });
  keep(played.browser);
  const { state } = played;

  check('no fatal player error', () => assert.equal(state.fatal, null));
  check('crossed content -> ad 1 -> ad 2 -> slate -> content', () => assert.ok(state.discontinuities.length >= 4, JSON.stringify(state.discontinuities)));
  check('ad 1, ad 2 and the slate last 15, 10 and 5 s', () => {
    const [ad1, ad2, slate, content] = state.discontinuities.map((d) => d.at);
    assert.ok(Math.abs(ad2 - ad1 - 15) < 1, `${ad2 - ad1}`);
    assert.ok(Math.abs(slate - ad2 - 10) < 1, `${slate - ad2}`);
    assert.ok(Math.abs(content - slate - 5) < 1, `${content - slate}`);
  });
  check('no stall over 1 s once playing', () => assert.ok(state.longestStall < 1, `${state.longestStall}`));

  await checkPodCountedOnce(stack, check);
});
