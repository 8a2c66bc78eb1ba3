// Plays the stitched demo stream to the end in headless Chromium with hls.js and checks
// what a viewer and an advertiser would: no fatal error, every discontinuity crossed
// (content -> ad 1 -> ad 2 -> slate -> content), the end reached, and each ad's
// impression counted exactly once, and only once its segments were fetched.
import assert from 'node:assert/strict';
import { runPlayerTest, playToEnd } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  const master = `${stack.ssaiUrl}/v1/master/demo/content/master.m3u8`;

  // A client that only reads manifests (a prefetching proxy, a monitoring probe) must
  // not make anyone pay for an impression.
  const text = await (await fetch(master)).text();
  for (const variant of text.split('\n').filter((l) => l.startsWith('http'))) await (await fetch(variant)).text();
  await new Promise((r) => setTimeout(r, 300));
  const before = await stack.hits();
  check('manifest requests alone fire no impression', () => {
    assert.equal(Object.keys(before).filter((k) => k.startsWith('/track/')).length, 0, JSON.stringify(before));
  });

  const played = await playToEnd({ stack, master, rate: 2 });
  keep(played.browser);
  const { state } = played;

  check('no fatal player error', () => assert.equal(state.fatal, null));
  check('duration is content minus the break plus the pod and slate (60 s)', () => assert.ok(Math.abs(state.duration - 60) < 0.5, `${state.duration}`));
  check('crossed all four discontinuities', () => assert.deepEqual(state.discontinuities.map((d) => d.cc), [1, 2, 3, 4]));
  check('ad 1 starts at 24 s', () => assert.ok(Math.abs(state.discontinuities[0].at - 24) < 1.5, `${state.discontinuities[0]?.at}`));
  check('playback reached the end', () => { assert.ok(state.ended); assert.ok(state.currentTime > 59); });

  await new Promise((r) => setTimeout(r, 500));
  const hits = await stack.hits();
  for (const ad of ['bars-15', 'blue-10']) {
    check(`${ad}: one impression`, () => assert.equal(hits[`/track/impression?ad=${ad}`], 1));
    for (const event of ['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete']) {
      check(`${ad}: ${event} once`, () => assert.equal(hits[`/track/${event}?ad=${ad}`], 1));
    }
  }
  check('one ad decision for the session', () => assert.equal(hits['/vast/pod.xml'], 2 /* manifest-only client + player */));
});
