// Plays the stitched demo stream to the end in headless Chromium with hls.js and checks
// what a viewer and an advertiser would: no fatal error, every discontinuity crossed
// (content -> ad 1 -> ad 2 -> slate -> content), the end reached, and each ad's
// impression counted exactly once, and only once its segments were fetched.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { runPlayerTest, playToEnd } from './support.mjs';

const kFunnel = ['impression', 'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'];

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

  // Server-side beacons arrive in order, each no sooner than playback could reach it
  // (the ad's first fetch plus the event's place in the ad, in real time).
  const at = await stack.deliveredAt();
  for (const [ad, seconds] of [['bars-15', 15], ['blue-10', 10]]) {
    const times = kFunnel.map((event) => at[`/track/${event}?ad=${ad}`]);
    // Impression and start are due at the same instant and go in parallel: either may
    // land first; from the later of them on, the quartiles follow in order.
    const steps = [Math.max(times[0], times[1]), ...times.slice(2)];
    check(`${ad}: beacons arrived in funnel order`, () => assert.deepEqual([...steps].sort((a, b) => a - b), steps, JSON.stringify(times)));
    check(`${ad}: complete came no sooner than the ad's length after its impression`, () =>
      assert.ok(times[5] - times[0] >= seconds * 1000 - 250, `${times[5] - times[0]} ms`));
    check(`${ad}: midpoint came no sooner than half the ad after its impression`, () =>
      assert.ok(times[3] - times[0] >= seconds * 500 - 250, `${times[3] - times[0]} ms`));
  }

  // The built-in dashboard shows this session's impressions; its screenshot is kept.
  const page = await played.browser.newPage();
  await page.goto(`${stack.ssaiUrl}/dashboard#token=${stack.adminToken}`);
  await page.waitForFunction(() => Number(document.getElementById('impressions').textContent) > 0, null, { timeout: 15_000 })
    .catch(() => {});
  const shown = await page.evaluate(() => ({
    impressions: Number(document.getElementById('impressions').textContent),
    decisions: Number(document.getElementById('decisions').textContent),
    fillRate: document.getElementById('fill-rate').textContent,
    status: document.getElementById('status').textContent,
  }));
  check('dashboard: connected to the event stream', () => assert.equal(shown.status, 'live'));
  check('dashboard: shows the two impressions', () => assert.equal(shown.impressions, 2, JSON.stringify(shown)));
  check('dashboard: shows a decision and its fill rate', () => {
    assert.ok(shown.decisions >= 1, JSON.stringify(shown));
    assert.match(shown.fillRate, /^[0-9]+%$/);
  });
  const artifacts = process.env.SSAI_ARTIFACTS || path.join(process.cwd(), 'artifacts');
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, 'dashboard.png'), fullPage: true });
  console.log(`# dashboard screenshot: ${path.join(artifacts, 'dashboard.png')}`);
});
