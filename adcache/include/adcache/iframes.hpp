#pragma once
// I-frame playlists for conditioned rungs (EXT-X-I-FRAMES-ONLY). MPEG-TS: one entry per
// keyframe, a byte range of its segment from the keyframe's first TS packet to the next
// video frame's. fMP4: one entry per fragment (the rungs have a keyframe at each
// segment's start and none between), from its moof to the end of its first video
// sample, the init segment named by EXT-X-MAP. Players use them for trick play and
// thumbnails; made when the content has them, so scrubbing across a break shows the ad.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
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

/// Reads a segment's keyframes with ffprobe (under `time_limit`). With `init` (fMP4), the
/// fragment's first keyframe, its range starting at the segment's moof box.
[[nodiscard]] Result<std::vector<IFrame>> keyframes_of(const std::filesystem::path& segment, std::string_view uri,
                                                       double segment_seconds, std::chrono::seconds time_limit,
                                                       const std::filesystem::path& init = {});

/// Where the first top-level box of `type` starts in an ISO BMFF file's bytes.
[[nodiscard]] std::optional<std::int64_t> box_offset(std::string_view bytes, std::string_view type);

/// The I-frame playlist over a rung's keyframes, in order; `map_uri` (fMP4) its init segment.
[[nodiscard]] std::string iframe_playlist(const std::vector<IFrame>& frames, std::string_view map_uri = {});

/// Writes the I-frame playlist of the media playlist file `playlist` (its segments
/// beside it; fMP4 when its first segment has an EXT-X-MAP) to kIFramePlaylist in the
/// same directory, its URIs as the playlist has them. Answers its peak bit rate.
[[nodiscard]] Result<std::int64_t> write_iframes_beside(const std::filesystem::path& playlist,
                                                       std::chrono::seconds time_limit);

/// A master's EXT-X-I-FRAME-STREAM-INF line (with its newline) for the I-frame playlist
/// at `uri` of a variant `width`x`height` whose CODECS are `codecs`: the I-frames carry
/// its video alone, so only the first codec is kept.
[[nodiscard]] std::string iframe_stream_inf(std::int64_t bandwidth, int width, int height, std::string_view codecs,
                                            std::string_view uri);

/// Peak bit rate of the I-frames (bytes over the time each stands for): the BANDWIDTH
/// of the master's EXT-X-I-FRAME-STREAM-INF.
[[nodiscard]] std::int64_t iframe_bandwidth(const std::vector<IFrame>& frames);

}  // namespace adcache
