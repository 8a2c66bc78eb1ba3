#pragma once
// A ladder given in full instead of read from the content: a playback configuration's
// "transcode_profile", or a file for `ssai condition --ladder profile.json`.
//   {"segment_seconds": 6, "container": "ts" | "fmp4", "iframes": false,
//    "audio": {"sample_rate": 48000, "channels": 2, "bitrate": 96000},
//    "rungs": [{"name": "360p", "width": 640, "height": 360, "video_bitrate": 800000,
//               "frame_rate": 25, "profile": "main", "level": "3.1"}, ...]}
// Rungs are conditioned lowest first, whatever order they are given in.
#include <string>
#include <string_view>

#include "adcache/ladder_spec.hpp"
#include "ssai/error.hpp"

namespace ssai {

/// Errors name the field under `where` ("playback_configurations.x.transcode_profile").
[[nodiscard]] Result<adcache::LadderSpec> parse_transcode_profile(std::string_view json, std::string_view where);

/// How a conditioning job names a profile as its ladder source (ConditioningJob's
/// ladder_url): the JSON itself, so any worker conditions to it without the
/// configuration.
[[nodiscard]] std::string profile_source(std::string_view json);
/// The JSON of a profile source; nullopt-like empty view when `source` is not one.
[[nodiscard]] std::string_view profile_of_source(std::string_view source);

}  // namespace ssai
