// Shaka Player plays the stitched live channel in real time through a whole break: a
// second, independent HLS implementation (its own playlist merging on each reload, its
// own TS transmuxer) must accept every reload as a continuation of the last.
import assert from 'node:assert/strict';
import { runPlayerTest, playLive, checkPodCountedOnce } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  const master = `${stack.ssaiUrl}/v1/master/live/cue-out/media/content/master.m3u8`;
  // 40 s of playback from the first frame: the 6 s of content before the break, the
  // 30 s break, and content after it.
  const played = await playLive({
    stack, master, page: 'shaka.html',
    until: () => {
      const s = window.ssaiPlayback;
      s.firstFrame ??= document.querySelector('video').currentTime;
      return s.fatal || document.querySelector('video').currentTime - s.firstFrame >= 40;
    },
  });
  keep(played.browser);
  const { state } = played;

  check('no fatal player error', () => assert.equal(state.fatal, null, JSON.stringify(state.errors)));
  check('played 40 s', () => assert.ok(state.currentTime - state.firstFrame >= 40, `${state.currentTime - state.firstFrame}`));
  const runs = state.segments.map((s) => s.kind).filter((kind, i, all) => i === 0 || all[i - 1] !== kind);
  check('fetched content, the pod, the slate, then content again', () => {
    assert.ok(runs.join(',').includes('content,ad,slate,content'), runs.join(','));
  });
  check('both ads of the pod, every segment of them', () => {
    const ads = state.segments.filter((s) => s.kind === 'ad').map((s) => s.uri.match(/\/v1\/segment\/[0-9a-f]+\/[^/]+\/(\d+)\/\d+\/(\d+)\.ts/).slice(1).join('.'));
    assert.deepEqual([...new Set(ads)], ['0.0', '0.1', '0.2', '1.0', '1.1']);
  });
  check('no stall over 1 s once playing', () => assert.ok(state.longestStall < 1, `${state.longestStall}`));

  await checkPodCountedOnce(stack, check);
});
