// Starts N sessions on a stitched master (GET /v1/master/..., 32 at a time) and prints
// the path of each session's first media playlist, one per line: the request mix the
// HTTP benchmark replays with wrk.   node make_sessions.mjs MASTER_URL N
const [master, countText] = process.argv.slice(2);
const count = Number(countText);
if (!master || !(count > 0)) {
  console.error('usage: node make_sessions.mjs MASTER_URL N');
  process.exit(2);
}
const paths = [];
let next = 0;
async function worker() {
  while (next < count) {
    next += 1;
    const response = await fetch(master);
    if (response.status !== 200) throw new Error(`master answered ${response.status}`);
    const variant = (await response.text()).split('\n').find((l) => l.startsWith('http'));
    paths.push(new URL(variant).pathname);
  }
}
await Promise.all(Array.from({ length: 32 }, worker));
process.stdout.write(paths.join('\n') + '\n');
