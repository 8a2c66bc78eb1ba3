// Starts the fixture server and `ssai serve` on free loopback ports, for browser tests.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

// Spawns `ssai ARGS` and resolves with its port once it prints "listening on http://HOST:PORT".
export function startServer(bin, args, name) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 10 s: ${err}`)), 10_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on http:\/\/[^:]+:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), stderr: () => err });
      }
    });
    child.stderr.on('data', (chunk) => { err += chunk; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited with ${code}: ${err}`)); });
  });
}

// The fixture server, ssai with a playback configuration "demo" pointing at it, and
// hls.js copied next to the demo page.
const adminToken = 'browser-tests-admin-token';

export async function startStack({ bin, fixturesDir: given }) {
  const fixturesDir = path.resolve(given);
  const require = createRequire(import.meta.url);
  mkdirSync(path.join(fixturesDir, 'web'), { recursive: true });
  copyFileSync(require.resolve('hls.js/dist/hls.min.js'), path.join(fixturesDir, 'web', 'hls.min.js'));
  // hls.js 1.7 as well, for what 1.6 cannot play (a live pre-roll: guided.html?hls=1.7).
  copyFileSync(require.resolve('hls.js-1.7/dist/hls.min.js'), path.join(fixturesDir, 'web', 'hls-1.7.min.js'));
  copyFileSync(require.resolve('shaka-player/dist/shaka-player.compiled.js'), path.join(fixturesDir, 'web', 'shaka-player.compiled.js'));
  // Shaka Player 5 (its interstitial ad manager) for the server-guided pages.
  copyFileSync(require.resolve('shaka-player-5/dist/shaka-player.compiled.js'), path.join(fixturesDir, 'web', 'shaka-player-5.compiled.js'));
  // dash.js exports no path to its browser bundle: found in node_modules beside us.
  const dashjs = new URL('./node_modules/dashjs/dist/modern/umd/dash.all.min.js', import.meta.url);
  copyFileSync(dashjs, path.join(fixturesDir, 'web', 'dash.all.min.js'));
  // The fixture server is its own binary (tools/fixtures), built beside ssai.
  const fixturesBin = path.join(path.dirname(bin), 'ssai-fixtures');
  const fixtures = await startServer(fixturesBin, ['serve', '--dir', fixturesDir, '--listen', '127.0.0.1:0'], 'fixture server');
  const fx = `http://127.0.0.1:${fixtures.port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'ssai-browser-'));
  const config = path.join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({
    listen: '127.0.0.1:0',
    // Loopback is refused unless allowed: exactly the fixture server.
    outbound: { allow: [`127.0.0.1:${fixtures.port}`] },
    admin_token: adminToken,
    ad_renditions: { dir: path.join(fixturesDir, 'media', 'ads'), base_url: `${fx}/media/ads/` },
    playback_configurations: {
      demo: {
        content_origin: `${fx}/media/`,
        ad_decision_server: `${fx}/vast/pod.xml?session=[session.id]&duration=[session.avail_duration_secs]`,
        slate_url: `${fx}/media/creatives/slate.mp4`,
      },
      // The same content and ads, server-guided (HLS Interstitials).
      guided: {
        content_origin: `${fx}/media/`,
        ad_decision_server: `${fx}/vast/pod.xml?session=[session.id]&duration=[session.avail_duration_secs]`,
        slate_url: `${fx}/media/creatives/slate.mp4`,
        insertion_mode: 'guided',
      },
      // Guided, with an ad server that has nothing to sell: no asset list can be
      // answered (no slate either, so that nothing else could fill the break).
      'guided-empty': {
        content_origin: `${fx}/media/`,
        ad_decision_server: `${fx}/vast/empty.xml`,
        insertion_mode: 'guided',
      },
      // Content with a pre-roll, a mid-roll at 30 s and a post-roll (insertion points
      // its own cues mark: fixtures/origin/rolls), server-guided.
      'guided-rolls': {
        content_origin: `${fx}/origin/`,
        ad_decision_server: `${fx}/vast/pod.xml?session=[session.id]`,
        insertion_mode: 'guided',
      },
      vmap: {
        content_origin: `${fx}/media/`,
        ad_decision_server: `${fx}/vast/vmap.xml?session=[session.id]`,
        vod_ad_schedule: 'vmap',
      },
      // The live channel, server-guided (its dated dialects: /live/daterange/...).
      'live-guided': {
        content_origin: `${fx}/live/`,
        ad_decision_server: `${fx}/vast/pod.xml?session=[session.id]&duration=[session.avail_duration_secs]`,
        slate_url: `${fx}/media/creatives/slate.mp4`,
        insertion_mode: 'guided',
      },
      // The same with a live pre-roll of at most 30 s: the pod (two ads, 25 s).
      'live-guided-preroll': {
        content_origin: `${fx}/live/`,
        ad_decision_server: `${fx}/vast/pod.xml?session=[session.id]&duration=[session.avail_duration_secs]`,
        slate_url: `${fx}/media/creatives/slate.mp4`,
        insertion_mode: 'guided',
        live_preroll: { ad_decision_server: `${fx}/vast/pod.xml?preroll=[session.id]`, max_duration_seconds: 30 },
      },
      // The fixture server's live channel: /live/{dialect}/{VOD playlist}.
      live: {
        content_origin: `${fx}/live/`,
        ad_decision_server: `${fx}/vast/pod.xml?session=[session.id]&duration=[session.avail_duration_secs]`,
        slate_url: `${fx}/media/creatives/slate.mp4`,
      },
    },
  }));
  let ssai;
  try {
    ssai = await startServer(bin, ['serve', '--config', config], 'ssai');
  } catch (e) {
    fixtures.child.kill();
    throw e;
  }
  return {
    fixturesUrl: fx,
    ssaiUrl: `http://127.0.0.1:${ssai.port}`,
    ssaiLog: ssai.stderr,
    adminToken,
    hits: async () => (await fetch(`${fx}/_hits`)).json(),
    deliveredAt: async () => (await fetch(`${fx}/_delivered_at`)).json(),
    stop: () => { ssai.child.kill(); fixtures.child.kill(); },
  };
}

