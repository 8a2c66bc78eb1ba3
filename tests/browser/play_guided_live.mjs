// Plays a server-guided session of the fixture live channel in real time in headless
// Chromium with hls.js, through two breaks of the looping channel (a minute apart). Its
// cue-out dialect has no EXT-X-PROGRAM-DATE-TIME, which HLS Interstitials are placed by:
// ssai dates the shared playlist itself (origin/live_dates.hpp), the same on every
// reload (the dated dialect is play_guided_live_join.mjs's).
// each break's own asset list loads, its two ads and slate play in order, the content
// resumes after each, no fatal error, no long stall, and each ad's impression and
// complete reach the receiver once per break.
import assert from 'node:assert/strict';
import { runPlayerTest, playLive, hitsOnceArrived, assetErrors } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  const master = `${stack.ssaiUrl}/v1/master/live-guided/cue-out/media/content/master.m3u8`;
  const played = await playLive({
    stack, master, page: 'guided.html', timeoutMs: 200_000,
    until: () => window.ssaiPlayback.fatal ||
      window.ssaiPlayback.interstitials.filter((e) => e.type === 'primary-resumed').length >= 2,
  });
  keep(played.browser);
  const { state } = played;
  const events = state.interstitials.map((e) => e.type);

  check('no fatal player error', () => assert.equal(state.fatal, null));
  check('no stall longer than 0.5 s once playing', () => assert.ok(state.longestStall <= 0.5, `${state.longestStall}`));
  check('two breaks, each with its own asset list of three assets', () => {
    const lists = state.interstitials.filter((e) => e.type === 'asset-list');
    assert.equal(lists.length, 2, events.join(' '));
    assert.notEqual(lists[0].id, lists[1].id);
    assert.deepEqual(lists.map((l) => l.assets), [3, 3]);
  });
  check('in each break the ads and the slate played in order, then the content resumed', () => {
    const assets = state.interstitials.filter((e) => e.type === 'asset-started').map((e) => e.index);
    assert.deepEqual(assets, [0, 1, 2, 0, 1, 2], events.join(' '));
    assert.equal(events.filter((e) => e === 'primary-resumed').length, 2, events.join(' '));
    assert.deepEqual(assetErrors(state), [], events.join(' '));
  });
  check('ad 1, ad 2 and the slate last 15, 10 and 5 s, each time', () => {
    const started = state.interstitials.filter((e) => e.type === 'asset-started');
    const ended = state.interstitials.filter((e) => e.type === 'asset-ended');
    for (let i = 0; i < 6; i += 1) {
      const seconds = [15, 10, 5][i % 3];
      assert.ok(ended[i] !== undefined, events.join(' '));
      // Where the asset player stood when it ended: the asset's length, played through.
      assert.ok(Math.abs(ended[i].played - seconds) < 0.5, `asset ${i} ended at ${ended[i].played} s of ${seconds}`);
      // And it took at least that long on the page's clock (it was played, not skipped;
      // no upper bound: a loaded machine may stall).
      const wall = ended[i].wall - started[i].wall;
      assert.ok(wall > seconds - 1, `asset ${i} lasted ${wall.toFixed(2)} s on the clock, not ${seconds}`);
    }
  });

  // Beacons are held to playback at 1x: wait for them, then for nothing more.
  const wanted = Object.fromEntries(['bars-15', 'blue-10'].flatMap((ad) =>
    ['impression', 'complete'].map((event) => [`/track/${event}?ad=${ad}`, 2])));
  const hits = await hitsOnceArrived(stack, wanted);
  await new Promise((r) => setTimeout(r, 500));
  Object.assign(hits, await stack.hits());
  for (const ad of ['bars-15', 'blue-10']) {
    check(`${ad}: one impression and one complete per break (two)`, () => {
      assert.equal(hits[`/track/impression?ad=${ad}`], 2, JSON.stringify(hits));
      assert.equal(hits[`/track/complete?ad=${ad}`], 2, JSON.stringify(hits));
    });
  }
});
