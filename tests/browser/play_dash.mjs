// Shaka Player and dash.js play stitched DASH VOD through its breaks in Chromium: the
// multi-period MPD (content split at the splice point, an fMP4 period per ad, slate to
// the break's end) must play to the end in two independent DASH implementations.
//   dash/number:   $Number$ + @duration, one 30 s break replaced (2014:xml+bin cue): Shaka
//   dash/timeline: SegmentTimeline, a pre-roll inserted and the 30 s break (2013:xml
//                  cues): both players, each through the two breaks
import assert from 'node:assert/strict';
import { runPlayerTest, playToEnd } from './support.mjs';

const adSegment = /\/v1\/segment\/[0-9a-f]+\/([^/]+)\/(\d+)\/\d+\/\d+\.m4s/;

await runPlayerTest(async ({ stack, check, keep }) => {
  const cases = [
    { player: 'Shaka', page: 'shaka.html', path: 'dash/number/manifest.mpd', duration: 60, breaks: ['d1'] },
    { player: 'Shaka', page: 'shaka.html', path: 'dash/timeline/manifest.mpd', duration: 85, breaks: ['d100', 'd1'] },
    { player: 'dash.js', page: 'dashjs.html', path: 'dash/timeline/manifest.mpd', duration: 85, breaks: ['d100', 'd1'] },
  ];
  for (const c of cases) {
    const src = `${stack.ssaiUrl}/v1/dash/demo/${c.path}?player=${encodeURIComponent(c.player)}`;
    const { browser, state } = await playToEnd({ stack, master: src, rate: 4, page: c.page });
    keep(browser);
    const name = `${c.player} on ${c.path}`;
    check(`${name}: no fatal error`, () => assert.equal(state.fatal, null, JSON.stringify(state.errors)));
    check(`${name}: played to the end`, () => assert.ok(state.ended, `stopped at ${state.currentTime}`));
    check(`${name}: the stitched duration (${c.duration} s)`, () => assert.ok(Math.abs(state.duration - c.duration) < 0.5, `${state.duration}`));
    const ads = state.segments.filter((s) => s.kind === 'ad').map((s) => s.uri.match(adSegment)?.slice(1).join('.'));
    check(`${name}: both ads of every break fetched`, () => {
      const wanted = c.breaks.flatMap((b) => [`${b}.0`, `${b}.1`]);
      assert.deepEqual([...new Set(ads)].sort(), wanted.sort());
    });
    const runs = state.segments.map((s) => s.kind).filter((kind, i, all) => i === 0 || all[i - 1] !== kind);
    check(`${name}: content resumes after the ads`, () => assert.ok(runs.join(',').includes('ad,'), runs.join(',')));
    check(`${name}: no stall over 1 s once playing`, () => assert.ok(state.longestStall < 1, `${state.longestStall}`));
  }
  // Every ad of every break counted once by the ad server (impression and complete).
  await new Promise((r) => setTimeout(r, 500));
  const hits = await stack.hits();
  for (const ad of ['bars-15', 'blue-10']) {
    check(`${ad}: one impression and one complete per break played`, () => {
      assert.equal(hits[`/track/impression?ad=${ad}`], 5);
      assert.equal(hits[`/track/complete?ad=${ad}`], 5);
    });
  }
});
