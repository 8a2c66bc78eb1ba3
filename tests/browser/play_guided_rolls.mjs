// hls.js plays server-guided VOD whose cues mark a pre-roll, a mid-roll at 30 s and a
// post-roll (insertion points: fixtures/origin/rolls) in Chromium: the shared playlist
// announces them with CUE="PRE", a point and CUE="POST"; each break's pod (15 s and
// 10 s) plays in order, the content resumes where it stopped (X-RESUME-OFFSET=0:
// nothing of it is skipped), playback reaches the end without a fatal error, and each
// ad's impression and complete reach the receiver once per break (played at 4x, ads
// included: the beacons, held to 1x, arrive later).
import assert from 'node:assert/strict';
import { runPlayerTest, playToEnd, assetErrors, hitsOnceArrived } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  const master = `${stack.ssaiUrl}/v1/master/guided-rolls/rolls/master.m3u8`;
  const masterText = await (await fetch(master)).text();
  const variant = masterText.split('\n').find((l) => l.startsWith('http'));
  const shared = await (await fetch(variant)).text();
  const dateranges = shared.split('\n').filter((l) => l.startsWith('#EXT-X-DATERANGE'));
  check('the shared playlist announces a pre-roll, a mid-roll and a post-roll', () => {
    assert.equal(dateranges.length, 3, shared);
    assert.match(dateranges[0], /CUE="PRE"/);
    assert.match(dateranges[1], /START-DATE="2000-01-01T00:00:30.000Z"/);
    assert.match(dateranges[1], /X-RESUME-OFFSET=0.000,/);
    assert.match(dateranges[1], /X-TIMELINE-OCCUPIES="POINT"/);
    assert.match(dateranges[2], /CUE="POST"/);
  });

  const played = await playToEnd({ stack, master, rate: 4, everywhere: true, page: 'guided.html', timeoutMs: 150_000 });
  keep(played.browser);
  const { state } = played;
  const events = state.interstitials.map((e) => e.type);
  check('no fatal player error', () => assert.equal(state.fatal, null, JSON.stringify(state.errors)));
  check('three interstitials, each started and ended in turn', () => {
    // hls.js may report a pre-roll's start twice (scheduled, then played): once per id.
    const turns = state.interstitials.filter((e) => e.type === 'started' || e.type === 'ended')
      .map((e) => `${e.type} ${e.id}`).filter((turn, i, all) => i === 0 || all[i - 1] !== turn);
    assert.deepEqual(turns, ['started t0', 'ended t0', 'started t30000', 'ended t30000', 'started t60000', 'ended t60000'],
      events.join(' '));
    assert.deepEqual(assetErrors(state), [], events.join(' '));
  });
  check('each break played its two ads, 15 and 10 s, in order', () => {
    const assets = state.interstitials.filter((e) => e.type === 'asset-started').map((e) => e.index);
    assert.deepEqual(assets, [0, 1, 0, 1, 0, 1], events.join(' '));
    const ended = state.interstitials.filter((e) => e.type === 'asset-ended');
    ended.forEach((e, i) => assert.ok(Math.abs(e.played - [15, 10][i % 2]) < 0.5, JSON.stringify(e)));
  });
  check('the mid-roll began at 30 s of content and the content resumed there', () => {
    const started = state.interstitials.find((e) => e.type === 'started' && e.id === 't30000');
    assert.ok(started && Math.abs(started.at - 30) < 1.5, JSON.stringify(started));
    const resumed = state.interstitials.filter((e) => e.type === 'primary-resumed');
    assert.ok(resumed.some((e) => Math.abs(e.primary - 30) < 1.5), JSON.stringify(resumed));
  });
  check('playback reached the end of the content (60 s)', () => {
    assert.ok(state.ended || events.at(-1) === 'ended', `${state.currentTime} ${events.join(' ')}`);
  });

  const wanted = Object.fromEntries(['bars-15', 'blue-10'].flatMap((ad) =>
    ['impression', 'complete'].map((event) => [`/track/${event}?ad=${ad}`, 3])));
  const hits = await hitsOnceArrived(stack, wanted);
  await new Promise((r) => setTimeout(r, 500));  // and nothing more after them
  Object.assign(hits, await stack.hits());
  for (const ad of ['bars-15', 'blue-10']) {
    check(`${ad}: one impression and one complete per break (three)`, () => {
      assert.equal(hits[`/track/impression?ad=${ad}`], 3, JSON.stringify(hits));
      assert.equal(hits[`/track/complete?ad=${ad}`], 3, JSON.stringify(hits));
    });
  }
});
