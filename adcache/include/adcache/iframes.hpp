#pragma once
// I-frame playlists for conditioned MPEG-TS rungs (EXT-X-I-FRAMES-ONLY): one entry per
// keyframe, a byte range of its segment from the keyframe's first TS packet to the next
// video frame's. Players use them for trick play and thumbnails; made when the content
// has them, so that scrubbing across a break shows the ad's frames.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "adcache/error.hpp"

namespace adcache {

/// The file an I-frame playlist is written to in each rung's directory.
inline constexpr const char* kIFramePlaylist = "iframes.m3u8";

struct IFrame {
  std::string uri;  ///< the segment, as the rung's playlist names it
  double duration = 0;  ///< until the next keyframe, or the segment's end
  std::int64_t offset = 0;
  std::int64_t length = 0;
};

/// The keyframes of one segment from ffprobe's packet list (compact output with keys
/// pts_time, pos and flags, video packets only), the segment `file_size` bytes long and
/// lasting `segment_seconds` (its EXTINF).
[[nodiscard]] Result<std::vector<IFrame>> keyframes_from_packets(std::string_view packets, std::string_view uri,
                                                                 std::int64_t file_size, double segment_seconds);

/// Reads a segment's keyframes with ffprobe (under `time_limit`).
[[nodiscard]] Result<std::vector<IFrame>> keyframes_of(const std::filesystem::path& segment, std::string_view uri,
                                                       double segment_seconds, std::chrono::seconds time_limit);

/// The I-frame playlist over a rung's keyframes, in order.
[[nodiscard]] std::string iframe_playlist(const std::vector<IFrame>& frames);

/// Peak bit rate of the I-frames (bytes over the time each stands for): the BANDWIDTH
/// of the master's EXT-X-I-FRAME-STREAM-INF.
[[nodiscard]] std::int64_t iframe_bandwidth(const std::vector<IFrame>& frames);

}  // namespace adcache
