// Plays a server-guided session (HLS Interstitials) to the end in headless Chromium with
// hls.js: the content playlist is the same for two sessions; the player loads this
// session's asset list, plays each asset (two ads, then slate) in order, resumes the
// content where X-RESUME-OFFSET says, and reaches the end without a fatal error; each
// ad's impression and quartiles reach the fixture receiver once, through the segment
// redirect, no sooner than playback could reach them.
import assert from 'node:assert/strict';
import { runPlayerTest, playToEnd, assetErrors } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  const master = `${stack.ssaiUrl}/v1/master/guided/content/master.m3u8`;

  // Two sessions read the same content playlist, byte for byte; each has its own id.
  const masters = await Promise.all([1, 2].map(async () => (await fetch(master)).text()));
  const variant = (text) => text.split('\n').find((l) => l.startsWith('http'));
  check('both sessions point at one shared content playlist', () => assert.equal(variant(masters[0]), variant(masters[1])));
  const ids = masters.map((text) => /VALUE="([0-9a-f]{32})"/.exec(text)?.[1]);
  check('each session defines its own id for the playlist to import', () => {
    assert.ok(ids[0] && ids[1]);
    assert.notEqual(ids[0], ids[1]);
  });
  const shared = await fetch(variant(masters[0]));
  const sharedText = await shared.text();
  check('the shared playlist is cacheable', () => assert.match(shared.headers.get('cache-control') ?? '', /^public, max-age=\d+$/));
  check('the shared playlist announces the break as an interstitial', () =>
    assert.match(sharedText, /CLASS="com.apple.hls.interstitial"/));

  const played = await playToEnd({ stack, master, rate: 2, page: 'guided.html' });
  keep(played.browser);
  const { state } = played;
  const events = state.interstitials.map((e) => e.type);

  check('no fatal player error', () => assert.equal(state.fatal, null));
  check('playback reached the end', () => { assert.ok(state.ended); assert.ok(state.currentTime > 59, `${state.currentTime}`); });
  check('the asset list was loaded with its three assets', () => {
    const list = state.interstitials.find((e) => e.type === 'asset-list');
    assert.ok(list, JSON.stringify(state.interstitials));
    assert.equal(list.assets, 3);
  });
  check('the interstitial started, played its assets in order, ended, and the content resumed', () => {
    const started = events.indexOf('started');
    const ended = events.indexOf('ended');
    const resumed = events.indexOf('primary-resumed');
    assert.ok(started >= 0 && ended > started && resumed > started, events.join(' '));
    const assets = state.interstitials.filter((e) => e.type === 'asset-started').map((e) => e.index);
    assert.deepEqual(assets, [0, 1, 2], events.join(' '));
    assert.deepEqual(assetErrors(state), [], events.join(' '));
  });
  check('the break began at 24 s of content', () => {
    const started = state.interstitials.find((e) => e.type === 'started');
    assert.ok(Math.abs(started.at - 24) < 1.5, `${started.at}`);
  });
  check('each asset played through: 15, 10 and 5 s', () => {
    const ended = state.interstitials.filter((e) => e.type === 'asset-ended');
    [15, 10, 5].forEach((seconds, i) => {
      assert.ok(ended[i] && Math.abs(ended[i].played - seconds) < 0.5, `asset ${i}: ${JSON.stringify(ended[i])}`);
    });
  });
  check('the content resumed at 54 s, where X-RESUME-OFFSET (30 s after the break) puts it', () => {
    const resumed = state.interstitials.find((e) => e.type === 'primary-resumed');
    assert.ok(resumed && Math.abs(resumed.primary - 54) < 1.5, JSON.stringify(resumed));
  });
  check('no stall longer than 0.5 s', () => assert.ok(state.longestStall <= 0.5, `${state.longestStall}`));

  await new Promise((r) => setTimeout(r, 500));
  const hits = await stack.hits();
  for (const ad of ['bars-15', 'blue-10']) {
    check(`${ad}: one impression`, () => assert.equal(hits[`/track/impression?ad=${ad}`], 1, JSON.stringify(hits)));
    for (const event of ['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']) {
      check(`${ad}: ${event} once`, () => assert.equal(hits[`/track/${event}?ad=${ad}`], 1));
    }
  }
  const at = await stack.deliveredAt();
  for (const [ad, seconds] of [['bars-15', 15], ['blue-10', 10]]) {
    check(`${ad}: complete came no sooner than the ad's length after its impression`, () =>
      assert.ok(at[`/track/complete?ad=${ad}`] - at[`/track/impression?ad=${ad}`] >= seconds * 1000 - 250));
  }
});
