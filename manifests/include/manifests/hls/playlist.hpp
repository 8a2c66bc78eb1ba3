#pragma once
// HLS playlists (RFC 8216) as a typed model. Tags the model does not interpret are kept
// verbatim in the position they had, so a stitched playlist keeps what the origin said.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifests/time.hpp"

namespace manifests::hls {

inline constexpr std::string_view kExtM3u = "#EXTM3U";
inline constexpr std::string_view kExtInf = "#EXTINF";
inline constexpr std::string_view kVersion = "#EXT-X-VERSION";
inline constexpr std::string_view kTargetDuration = "#EXT-X-TARGETDURATION";
inline constexpr std::string_view kMediaSequence = "#EXT-X-MEDIA-SEQUENCE";
inline constexpr std::string_view kDiscontinuitySequence = "#EXT-X-DISCONTINUITY-SEQUENCE";
inline constexpr std::string_view kPlaylistType = "#EXT-X-PLAYLIST-TYPE";
inline constexpr std::string_view kEndList = "#EXT-X-ENDLIST";
inline constexpr std::string_view kDiscontinuity = "#EXT-X-DISCONTINUITY";
inline constexpr std::string_view kStreamInf = "#EXT-X-STREAM-INF";
inline constexpr std::string_view kMedia = "#EXT-X-MEDIA";
inline constexpr std::string_view kCueOut = "#EXT-X-CUE-OUT";
inline constexpr std::string_view kCueOutCont = "#EXT-X-CUE-OUT-CONT";
inline constexpr std::string_view kCueIn = "#EXT-X-CUE-IN";

/// One tag line: `name` is everything before the first ':' (e.g. "#EXT-X-CUE-OUT"),
/// `value` everything after it, absent when the line has no ':'.
struct Tag {
  std::string name;
  std::optional<std::string> value;

  bool operator==(const Tag&) const = default;
};

struct Segment {
  std::vector<Tag> tags;  ///< tags that precede this segment, other than the ones modelled below
  bool discontinuity = false;
  Ticks duration{};
  std::string title;
  std::string uri;
};

struct MediaPlaylist {
  int version = 3;
  std::int64_t target_duration = 0;  ///< whole seconds
  std::int64_t media_sequence = 0;
  std::int64_t discontinuity_sequence = 0;
  std::string playlist_type;  ///< "VOD", "EVENT", or empty
  bool endlist = false;
  std::vector<Tag> header_tags;  ///< playlist-wide tags not modelled above (INDEPENDENT-SEGMENTS, START, ...)
  std::vector<Segment> segments;
  std::vector<Tag> trailing_tags;  ///< tags after the last segment, other than ENDLIST
};

/// A master playlist line in order; `uri` is set for EXT-X-STREAM-INF entries only.
struct MasterEntry {
  Tag tag;
  std::string uri;
};

struct MasterPlaylist {
  std::vector<MasterEntry> entries;
};

/// Sum of the segment durations.
[[nodiscard]] Ticks total_duration(const MediaPlaylist& playlist);

/// The smallest EXT-X-TARGETDURATION the segments allow (RFC 8216: each EXTINF rounded
/// to the nearest integer must not exceed it).
[[nodiscard]] std::int64_t required_target_duration(const MediaPlaylist& playlist);

}  // namespace manifests::hls
