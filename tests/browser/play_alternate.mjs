// Content with alternate audio and subtitles (fixtures/media/multi), stitched and played
// to the end by hls.js in headless Chromium. Mid-break the viewer switches to the
// Spanish audio and turns English subtitles on: the player must stay in step (no fatal
// error, every discontinuity crossed, the end reached) and fetch the ad's audio and the
// blank subtitles from the rendition playlists it switched to.
import assert from 'node:assert/strict';
import { runPlayerTest, playToEnd } from './support.mjs';

await runPlayerTest(async ({ stack, check, keep }) => {
  const master = `${stack.ssaiUrl}/v1/master/demo/multi/master.m3u8`;
  const played = await playToEnd({
    stack, master, rate: 2,
    // The break runs from 24 s to 54 s: switch 6 s into its first ad.
    during: { at: 30, action: () => { window.hls.audioTrack = 1; window.hls.subtitleTrack = 0; } },
  });
  keep(played.browser);
  const { state } = played;

  check('no fatal player error', () => assert.equal(state.fatal, null));
  check('duration is 60 s, as the video', () => assert.ok(Math.abs(state.duration - 60) < 0.5, `${state.duration}`));
  check('crossed all four discontinuities', () => assert.deepEqual(state.discontinuities.map((d) => d.cc), [1, 2, 3, 4]));
  check('playback reached the end', () => { assert.ok(state.ended); assert.ok(state.currentTime > 59); });
  check('no stall over 1 s', () => assert.ok(state.longestStall < 1, `${state.longestStall}`));
  check('the switch happened mid-break', () => assert.ok(state.switchedAt > 24 && state.switchedAt < 40, `${state.switchedAt}`));

  const hits = await stack.hits();
  const fetched = (prefix) => Object.keys(hits).filter((k) => k.startsWith(prefix));
  check('Spanish content audio after the break', () => assert.ok(hits['/media/multi/audio/es/seg_009.ts'] >= 1, JSON.stringify(fetched('/media/multi/audio/es/'))));
  check('the ads\' audio alone, through the redirect', () => assert.ok(fetched('/media/ads/blue-10/audio/').length >= 1, JSON.stringify(hits)));
  check('the slate\'s audio alone', () => assert.ok(fetched('/media/ads/slate/audio/').length >= 1));
  check('English subtitles after the break', () => assert.ok(hits['/media/multi/subs/en/seg_009.vtt'] >= 1, JSON.stringify(fetched('/media/multi/subs/'))));
  const metrics = await (await fetch(`${stack.ssaiUrl}/metrics`)).text();
  check('blank subtitles during the break', () => assert.match(metrics, /ssai_http_requests_total\{route="blank",code="200"\} [1-9]/));
});