// Headless Chromium from Debian, with the flags a closed network needs.
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

// The binary and fixtures the browser tests need, from the environment ctest sets.
export function testEnvironment() {
  const bin = process.env.SSAI_BIN;
  const fixturesDir = process.env.SSAI_FIXTURES;
  if (!bin || !fixturesDir) {
    console.error('set SSAI_BIN and SSAI_FIXTURES');
    process.exit(2);
  }
  return { bin, fixturesDir };
}

// TAP-like checks: each prints ok / not ok; `summary()` prints the totals and gives the
// process exit code.
export function checks() {
  const counts = { passed: 0, failed: 0 };
  const check = (name, fn) => {
    try {
      fn();
      counts.passed += 1;
      console.log(`ok - ${name}`);
    } catch (e) {
      counts.failed += 1;
      console.log(`not ok - ${name}: ${e.message}`);
    }
  };
  const summary = () => {
    console.log(`${counts.passed} passed, ${counts.failed} failed`);
    return counts.failed ? 1 : 0;
  };
  return { check, counts, summary };
}

// Runs one browser test: starts the stack, runs `body({ stack, check, keep })` (`keep`
// a browser to close at the end), reports a thrown error with ssai's log, stops
// everything and exits with the checks' verdict.
export async function runPlayerTest(body) {
  const { bin, fixturesDir } = testEnvironment();
  const stack = await startStack({ bin, fixturesDir });
  const { check, counts, summary } = checks();
  const browsers = [];
  try {
    await body({ stack, check, keep: (browser) => browsers.push(browser) });
  } catch (e) {
    counts.failed += 1;
    console.log(`not ok - ${e.stack}`);
    console.log(stack.ssaiLog());
  } finally {
    for (const browser of browsers) await browser.close();
    stack.stop();
  }
  process.exit(summary());
}

// Each of the fixture pod's ads counted once by the ad server: one impression, one
// complete (after a moment for the last beacons to land).
export async function checkPodCountedOnce(stack, check) {
  await new Promise((r) => setTimeout(r, 500));
  const hits = await stack.hits();
  for (const ad of ['bars-15', 'blue-10']) {
    check(`${ad}: one impression and one complete`, () => {
      assert.equal(hits[`/track/impression?ad=${ad}`], 1);
      assert.equal(hits[`/track/complete?ad=${ad}`], 1);
    });
  }
}

