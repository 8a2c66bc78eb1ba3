// Independent parsers must accept what ssai writes: video.js's m3u8-parser the stitched
// playlists of a running service and ssai's rewrite of every conformance playlist, with
// the same segments, durations and discontinuities; video.js's mpd-parser the stitched
// MPDs, with every period's segments.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'm3u8-parser';
import { parse as parseMpd } from 'mpd-parser';
import { startStack } from './support.mjs';

const bin = process.env.SSAI_BIN;
const fixturesDir = process.env.SSAI_FIXTURES;
if (!bin || !fixturesDir) {
  console.error('set SSAI_BIN and SSAI_FIXTURES');
  process.exit(2);
}

let passed = 0;
let failed = 0;
const check = (name, fn) => {
  try {
    fn();
    passed += 1;
  } catch (e) {
    failed += 1;
    console.log(`not ok - ${name}: ${e.message}`);
  }
};

function parse(text) {
  const parser = new Parser();
  const warnings = [];
  parser.on('warn', (w) => warnings.push(w.message));
  parser.push(text);
  parser.end();
  return { manifest: parser.manifest, warnings };
}

// What our own writer put in the text, line by line.
function ours(text) {
  const lines = text.split('\n');
  return {
    segments: lines.filter((l) => l.startsWith('#EXTINF')).length,
    discontinuities: lines.filter((l) => l === '#EXT-X-DISCONTINUITY').length,
  };
}

const stack = await startStack({ bin, fixturesDir });
try {
  const master = await (await fetch(`${stack.ssaiUrl}/v1/master/demo/content/master.m3u8`)).text();
  const parsedMaster = parse(master);
  check('stitched master parses with 2 variants and no warnings', () => {
    assert.equal(parsedMaster.manifest.playlists.length, 2);
    assert.deepEqual(parsedMaster.warnings, []);
  });
  for (const variant of parsedMaster.manifest.playlists) {
    const text = await (await fetch(variant.uri)).text();
    const { manifest, warnings } = parse(text);
    check(`stitched ${variant.attributes.RESOLUTION.height}p: no warnings`, () => assert.deepEqual(warnings, []));
    check(`stitched ${variant.attributes.RESOLUTION.height}p: 15 segments, 60 s, discontinuities around each ad`, () => {
      assert.equal(manifest.segments.length, 15);  // 4 content, 3 + 2 ad, 5 slate, 1 content
      const total = manifest.segments.reduce((sum, s) => sum + s.duration, 0);
      assert.ok(Math.abs(total - 60) < 0.001, `${total}`);
      const at = manifest.segments.map((s, i) => (s.discontinuity ? i : -1)).filter((i) => i >= 0);
      assert.deepEqual(at, [4, 7, 9, 14]);
      assert.equal(manifest.targetDuration, 6);
      assert.equal(manifest.endList, true);
    });
  }

  // Alternate audio and subtitles: every rendition through the session, each stitched.
  const multi = parse(await (await fetch(`${stack.ssaiUrl}/v1/master/demo/multi/master.m3u8`)).text());
  const groups = multi.manifest.mediaGroups;
  const renditions = [...Object.values(groups.AUDIO.aud), ...Object.values(groups.SUBTITLES.subs)];
  check('alternate renditions master: 2 variants, 2 audio and 1 subtitles rendition, all through the session', () => {
    assert.deepEqual(multi.warnings, []);
    assert.equal(multi.manifest.playlists.length, 2);
    assert.equal(renditions.length, 3);
    for (const r of renditions) assert.match(r.uri, /\/v1\/manifest\//);
  });
  for (const rendition of renditions) {
    const { manifest, warnings } = parse(await (await fetch(rendition.uri)).text());
    check(`${rendition.language} ${rendition.uri.includes('subs') ? 'subtitles' : 'audio'}: the break where the video has it`, () => {
      assert.deepEqual(warnings, []);
      const at = manifest.segments.map((s, i) => (s.discontinuity ? i : -1)).filter((i) => i >= 0);
      assert.deepEqual(at, [4, 7, 9, 14]);
      const total = manifest.segments.reduce((sum, s) => sum + s.duration, 0);
      assert.ok(Math.abs(total - 60) < 0.05, `${total}`);
    });
  }

  // DASH: mpd-parser flattens the periods into one timeline per representation, with a
  // discontinuity at each period's start.
  const mpds = [['dash/number/manifest.mpd', 5, 60], ['dash/timeline/manifest.mpd', 7, 85]];
  for (const [content, periods, seconds] of mpds) {
    const url = `${stack.ssaiUrl}/v1/dash/demo/${content}`;
    const text = await (await fetch(url)).text();
    check(`${content}: mpd-parser reads the stitched MPD, ${periods} periods, ${seconds} s of video and audio`, () => {
      const manifest = parseMpd(text, { manifestUri: url });
      assert.equal(manifest.playlists.length, 2);
      const audio = Object.values(manifest.mediaGroups.AUDIO.audio)[0].playlists[0];
      for (const playlist of [...manifest.playlists, audio]) {
        const total = playlist.segments.reduce((sum, s) => sum + s.duration, 0);
        // Video splits on its own segment boundaries. An audio segment that straddles a
        // split is listed in both pieces, each period trimming it (mpd-parser adds both).
        if (playlist === audio) assert.ok(total >= seconds - 0.1 && total < seconds + 6 * (periods - 1), `${total}`);
        else assert.ok(Math.abs(total - seconds) < 0.1, `${total}`);
        assert.equal(playlist.discontinuityStarts.length, periods - 1, JSON.stringify(playlist.discontinuityStarts));
        for (const segment of playlist.segments) assert.match(segment.resolvedUri, /^http:\/\//);
      }
    });
  }
  // Live DASH: the fixture channel's dynamic MPD, stitched, in both addressings. The
  // channel starts 36 s in, inside its first break: the ads' periods are listed.
  for (const content of ['dash/number/manifest.mpd', 'dash/timeline/manifest.mpd']) {
    const url = `${stack.ssaiUrl}/v1/dash/live/cue-out/media/${content}`;
    const text = await (await fetch(url)).text();
    check(`live ${content}: mpd-parser reads the stitched dynamic MPD, an ad period among its periods`, () => {
      const manifest = parseMpd(text, { manifestUri: url, NOW: Date.now(), clientOffset: 0 });
      assert.equal(manifest.playlists.length, 2);
      assert.ok(/type="dynamic"/.test(text));
      assert.ok(/<Period id="d1-ad0"/.test(text), text.slice(0, 400));
      for (const playlist of manifest.playlists) {
        assert.ok(playlist.segments.length > 0);
        for (const segment of playlist.segments) assert.match(segment.resolvedUri, /^http:\/\//);
      }
    });
  }
} finally {
  stack.stop();
}

// Every conformance playlist, as ssai writes it back.
const conformance = path.join(path.resolve(fixturesDir), 'conformance', 'hls');
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.m3u8')) files.push(full);
  }
};
walk(conformance);
for (const file of files) {
  const name = path.relative(conformance, file);
  let text;
  try {
    text = execFileSync(bin, ['hls', 'rewrite', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    check(`${name}: ssai rewrites it`, () => { throw e; });
    continue;
  }
  const { manifest } = parse(text);
  check(`${name}: m3u8-parser reads what ssai wrote`, () => {
    if (text.includes('#EXT-X-STREAM-INF')) {
      assert.equal(manifest.playlists.length, text.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF')).length);
    } else {
      const expected = ours(text);
      assert.equal(manifest.segments.length, expected.segments);
      assert.equal(manifest.segments.filter((s) => s.discontinuity).length, expected.discontinuities);
    }
  });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
