// Starts N sessions on a master (GET /v1/master/..., 32 at a time) and prints the request
// mix the HTTP benchmark replays with wrk, one path per line:
//   node make_sessions.mjs MASTER_URL N            each session's first media playlist
//   node make_sessions.mjs MASTER_URL N --guided   the content playlist the guided
//     sessions share, then each session's asset list for the first break in it (waiting
//     up to a minute for one to come into the window)
const [master, countText, mode] = process.argv.slice(2);
const count = Number(countText);
if (!master || !(count > 0) || (mode && mode !== '--guided')) {
  console.error('usage: node make_sessions.mjs MASTER_URL N [--guided]');
  process.exit(2);
}
const guided = mode === '--guided';
const lines = [];
const ids = [];
let shared = null;
let next = 0;
async function worker() {
  while (next < count) {
    next += 1;
    const response = await fetch(master);
    if (response.status !== 200) throw new Error(`master answered ${response.status}`);
    const text = await response.text();
    const variant = text.split('\n').find((l) => l.startsWith('http'));
    if (!guided) {
      lines.push(new URL(variant).pathname);
      continue;
    }
    const id = /#EXT-X-DEFINE:NAME="ssai_session",VALUE="([0-9a-f]{32})"/.exec(text)?.[1];
    if (!id) throw new Error('not a guided master: no session variable');
    ids.push(id);
    shared ??= variant;
  }
}
await Promise.all(Array.from({ length: 32 }, worker));
if (guided) {
  let template = null;
  for (let tries = 0; tries < 60 && !template; tries += 1) {
    const playlist = await (await fetch(shared)).text();
    template = /X-ASSET-LIST="([^"]+)"/.exec(playlist)?.[1] ?? null;
    if (!template) await new Promise((r) => setTimeout(r, 1000));
  }
  if (!template) throw new Error('no break came into the shared playlist in a minute');
  lines.push(new URL(shared).pathname);
  for (const id of ids) lines.push(new URL(template.replace('{$ssai_session}', id)).pathname);
}
process.stdout.write(lines.join('\n') + '\n');
