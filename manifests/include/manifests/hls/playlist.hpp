#pragma once
// HLS playlists (RFC 8216bis) as a typed model over the origin's text. Every tag line
// is kept, in place, as views into that text; the typed fields are what the stitcher
// reads and edits. Text the model adds (new URIs, inserted segments) lives in an arena
// owned by the playlist, so views stay valid however the playlist is copied or edited.
#include <cstdint>
#include <deque>
#include <memory>
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
inline constexpr std::string_view kIFrameStreamInf = "#EXT-X-I-FRAME-STREAM-INF";
inline constexpr std::string_view kMedia = "#EXT-X-MEDIA";
inline constexpr std::string_view kDefine = "#EXT-X-DEFINE";
inline constexpr std::string_view kProgramDateTime = "#EXT-X-PROGRAM-DATE-TIME";
inline constexpr std::string_view kDateRange = "#EXT-X-DATERANGE";
inline constexpr std::string_view kKey = "#EXT-X-KEY";
inline constexpr std::string_view kMap = "#EXT-X-MAP";
inline constexpr std::string_view kByteRange = "#EXT-X-BYTERANGE";
inline constexpr std::string_view kGap = "#EXT-X-GAP";
inline constexpr std::string_view kPart = "#EXT-X-PART";
inline constexpr std::string_view kIFramesOnly = "#EXT-X-I-FRAMES-ONLY";
inline constexpr std::string_view kCueOut = "#EXT-X-CUE-OUT";
inline constexpr std::string_view kCueOutCont = "#EXT-X-CUE-OUT-CONT";
inline constexpr std::string_view kCueIn = "#EXT-X-CUE-IN";
inline constexpr std::string_view kCue = "#EXT-X-CUE";
inline constexpr std::string_view kOatclsScte35 = "#EXT-OATCLS-SCTE35";
inline constexpr std::string_view kAsset = "#EXT-X-ASSET";
inline constexpr std::string_view kSplicePointScte35 = "#EXT-X-SPLICEPOINT-SCTE35";
inline constexpr std::string_view kScte35 = "#EXT-X-SCTE35";

/// One tag (or comment) line: `name` is everything before the first ':', `value`
/// everything after it, absent when the line has no ':'.
struct Tag {
  std::string_view name;
  std::optional<std::string_view> value;

  bool operator==(const Tag&) const = default;
};

/// Owns the playlist's text: the origin's bytes and everything added since.
class TextStore {
 public:
  TextStore() = default;
  explicit TextStore(std::string source);
  /// The origin text the views of a parsed playlist point into.
  [[nodiscard]] std::string_view source() const { return source_ ? std::string_view(*source_) : std::string_view{}; }
  /// Keeps `text` alive as long as the playlist (and its copies) and returns a view of it.
  std::string_view own(std::string text);

 private:
  // Copies share their arenas read-only; a copy that adds text first starts its own
  // arena on top of the shared one, so copies on different threads never write to
  // the same arena and every view stays valid.
  struct Arena {
    std::shared_ptr<const Arena> parent;
    std::deque<std::string> texts;
  };
  std::shared_ptr<const std::string> source_;
  std::shared_ptr<Arena> arena_;
};

struct Segment {
  /// Every tag line before the segment's URI, in order, except EXTINF (which the
  /// writer puts back at `extinf_at`, after that many tags).
  std::vector<Tag> tags;
  std::size_t extinf_at = 0;
  Ticks duration{};
  /// EXTINF's duration as written, so unchanged segments are written back byte for
  /// byte; empty for segments made here (the writer then formats `duration`).
  std::string_view duration_text;
  std::string_view title;
  std::string_view uri;

  [[nodiscard]] bool discontinuity() const;
  /// Marks the segment discontinuous (an EXT-X-DISCONTINUITY first), if not already.
  void set_discontinuity();
  /// The first tag of that name, if any.
  [[nodiscard]] const Tag* find(std::string_view name) const;
};

/// The largest EXT-X-TARGETDURATION the parser takes (a day, in seconds).
inline constexpr std::int64_t kMaxTargetDuration = 86'400;

struct MediaPlaylist {
  int version = 0;                   ///< 0: no EXT-X-VERSION
  std::int64_t target_duration = 0;  ///< whole seconds, at most kMaxTargetDuration
  std::int64_t media_sequence = 0;
  std::int64_t discontinuity_sequence = 0;
  std::string_view playlist_type;  ///< "VOD", "EVENT", or empty
  bool endlist = false;
  /// The lines before the first segment's tags, in order, the typed ones above
  /// included (the writer substitutes their current values).
  std::vector<Tag> header;
  std::vector<Segment> segments;
  std::vector<Tag> trailing_tags;  ///< after the last URI, other than ENDLIST (LL-HLS hints, reports)
  std::vector<std::string> warnings;  ///< what the parser tolerated
  TextStore text;
};

/// A master playlist line in order; `uri` is set for EXT-X-STREAM-INF entries only.
struct MasterEntry {
  Tag tag;
  std::string_view uri;
};

struct MasterPlaylist {
  std::vector<MasterEntry> entries;
  std::vector<std::string> warnings;
  TextStore text;
};

/// Everything but the segments (which stitching rebuilds), without copying them.
[[nodiscard]] MediaPlaylist copy_without_segments(const MediaPlaylist& playlist);

/// An I-frame playlist (EXT-X-I-FRAMES-ONLY): each entry a keyframe's byte range.
[[nodiscard]] bool is_iframes_only(const MediaPlaylist& playlist);

/// EXT-X-PROGRAM-DATE-TIME of each segment in ms since 1970, carried forward by segment
/// durations (nullopt before the first date); empty when the dates contradict the
/// durations (a jump of more than a second, a warning added), since then positions by
/// date mean nothing.
[[nodiscard]] std::vector<std::optional<std::int64_t>> program_dates(const MediaPlaylist& playlist,
                                                                     std::vector<std::string>& warnings);

/// Whether any segment carries EXT-X-PROGRAM-DATE-TIME.
[[nodiscard]] bool has_program_dates(const MediaPlaylist& playlist);

/// Gives the first segment EXT-X-PROGRAM-DATE-TIME `unix_ms` (before its other tags), for
/// a playlist that has none: later segments are dated by their durations from it.
void set_first_program_date(MediaPlaylist& playlist, std::int64_t unix_ms);

/// Sum of the segment durations.
[[nodiscard]] Ticks total_duration(const MediaPlaylist& playlist);

/// The smallest EXT-X-TARGETDURATION the segments allow (each EXTINF rounded to the
/// nearest integer must not exceed it).
[[nodiscard]] std::int64_t required_target_duration(const MediaPlaylist& playlist);

}  // namespace manifests::hls
