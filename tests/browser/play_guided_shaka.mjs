// Shaka Player 5 plays server-guided streams through its interstitial ad manager in
// Chromium: guided HLS VOD (HLS Interstitials) and guided DASH VOD (Alternative MPD
// replace events, the session carried by urn:mpeg:dash:urlparam:2025), each to the end
// with its break's ads played and the content resumed; the DASH MPD is the same bytes
// for two sessions; every ad's impression and complete reach the receiver once per
// break played, through the segment redirect. Then the live channel as guided DASH,
// through a break in real time: the break's ads play, the live content resumes, and no
// beacon of that session fires twice.
import assert from 'node:assert/strict';
import { runPlayerTest, playToEnd, playLive, hitsOnceArrived } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  // Two guided DASH sessions: redirected to one shared MPD, their ids in its query.
  const start = `${stack.ssaiUrl}/v1/dash/guided/dash/number/manifest.mpd`;
  const starts = await Promise.all([1, 2].map(() => fetch(start, { redirect: 'manual' })));
  const locations = starts.map((r) => r.headers.get('location') ?? '');
  check('a guided DASH session starts with a redirect to the shared MPD', () => {
    for (const location of locations) assert.match(location, /\/v1\/guided\/guided\/dash\/number\/manifest\.mpd\?ssai_session=[0-9a-f]{32}$/);
    assert.notEqual(locations[0], locations[1]);
  });
  const mpds = await Promise.all(locations.map(async (l) => (await fetch(l)).text()));
  check('both sessions read the same MPD bytes', () => assert.equal(mpds[0], mpds[1]));
  check('the MPD announces the break as an Alternative MPD replace event', () => {
    assert.match(mpds[0], /schemeIdUri="urn:mpeg:dash:event:alternativeMPD:replace:2025"/);
    assert.match(mpds[0], /<RequestParam includeInRequests="altmpd" useMPDUrlQuery="true" queryTemplate="\$querypart\$"\s*\/>/);
    assert.ok(!mpds[0].includes('ssai_session'), 'no session in the shared MPD');
  });

  const cases = [
    { name: 'guided HLS VOD', src: `${stack.ssaiUrl}/v1/master/guided/content/master.m3u8` },
    { name: 'guided DASH VOD', src: start },
  ];
  for (const c of cases) {
    const { browser, state } = await playToEnd({ stack, master: c.src, rate: 4, everywhere: true, page: 'shaka-guided.html', timeoutMs: 120_000 });
    keep(browser);
    const events = state.ads.map((e) => e.type);
    check(`${c.name}: no fatal error`, () => assert.equal(state.fatal, null, JSON.stringify(state.errors)));
    check(`${c.name}: played to the end`, () => assert.ok(state.ended, `stopped at ${state.currentTime}`));
    check(`${c.name}: the break started, its ads played, it ended`, () => {
      const started = events.indexOf('ad-break-started');
      const ended = events.lastIndexOf('ad-break-ended');
      assert.ok(started >= 0 && ended > started, events.join(' '));
      assert.ok(events.filter((e) => e === 'ad-started').length >= 1, events.join(' '));
      assert.ok(!events.includes('ad-error'), events.join(' '));
    });
    check(`${c.name}: the ads came through the segment redirect`, () =>
      assert.ok(state.segments.some((s) => s.kind === 'ad'), JSON.stringify(state.segments.slice(0, 5))));
    check(`${c.name}: content resumed after the break`, () => {
      const runs = state.segments.map((s) => s.kind).filter((kind, i, all) => i === 0 || all[i - 1] !== kind);
      assert.ok(runs.join(',').match(/ad,(slate,)?content/), runs.join(','));
    });
  }

  const wanted = Object.fromEntries(['bars-15', 'blue-10'].flatMap((ad) =>
    ['impression', 'complete'].map((event) => [`/track/${event}?ad=${ad}`, 2])));
  await hitsOnceArrived(stack, wanted);
  await new Promise((r) => setTimeout(r, 500));  // and nothing more after them
  const hits = await stack.hits();
  for (const ad of ['bars-15', 'blue-10']) {
    check(`${ad}: one impression and one complete per session played (two)`, () => {
      assert.equal(hits[`/track/impression?ad=${ad}`], 2, JSON.stringify(hits));
      assert.equal(hits[`/track/complete?ad=${ad}`], 2, JSON.stringify(hits));
    });
  }

  // Live: until a break has been played through and the content resumed.
  const live = `${stack.ssaiUrl}/v1/dash/live-guided/elemental/media/dash/number/manifest.mpd`;
  const played = await playLive({
    stack, master: live, page: 'shaka-guided.html', timeoutMs: 150_000,
    until: () => window.ssaiPlayback.fatal ||
      (window.ssaiPlayback.ads.some((e) => e.type === 'ad-break-ended') &&
       window.ssaiPlayback.segments.slice(-3).every((s) => s.kind === 'content')),
  });
  keep(played.browser);
  const liveEvents = played.state.ads.map((e) => e.type);
  check('guided DASH live: no fatal error', () => assert.equal(played.state.fatal, null, JSON.stringify(played.state.errors)));
  check('guided DASH live: a break started, its ads played, it ended', () => {
    const started = liveEvents.indexOf('ad-break-started');
    assert.ok(started >= 0 && liveEvents.indexOf('ad-break-ended', started) > started, liveEvents.join(' '));
    assert.ok(liveEvents.includes('ad-started'), liveEvents.join(' '));
  });
  check('guided DASH live: the ads came through the segment redirect, then the live content', () => {
    const runs = played.state.segments.map((s) => s.kind).filter((kind, i, all) => i === 0 || all[i - 1] !== kind);
    assert.ok(runs.join(',').match(/ad,(slate,)?content/), runs.join(','));
  });
  await new Promise((r) => setTimeout(r, 500));
  const after = await stack.hits();
  check('guided DASH live: no beacon fired twice, at least one impression', () => {
    let impressions = 0;
    for (const ad of ['bars-15', 'blue-10']) {
      for (const event of ['impression', 'complete']) {
        const delta = (after[`/track/${event}?ad=${ad}`] ?? 0) - (hits[`/track/${event}?ad=${ad}`] ?? 0);
        assert.ok(delta <= 1, `${ad} ${event}: ${delta}`);
        if (event === 'impression') impressions += delta;
      }
    }
    assert.ok(impressions >= 1, JSON.stringify(after));
  });
});
