// Plays a server-guided session of the fixture live channel (its dated dialect: HLS
// Interstitials place breaks by EXT-X-PROGRAM-DATE-TIME) in real time in headless
// Chromium with hls.js, through a whole break: the asset list loads, the two ads and the
// slate play in order, the content resumes, no fatal error, and each ad's impression
// and complete reach the receiver once.
import assert from 'node:assert/strict';
import { runPlayerTest, playLive, checkPodCountedOnce, assetErrors } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  const master = `${stack.ssaiUrl}/v1/master/live-guided/daterange/media/content/master.m3u8`;
  const played = await playLive({
    stack, master, page: 'guided.html', timeoutMs: 120_000,
    until: () => window.ssaiPlayback.fatal || window.ssaiPlayback.interstitials.some((e) => e.type === 'primary-resumed'),
  });
  keep(played.browser);
  const { state } = played;
  const events = state.interstitials.map((e) => e.type);

  check('no fatal player error', () => assert.equal(state.fatal, null));
  check('the asset list was loaded with its three assets', () => {
    const list = state.interstitials.find((e) => e.type === 'asset-list');
    assert.ok(list, events.join(' '));
    assert.equal(list.assets, 3);
  });
  check('the ads and the slate played in order, then the content resumed', () => {
    const assets = state.interstitials.filter((e) => e.type === 'asset-started').map((e) => e.index);
    assert.deepEqual(assets, [0, 1, 2], events.join(' '));
    assert.ok(events.includes('primary-resumed'), events.join(' '));
    assert.deepEqual(assetErrors(state), [], events.join(' '));
  });
  check('ad 1, ad 2 and the slate last 15, 10 and 5 s', () => {
    const started = state.interstitials.filter((e) => e.type === 'asset-started');
    const ended = state.interstitials.filter((e) => e.type === 'asset-ended');
    for (const [i, seconds] of [[0, 15], [1, 10], [2, 5]]) {
      assert.ok(ended[i] !== undefined, events.join(' '));
      // Where the asset player stood when it ended: the asset's length, played through.
      assert.ok(Math.abs(ended[i].played - seconds) < 0.5, `asset ${i} ended at ${ended[i].played} s of ${seconds}`);
      // And it took at least that long on the page's clock (it was played, not skipped;
      // no upper bound: a loaded machine may stall).
      const wall = ended[i].wall - started[i].wall;
      assert.ok(wall > seconds - 1, `asset ${i} lasted ${wall.toFixed(2)} s on the clock, not ${seconds}`);
    }
  });

  await checkPodCountedOnce(stack, check);
});
