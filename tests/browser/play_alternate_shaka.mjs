// Shaka Player on the live channel made from the content with alternate audio and
// subtitles (fixtures/media/multi): it plays through a whole break with English audio and
// subtitles on, and switches to the Spanish audio in mid-break. Shaka fetches video,
// audio and text as separate streams, so every rendition playlist must carry the break.
import assert from 'node:assert/strict';
import { runPlayerTest, playLive, checkPodCountedOnce } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  const master = `${stack.ssaiUrl}/v1/master/live/cue-out/media/multi/master.m3u8`;
  const played = await playLive({
    stack, master, page: 'shaka.html',
    until: () => {
      const s = window.ssaiPlayback;
      const video = document.querySelector('video');
      s.firstFrame ??= video.currentTime;
      if (!s.textOn && window.player) { window.player.setTextTrackVisibility(true); s.textOn = true; }
      // Into the break (an ad segment already fetched): switch the audio to Spanish.
      if (!s.switchedAt && s.segments.some((x) => x.kind === 'ad')) {
        window.player.selectAudioLanguage('es');
        s.switchedAt = video.currentTime;
      }
      return s.fatal || video.currentTime - s.firstFrame >= 40;
    },
  });
  keep(played.browser);
  const { state } = played;
  const uris = state.segments.map((s) => s.uri);

  check('no fatal player error', () => assert.equal(state.fatal, null, JSON.stringify(state.errors)));
  check('played 40 s', () => assert.ok(state.currentTime - state.firstFrame >= 40, `${state.currentTime - state.firstFrame}`));
  check('switched audio in mid-break', () => assert.ok(state.switchedAt > 0));
  check('fetched the ads\' video and their audio alone (rendition index 2, the audio)', () => {
    const renditions = new Set(uris.filter((u) => u.includes('/v1/segment/')).map((u) => u.match(/\/v1\/segment\/[0-9a-f]+\/[^/]+\/\d+\/(\d+)\//)[1]));
    assert.ok(renditions.has('2') && renditions.size >= 2, JSON.stringify([...renditions]));
  });
  check('Spanish content audio after the switch', () => assert.ok(uris.some((u) => u.includes('/multi/audio/es/')), 'no Spanish segment'));
  check('blank subtitles during the break, English ones around it', () => {
    assert.ok(uris.some((u) => u.includes('/v1/blank.vtt')), 'no blank.vtt');
    assert.ok(uris.some((u) => u.includes('/multi/subs/en/')), 'no subtitle segment');
  });
  check('no stall over 1 s once playing', () => assert.ok(state.longestStall < 1, `${state.longestStall}`));

  await checkPodCountedOnce(stack, check);
});
