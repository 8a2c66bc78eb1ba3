// Players joining the stitched live DASH channel (SegmentTimeline) at several points of
// its 60 s loop must all start: inside a break, near its end, just after the content
// resumes (the split period's first segment not complete yet), just after a loop's
// period begins (the origin's next period has no complete segment yet) and in plain
// content. dash.js 5 once failed one join in four here ("Cannot read properties of null
// (reading 'range')": an empty SegmentTimeline left it without a DVR window).
// Each join is a new session in its own page; dash.js and Shaka Player join alike.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromiumArgs, runPlayerTest } from './support.mjs';

// Channel time at the first request for the live MPD is 36 s; joins at these channel
// times (the break runs 24-54 s of each loop, loops start every 60 s).
const joins = [
  { at: 36, what: 'inside a break, as the channel starts' },
  { at: 49, what: 'near the end of a break' },
  { at: 54.5, what: 'as the content resumes after a break (its first segment under way)' },
  { at: 60.5, what: "at a loop's period edge (the new period's first segment under way)" },
  { at: 69, what: 'in content' },
];
const players = [{ name: 'dash.js', page: 'dashjs.html' }, { name: 'Shaka', page: 'shaka.html' }];

await runPlayerTest(async ({ stack, check, keep }) => {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs,
    env: { ...process.env, HOME: mkdtempSync(path.join(tmpdir(), 'ssai-chromium-')) } });
  keep(browser);
  const content = 'dash/timeline/manifest.mpd';
  // Starts the channel's clock: channel time 36 s is now.
  await fetch(`${stack.fixturesUrl}/live/cue-out/media/${content}`);
  const started = Date.now();

  // One join: a new session in a new page; resolves once the video has played 2 s.
  const join = async (player, at, n) => {
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const master = `${stack.ssaiUrl}/v1/dash/live/cue-out/media/${content}?join=${n}`;
    await page.goto(`${stack.fixturesUrl}/web/${player.page}?src=${encodeURIComponent(master)}`);
    let played = false;
    try {
      await page.waitForFunction(() => document.querySelector('video').currentTime > 0, null, { timeout: 20_000, polling: 100 });
      const first = await page.evaluate(() => document.querySelector('video').currentTime);
      await page.waitForFunction((t) => document.querySelector('video').currentTime >= t + 2, first, { timeout: 15_000, polling: 100 });
      played = true;
    } catch {
      // reported below
    }
    const state = await page.evaluate(() => ({ fatal: window.ssaiPlayback.fatal, segments: window.ssaiPlayback.segments.length }));
    await page.close();
    return { played, pageErrors, state, joinedAt: at };
  };

  const runs = [];
  let n = 0;
  for (const { at, what } of joins) {
    const due = started + (at - 36) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const late = (Date.now() - started) / 1000 + 36 - at;
    for (const player of players) {
      n += 1;
      runs.push(join(player, at, n).then((result) => ({ ...result, player, what, late })));
    }
  }
  for (const r of await Promise.all(runs)) {
    const name = `${r.player.name} joining at ${r.joinedAt} s, ${r.what}`;
    check(`${name}: starts and plays 2 s`, () => assert.ok(r.played, JSON.stringify({ ...r.state, errors: r.pageErrors, late: r.late })));
    check(`${name}: no page error`, () => assert.deepEqual(r.pageErrors, []));
    check(`${name}: no fatal player error`, () => assert.equal(r.state.fatal, null));
  }
});
