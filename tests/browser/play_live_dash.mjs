// Shaka Player and dash.js play the stitched live DASH channel in real time through two
// breaks: the fixture's dynamic MPD (a Period per 60 s loop, a 30 s break in each), the
// session's ad and slate periods put in at each splice point, reloaded every 2 s. Both
// players run at once, each on its own session.
//   Shaka:   dash/number   ($Number$ + @duration, 2014:xml+bin cues)
//   dash.js: dash/timeline (SegmentTimeline growing with each update, 2013:xml cues)
import assert from 'node:assert/strict';
import { runPlayerTest, playLive } from './support.mjs';

const adSegment = /\/v1\/segment\/[0-9a-f]+\/([^/]+)\/(\d+)\/\d+\/\d+\.m4s/;

await runPlayerTest(async ({ stack, check, keep }) => {
  const cases = [
    { player: 'Shaka', page: 'shaka.html', path: 'dash/number/manifest.mpd' },
    { player: 'dash.js', page: 'dashjs.html', path: 'dash/timeline/manifest.mpd' },
  ];
  // Until both ads of the second break have been fetched, and content after them (the
  // first break may be under way when the player joins). Not sooner: a content segment
  // of another track fetched while the second break's first ad plays is no end of it.
  const until = () => {
    const s = window.ssaiPlayback;
    if (s.fatal) return true;
    const ads = new Map();  // break -> the ads of it fetched
    for (const seg of s.segments) {
      const m = seg.uri.match(/\/v1\/segment\/[0-9a-f]+\/([^/]+)\/(\d+)\//);
      if (m) ads.set(m[1], (ads.get(m[1]) || new Set()).add(m[2]));
    }
    const second = [...ads.values()][1];
    if (!second || !second.has('0') || !second.has('1')) return false;
    return s.segments.findLastIndex((x) => x.kind === 'content') > s.segments.findLastIndex((x) => x.kind !== 'content');
  };
  const runs = await Promise.all(cases.map((c) => playLive({
    stack, master: `${stack.ssaiUrl}/v1/dash/live/cue-out/media/${c.path}?player=${encodeURIComponent(c.player)}`,
    page: c.page, until, timeoutMs: 150_000,
  })));
  for (const [i, c] of cases.entries()) {
    const { browser, state } = runs[i];
    keep(browser);
    const name = `${c.player} on live ${c.path}`;
    check(`${name}: no fatal error`, () => assert.equal(state.fatal, null, JSON.stringify(state.errors)));
    const ads = state.segments.filter((s) => s.kind === 'ad').map((s) => s.uri.match(adSegment)?.slice(1));
    const avails = [...new Set(ads.map(([avail]) => avail))];
    check(`${name}: the ads of two breaks`, () => assert.ok(avails.length >= 2, avails.join(',')));
    check(`${name}: both ads of the second break, then its slate`, () => {
      const second = new Set(ads.filter(([avail]) => avail === avails[1]).map(([, ad]) => ad));
      assert.deepEqual([...second].sort(), ['0', '1']);
      const kinds = state.segments.map((s) => s.kind).filter((kind, j, all) => j === 0 || all[j - 1] !== kind);
      assert.ok(kinds.join(',').includes('ad,slate,content'), kinds.join(','));
    });
    check(`${name}: no stall over 1 s once playing`, () => assert.ok(state.longestStall < 1, `${state.longestStall}`));
  }
});
