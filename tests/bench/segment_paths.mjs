// Reads session media playlist paths (one per line, as make_sessions.mjs prints them),
// fetches up to N of those playlists from the service and prints the path of every ad
// segment redirect (/v1/segment/...) in them, one per line: the request mix of the
// redirect measurement in ops/bench-http.   node segment_paths.mjs BASE_URL PATHS_FILE N
import { readFileSync } from 'node:fs';

const [base, pathsFile, limitText] = process.argv.slice(2);
const limit = Number(limitText);
if (!base || !pathsFile || !(limit > 0)) {
  console.error('usage: node segment_paths.mjs BASE_URL PATHS_FILE N');
  process.exit(2);
}
const playlists = readFileSync(pathsFile, 'utf8').split('\n').filter(Boolean).slice(0, limit);
const segments = [];
let next = 0;
async function worker() {
  while (next < playlists.length) {
    const path = playlists[next++];
    const response = await fetch(base + path);
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    for (const line of (await response.text()).split('\n')) {
      if (!line.startsWith('#') && line.includes('/v1/segment/')) {
        const url = new URL(line, base + path);
        segments.push(url.pathname + url.search);
      }
    }
  }
}
await Promise.all(Array.from({ length: 16 }, worker));
process.stdout.write(segments.join('\n') + (segments.length ? '\n' : ''));
