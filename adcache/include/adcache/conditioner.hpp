#pragma once
// Conditions one creative to a content ladder with ffmpeg: every rung (lowest first) at
// the content's segment duration with a keyframe at every segment start, no B-frames
// (so video and audio start together in every segment, which hls.js needs), AAC at the
// content's rate and layout, loudness normalised (EBU R128 -23 LUFS by default; -24 for
// ATSC A/85), silent audio added when the creative has none. The result is published
// atomically into <library>/<key>/ (master.m3u8, one media playlist per rung, and the
// audio alone for content with alternate audio renditions), where RenditionLibrary
// finds it. For fMP4 content the segments are fMP4 with an init segment each rendition;
// for demuxed content (DASH) the rungs are video only and the audio rendition is the sound.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adcache/error.hpp"
#include "adcache/ladder_spec.hpp"
#include "manifests/time.hpp"

namespace adcache {

/// Present in <library>/<key>/ while rungs are still being added.
inline constexpr const char* kPartialMarker = ".partial";
/// The audio-only rendition's directory (and its name in reports): never a rung's name,
/// which ends in "p".
inline constexpr const char* kAudioRendition = "audio";

struct ConditionOptions {
  std::string key;
  LadderSpec ladder;
  std::filesystem::path library_dir;
  double loudness_target = -23.0;            ///< integrated loudness, LUFS
  std::chrono::seconds time_limit{600};     ///< per ffmpeg run
  std::string preset = "veryfast";          ///< x264: see the README for why
};

struct ProbeResult {
  double duration_seconds = 0;
  std::string video_codec;
  int width = 0;
  int height = 0;
  double frame_rate = 0;
  bool has_audio = false;
  std::string audio_codec;
  int sample_rate = 0;
  int channels = 0;
};

struct RungReport {
  std::string name;
  int width = 0;
  int height = 0;
  int segments = 0;
  manifests::Ticks duration{};
};

struct ConditionReport {
  std::string key;
  ProbeResult input;
  std::vector<std::string> changes;  ///< what conditioning changed, for ad-ops
  std::optional<double> loudness_before;
  std::optional<double> loudness_after;
  std::vector<RungReport> rungs;
  std::optional<RungReport> audio;  ///< the audio-only rendition
  double seconds_taken = 0;
};

/// Publishes `files` (relative path, content) as <library>/<key>/ in one rename, as
/// condition() does: for a creative used as it is (streaming_adoption.hpp).
[[nodiscard]] Result<void> publish_files(const std::filesystem::path& library, const std::string& key,
                                         const std::vector<std::pair<std::string, std::string>>& files);

/// ffprobe of a local media file (local_input_options: it opens nothing else); an error when it is not media with a video stream.
[[nodiscard]] Result<ProbeResult> probe(const std::filesystem::path& input, std::chrono::seconds time_limit);

/// Conditions `input` (a local file) and publishes it rung by rung, lowest first, so a
/// creative can play at the rungs that are ready. The caller holds the job (its lease):
/// staging other workers left for this key is theirs no longer and is removed. Errors say why (the tail of ffmpeg's
/// stderr included); rungs published before an error stay playable.
[[nodiscard]] Result<ConditionReport> condition(const std::filesystem::path& input, const ConditionOptions& options);

}  // namespace adcache
