// hls.js 1.7 joins the server-guided live channel of a configuration with a live
// pre-roll, in Chromium: the shared playlist announces the pre-roll (CUE="PRE,ONCE"),
// the player asks its session's asset list, plays its two ads (25 s of the 30 allowed),
// then joins the live content near its edge and plays on without freezing; each of the
// pre-roll's ads is counted once. hls.js 1.6 froze at that join (it resumed the content at the window's
// start, hls.js issue 7845, fixed in 1.7.0): this page runs hls.js 1.7.
import assert from 'node:assert/strict';
import { runPlayerTest, playLive, assetErrors } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  // The channel's clock starts at its first request, at channel time 36 s; its breaks
  // run 24-54 s of each 60 s loop. Joined at about 56 s: hls.js may resume the content
  // after the pre-roll inside a break (it then plays that break, from its offset).
  await fetch(`${stack.fixturesUrl}/live/daterange/media/content/360p/index.m3u8`);
  const started = Date.now();
  const channelTime = () => 36 + (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, Math.max(0, (56 - channelTime()) * 1000)));

  const master = `${stack.ssaiUrl}/v1/master/live-guided-preroll/daterange/media/content/master.m3u8`;
  const played = await playLive({
    stack, master, page: 'guided.html?hls=1.7', timeoutMs: 90_000,
    // Eight seconds of content after the pre-roll.
    until: () => {
      const s = window.ssaiPlayback;
      const resumed = s.interstitials.find((e) => e.type === 'primary-resumed');
      return s.fatal || (resumed && performance.now() / 1000 - resumed.wall > 8);
    },
  });
  keep(played.browser);
  const { state } = played;
  const events = state.interstitials.map((e) => e.type);
  check('no fatal player error', () => assert.equal(state.fatal, null, JSON.stringify(state.errors)));
  check('the pre-roll came first, its asset list the two ads', () => {
    const first = state.interstitials.find((e) => e.type === 'started');
    assert.equal(first?.id, 'live-preroll', events.join(' '));
    const list = state.interstitials.find((e) => e.type === 'asset-list' && e.id === 'live-preroll');
    assert.equal(list?.assets, 2, events.join(' '));
  });
  check('both ads played through, 15 and 10 s', () => {
    const ended = state.interstitials.filter((e) => e.type === 'asset-ended').slice(0, 2);
    assert.deepEqual(ended.map((e) => e.index), [0, 1], events.join(' '));
    assert.ok(Math.abs(ended[0].played - 15) < 0.5 && Math.abs(ended[1].played - 10) < 0.5, JSON.stringify(ended));
    assert.deepEqual(assetErrors(state).filter((e) => !e.includes('bufferAppendNoProgress')), [], events.join(' '));
  });
  const resumed = state.interstitials.find((e) => e.type === 'primary-resumed');
  check('then the live content played on: no freeze, no stall over 0.5 s', () => {
    assert.ok(resumed, events.join(' '));
    // The content advanced at least 5 s, or reached a break after it (then the element
    // plays that break's asset, and its time is the asset's).
    const later = state.interstitials.some((e) => e.type === 'started' && e.wall > resumed.wall);
    assert.ok(later || state.currentTime - resumed.primary >= 5, `from ${resumed.primary} to ${state.currentTime}; ${events.join(' ')}`);
    assert.ok(state.longestStall <= 0.5, `${state.longestStall}`);
  });
  check('near the live edge (hls.js keeps three target durations, 18 s)', () => {
    assert.ok(state.latency > 0 && state.latency < 30, `${state.latency} s behind`);
  });
  // The pre-roll's own beacons, from the session's audit trail (the same two ads may
  // also play in a break after it): each impression and complete sent once.
  const asset = state.interstitials.find((e) => e.type === 'asset-started');
  const session = asset?.uri.match(/\/v1\/adplaylist\/([0-9a-f]+)\/live-preroll\//)?.[1];
  check('the pre-roll\'s ads are its session\'s', () => assert.ok(session, asset?.uri));
  const wanted = ['0:impression', '0:complete', '1:impression', '1:complete'];
  const sentOf = (trail) => trail.beacons.filter((b) => b.avail === 'live-preroll' && b.state === 'sent').map((b) => `${b.ad}:${b.event}`);
  let trail = { beacons: [] };
  for (const until = Date.now() + 60_000; session && Date.now() < until;) {
    trail = await (await fetch(`${stack.ssaiUrl}/v1/sessions/${session}/beacons`)).json();
    if (wanted.every((w) => sentOf(trail).includes(w))) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  check('each pre-roll ad\'s impression and complete sent once', () => {
    const sent = sentOf(trail);
    for (const w of wanted) assert.equal(sent.filter((x) => x === w).length, 1, `${w}: ${JSON.stringify(sent)}`);
  });
});
