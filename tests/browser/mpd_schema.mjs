// MPEG's own schema judges every MPD we write: xmllint (Debian's libxml2-utils) validates,
// against DASH-MPD.xsd from ../shared/conformance/dash/schema/, the fixture origin's MPDs
// (VOD and its live channel), the stitched ones of a running service (VOD with ad and
// slate periods, live in both addressings, at the start and on later reloads) and the
// golden MPDs the unit tests compare with (a live channel's 30 updates each). The schema is not redistributed here: without
// ../shared the test says "skipped: " and ctest counts it as skipped.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checks, startStack, testEnvironment } from './support.mjs';

const { bin, fixturesDir } = testEnvironment();
const schema = path.resolve(fixturesDir, '..', '..', 'shared', 'conformance', 'dash', 'schema', 'DASH-MPD.xsd');
if (!existsSync(schema)) {
  console.log(`skipped: ${schema} is absent (MPEG's schema is not redistributed with the project)`);
  process.exit(0);
}

const { check, summary } = checks();
const dir = mkdtempSync(path.join(tmpdir(), 'ssai-mpd-schema-'));
const files = [];  // [name, path]
const keep = (name, text) => {
  const file = path.join(dir, `${files.length}.mpd`);
  writeFileSync(file, text);
  files.push([name, file]);
  return text;
};
const get = async (url) => {
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url}: ${response.status}`);
  return response.text();
};

const stack = await startStack({ bin, fixturesDir });
try {
  const contents = ['dash/number/manifest.mpd', 'dash/timeline/manifest.mpd'];
  for (const content of contents) {
    keep(`origin VOD ${content}`, await get(`${stack.fixturesUrl}/media/${content}`));
    const stitched = keep(`stitched VOD ${content}`, await get(`${stack.ssaiUrl}/v1/dash/demo/${content}`));
    check(`stitched VOD ${content} has ad periods`, () => assert.match(stitched, /<Period id="[^"]*-ad0"/));
    keep(`origin live ${content}`, await get(`${stack.fixturesUrl}/live/cue-out/media/${content}`));
    const live = keep(`stitched live ${content}`, await get(`${stack.ssaiUrl}/v1/dash/live/cue-out/media/${content}`));
    check(`stitched live ${content} is dynamic with an ad period`, () => {
      assert.match(live, /type="dynamic"/);
      assert.match(live, /<Period id="[^"]*-ad0"/);
    });
    // A reload of the session, as players make it (its Location).
    const location = live.match(/<Location>([^<]+)<\/Location>/);
    check(`stitched live ${content} names its reload`, () => assert.ok(location));
    if (location) keep(`stitched live ${content}, reloaded`, await get(location[1].replaceAll('&amp;', '&')));
  }
  const slated = files.filter(([name]) => name.startsWith('stitched')).some(([, file]) =>
    /slate/.test(readFileSync(file, 'utf8')));
  check('one of the stitched MPDs plays slate', () => assert.ok(slated));
} finally {
  stack.stop();
}

const golden = path.join(path.resolve(fixturesDir), 'golden');
for (const sub of readdirSync(golden)) {
  const folder = path.join(golden, sub);
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.mpd'))) {
    const file = path.join(folder, name);
    const text = readFileSync(file, 'utf8');
    if (text.startsWith('<?xml')) {
      files.push([`golden ${sub}/${name}`, file]);
      continue;
    }
    // A golden record of a live channel's updates: each one an MPD of its own.
    const updates = text.split(/<!-- update (\d+) -->\n/);
    for (let i = 1; i + 1 < updates.length; i += 2) keep(`golden ${sub}/${name}, update ${updates[i]}`, updates[i + 1]);
  }
}

for (const [name, file] of files) {
  check(`${name}: valid against DASH-MPD.xsd`, () => {
    try {
      execFileSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      assert.fail(`${e.stderr}`.split('\n').slice(0, 6).join('\n'));
    }
  });
}
process.exit(summary());
