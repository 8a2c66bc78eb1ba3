// Differential test: ssai's VMAP parser against an independent one (dailymotion's
// vmap-js, with @xmldom/xmldom) on every VMAP file we have: breaks, time offsets, break
// types and ids, ad sources (tag URI, inline VAST, custom data, attributes) and the
// break tracking URLs must agree; documents one refuses, the other must refuse too.
import { ssaiVastParse } from './support.mjs';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import VMAP from '@dailymotion/vmap';
import { DOMParser } from '@xmldom/xmldom';

const bin = process.env.SSAI_BIN;
const fixturesDir = path.resolve(process.env.SSAI_FIXTURES ?? '');
if (!bin || !process.env.SSAI_FIXTURES) {
  console.error('set SSAI_BIN and SSAI_FIXTURES');
  process.exit(2);
}

const files = [path.join(fixturesDir, 'vast', 'vmap.xml')];
const walk = (dir) => {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.xml')) files.push(full);
  }
};
walk(path.join(fixturesDir, 'conformance', 'vmap'));

const ours = (file) => ssaiVastParse(bin, file);

function theirs(file) {
  try {
    const quiet = { warning: () => {}, error: () => {}, fatalError: () => {} };
    const dom = new DOMParser({ errorHandler: quiet }).parseFromString(readFileSync(file, 'utf8'), 'text/xml');
    return new VMAP(dom);
  } catch (e) {
    return { error: e.message };
  }
}

// Time offsets in one form: "start", "end", "#n", a percentage, or milliseconds.
function offsetOf(text) {
  if (text === 'start' || text === 'end' || /^#\d+$/.test(text)) return text;
  if (text.endsWith('%')) return `${Number.parseFloat(text)}%`;
  const ms = /^(\d+)ms$/.exec(text);
  if (ms) return `${Number(ms[1])}ms`;
  const hms = /^(\d+):(\d{2}):(\d{2})(\.\d+)?$/.exec(text);
  if (hms) return `${Math.round(((+hms[1] * 60 + +hms[2]) * 60 + +hms[3] + Number(hms[4] ?? 0)) * 1000)}ms`;
  return `unparsed ${text}`;
}
// xmldom answers '' for an absent attribute.
const flag = (text) => (text == null || text === '' ? null : text === 'true');

let passed = 0;
let failed = 0;
let breaks = 0;
for (const file of files) {
  const name = path.relative(fixturesDir, file);
  const a = ours(file);
  const b = theirs(file);
  const problems = [];
  const eq = (what, x, y) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) problems.push(`${what}: ssai ${JSON.stringify(x)} vs vmap-js ${JSON.stringify(y)}`);
  };
  if (a.error || b.error || !a.breaks) {
    if (!((a.error || !a.breaks) && b.error)) problems.push(`ssai: ${a.error ?? 'parsed'}; vmap-js: ${b.error ?? 'parsed'}`);
  } else {
    eq('version', a.vmap_version, b.version);
    eq('breaks', a.breaks.length, b.adBreaks.length);
    a.breaks.forEach((mine, i) => {
      const other = b.adBreaks[i];
      if (!other) return;
      breaks += 1;
      const at = `break ${i + 1}`;
      eq(`${at} timeOffset`, offsetOf(mine.time_offset), offsetOf(other.timeOffset));
      eq(`${at} breakType`, mine.break_type, other.breakType ?? '');
      eq(`${at} breakId`, mine.break_id, other.breakId ?? '');
      const src = other.adSource;
      eq(`${at} has an ad source`, Boolean(mine.ad_source), Boolean(src));
      if (mine.ad_source && src) {
        eq(`${at} source id`, mine.ad_source.id, src.id ?? '');
        eq(`${at} allowMultipleAds`, mine.ad_source.allow_multiple_ads, flag(src.allowMultipleAds) ?? false);
        eq(`${at} followRedirects`, mine.ad_source.follow_redirects ?? null, flag(src.followRedirects));
        eq(`${at} AdTagURI`, mine.ad_source.ad_tag_uri ?? null, src.adTagURI?.uri ?? null);
        if (src.adTagURI) eq(`${at} templateType`, mine.ad_source.template_type, src.adTagURI.templateType ?? '');
        eq(`${at} VASTAdData`, mine.ad_source.vast_ad_data, Boolean(src.vastAdData));
        eq(`${at} CustomAdData`, mine.ad_source.custom_ad_data, Boolean(src.customData));
      }
      eq(`${at} tracking`, mine.tracking.map((t) => `${t.event} ${t.uri}`), other.trackingEvents.map((t) => `${t.event} ${t.uri}`));
    });
  }
  if (problems.length === 0) {
    passed += 1;
  } else {
    failed += 1;
    console.log(`not ok - ${name}\n  ${problems.join('\n  ')}`);
  }
}
console.log(`# ${files.length} files, ${breaks} breaks compared field by field`);
// Our fixture and vmap-js's samples hold 7 breaks: fewer means the comparison broke.
if (breaks < 7) {
  console.log('not ok - too few breaks compared');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