// The fixture receiver's hits once every beacon wanted has arrived: `wanted` maps a
// path to its count. Beacons are held until playback at 1x could have reached them, so
// a player faster than that gets them later; past `timeoutMs` the hits are returned as
// they are, for the caller's checks to fail on.
export async function hitsOnceArrived(stack, wanted, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const hits = await stack.hits();
    const arrived = Object.entries(wanted).every(([key, count]) => (hits[key] ?? 0) >= count);
    if (arrived || Date.now() > until) return hits;
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Opens the demo page on `master` in headless Chromium and waits until it plays. The
// caller closes the browser it returns.
async function openPlayer({ stack, master, page: pageName = 'index.html' }) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs,
    env: { ...process.env, HOME: mkdtempSync(path.join(tmpdir(), 'ssai-chromium-')) } });
  const page = await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log(`[page] ${m.text()}`); });
  const join = pageName.includes('?') ? '&' : '?';
  await page.goto(`${stack.fixturesUrl}/web/${pageName}${join}src=${encodeURIComponent(master)}`);
  await page.waitForFunction(() => document.querySelector('video').currentTime > 0, null, { timeout: 20_000 });
  return { browser, page };
}

async function playbackState(page) {
  const state = await page.evaluate(() => ({ ...window.ssaiPlayback, currentTime: document.querySelector('video').currentTime,
    duration: document.querySelector('video').duration }));
  console.log(JSON.stringify(state));
  return state;
}

// Plays `master` at `rate` in the demo page `page` (index.html: hls.js, shaka.html:
// Shaka Player, dashjs.html: dash.js) until it ends or fails fatally; resolves with the page's
// playback record plus the video's time and duration. `during`: { at, action } runs
// `action` in the page once the video passes `at` seconds (the record gets switchedAt).
// The caller closes the browser.
// `everywhere`: the rate holds for ads played in the same element from sources of their
// own (interstitials), which otherwise start at 1x.
export async function playToEnd({ stack, master, rate, timeoutMs = 90_000, during, page: pageName, everywhere = false }) {
  const { browser, page } = await openPlayer({ stack, master, page: pageName });
  // Faster than real time keeps tests short; hls.js buffers far ahead on loopback.
  await page.evaluate(([r, all]) => {
    const video = document.querySelector('video');
    if (all) video.defaultPlaybackRate = r;
    video.playbackRate = r;
  }, [rate, everywhere]);
  if (during) {
    await page.waitForFunction((at) => document.querySelector('video').currentTime >= at, during.at, { timeout: timeoutMs, polling: 100 });
    await page.evaluate(during.action);
    await page.evaluate(() => { window.ssaiPlayback.switchedAt = document.querySelector('video').currentTime; });
  }
  await page.waitForFunction(() => window.ssaiPlayback.ended || window.ssaiPlayback.fatal, null, { timeout: timeoutMs, polling: 250 })
    .catch(() => {});
  return { browser, state: await playbackState(page) };
}

// Plays a live `master` in real time (a live edge cannot be outrun) in the demo page
// `page` (index.html: hls.js, shaka.html: Shaka Player) until `until(state)`
// holds or `timeoutMs` passes; resolves like playToEnd.
export async function playLive({ stack, master, until, timeoutMs = 90_000, page: pageName }) {
  const { browser, page } = await openPlayer({ stack, master, page: pageName });
  await page.waitForFunction(until, null, { timeout: timeoutMs, polling: 250 }).catch(() => {});
  return { browser, state: await playbackState(page) };
}

// What `ssai vast parse FILE` reads in a VAST or VMAP file (JSON), or its error.
export function ssaiVastParse(bin, file) {
  try {
    return JSON.parse(execFileSync(bin, ['vast', 'parse', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (e) {
    return { error: (e.stderr || e.message).toString().trim() };
  }
}

// The interstitial asset errors a guided page recorded, but for hls.js's nudge over a
// gap at the start of a TS ad (bufferSeekOverHole: it plays on, a tenth of a second
// later; the ads' first PTS is issue 25's).
export function assetErrors(state) {
  return state.interstitials.filter((e) => e.type === 'asset-error' && e.details !== 'bufferSeekOverHole')
    .map((e) => `${e.index}: ${e.details} ${e.error}`);
}
