// Starts N guided sessions (GET /v1/master/... of a guided configuration, 32 at a time)
// and prints, first, the path of the content media playlist they all share, then the
// path of each session's asset list for the first break in that playlist (waiting up to
// a minute for one to come into the window): the request mix ops/bench-http replays.
//   node guided_paths.mjs MASTER_URL N
const [master, countText] = process.argv.slice(2);
const count = Number(countText);
if (!master || !(count > 0)) {
  console.error('usage: node guided_paths.mjs MASTER_URL N');
  process.exit(2);
}
const ids = [];
let shared = null;
let next = 0;
async function worker() {
  while (next < count) {
    next += 1;
    const response = await fetch(master);
    if (response.status !== 200) throw new Error(`master answered ${response.status}`);
    const text = await response.text();
    const id = /#EXT-X-DEFINE:NAME="ssai_session",VALUE="([0-9a-f]{32})"/.exec(text)?.[1];
    if (!id) throw new Error('not a guided master: no session variable');
    ids.push(id);
    shared ??= text.split('\n').find((l) => l.startsWith('http'));
  }
}
await Promise.all(Array.from({ length: 32 }, worker));
let template = null;
for (let tries = 0; tries < 60 && !template; tries += 1) {
  const playlist = await (await fetch(shared)).text();
  template = /X-ASSET-LIST="([^"]+)"/.exec(playlist)?.[1] ?? null;
  if (!template) await new Promise((r) => setTimeout(r, 1000));
}
if (!template) throw new Error('no break came into the shared playlist in a minute');
const lines = [new URL(shared).pathname];
for (const id of ids) lines.push(new URL(template.replace('{$ssai_session}', id)).pathname);
process.stdout.write(lines.join('\n') + '\n');
