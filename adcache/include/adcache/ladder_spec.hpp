#pragma once
// What a creative must be conditioned to: the content's ladder, read from its master
// playlist and one of its media playlists, or from its MPD (pure: the caller fetches
// the text).
#include <string>
#include <string_view>
#include <vector>

#include "adcache/error.hpp"

namespace adcache {

struct Rung {
  std::string name;  ///< "360p": a path component
  int width = 0;
  int height = 0;
  int bandwidth = 0;      ///< bit/s, as the master says (peak)
  int video_bitrate = 0;  ///< bit/s to encode at
  std::string codecs;     ///< as the master says, e.g. "avc1.4d401e,mp4a.40.2"
  double frame_rate = 25.0;
  std::string h264_profile = "main";
  std::string h264_level = "3.1";
};

struct LadderSpec {
  std::vector<Rung> rungs;  ///< lowest first: conditioned in that order
  int segment_seconds = 6;  ///< the content's target duration
  bool fmp4 = false;        ///< the content uses fMP4/CMAF segments (EXT-X-MAP, DASH)
  /// The content's audio is apart from its video (DASH adaptation sets): rungs are
  /// video only, and the audio-only rendition carries the sound.
  bool demuxed = false;
  /// The content offers I-frame playlists (trick play): the ad's rungs get them too
  /// (iframes.hpp; MPEG-TS rungs only).
  bool iframes = false;
  int audio_sample_rate = 48000;
  int audio_channels = 2;
  int audio_bitrate = 96000;
};

/// The ladder of a content stream from its master playlist and the text of one of its
/// media playlists (for segment duration and container).
[[nodiscard]] Result<LadderSpec> ladder_from_playlists(std::string master_text, std::string media_text);

/// A short, stable name of what a ladder asks of a creative (rungs, segment length,
/// container, demuxed audio; not the audio format, which the worker probes), so that a
/// creative is conditioned once per ladder, not once per content: 8 hex digits.
[[nodiscard]] std::string ladder_fingerprint(const LadderSpec& ladder);

/// The ladder of DASH content from its MPD: the first period's video representations
/// (bandwidth, size, codecs, frame rate), segment duration from the video's addressing,
/// audio rate, channels and bit rate from the audio adaptation set. Always fMP4 and
/// demuxed, which is what DASH players expect of every period.
[[nodiscard]] Result<LadderSpec> ladder_from_mpd(std::string_view mpd_text);

}  // namespace adcache
