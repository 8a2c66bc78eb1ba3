// hls.js joins the server-guided live channel in the middle of a break, in Chromium: it
// asks for the break's asset list with _HLS_start_offset, gets the whole break (placed
// from its start), starts at the asset its offset falls in (the second ad), plays it and
// the slate, and resumes the live content; the ad it joined after is never counted, the
// one it played is counted once.
import assert from 'node:assert/strict';
import { runPlayerTest, playLive, assetErrors, hitsOnceArrived } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  // The channel's clock starts at its first request, at channel time 36 s; its break
  // runs 24-54 s of each 60 s loop.
  await fetch(`${stack.fixturesUrl}/live/daterange/media/content/360p/index.m3u8`);
  const started = Date.now();
  // Join at channel time 61 s: the last complete segment ends at 60 s, and hls.js
  // starts three target durations (18 s) behind it, at 42 s: 18 s into the break, in
  // its second ad (15-25 s).
  const channelTime = () => 36 + (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, Math.max(0, (61 - channelTime()) * 1000)));

  const master = `${stack.ssaiUrl}/v1/master/live-guided/daterange/media/content/master.m3u8`;
  const played = await playLive({
    stack, master, page: 'guided.html', timeoutMs: 60_000,
    until: () => window.ssaiPlayback.fatal || window.ssaiPlayback.interstitials.some((e) => e.type === 'primary-resumed'),
  });
  keep(played.browser);
  const { state } = played;
  const events = state.interstitials.map((e) => e.type);
  check('no fatal player error', () => assert.equal(state.fatal, null, JSON.stringify(state.errors)));
  const list = state.interstitials.find((e) => e.type === 'asset-list');
  check('the asset list was asked for with the join offset, and is the whole break', () => {
    assert.ok(list, events.join(' '));
    assert.ok(Number(list.offset) > 15 && Number(list.offset) < 25, `offset ${list.offset}`);
    assert.equal(list.assets, 3);
  });
  check('playback began with the asset the offset falls in (the second ad), then the slate', () => {
    const assets = state.interstitials.filter((e) => e.type === 'asset-started').map((e) => e.index);
    assert.deepEqual(assets, [1, 2], events.join(' '));
    assert.deepEqual(assetErrors(state), [], events.join(' '));
  });
  check('the live content resumed', () => assert.ok(events.includes('primary-resumed'), events.join(' ')));

  const hits = await hitsOnceArrived(stack, { '/track/complete?ad=blue-10': 1 });
  await new Promise((r) => setTimeout(r, 500));
  Object.assign(hits, await stack.hits());
  check('the ad joined after is never counted', () => {
    assert.equal(hits['/track/impression?ad=bars-15'] ?? 0, 0, JSON.stringify(hits));
    assert.equal(hits['/track/complete?ad=bars-15'] ?? 0, 0);
  });
  check('the ad played is counted once', () => {
    assert.equal(hits['/track/impression?ad=blue-10'], 1, JSON.stringify(hits));
    assert.equal(hits['/track/complete?ad=blue-10'], 1);
  });
});
