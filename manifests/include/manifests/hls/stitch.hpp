#pragma once
// The stitch algorithm: content playlist + what to put in each break -> the playlist a
// session's player gets. Pure: no I/O, no decisions; ssai/ decides what goes in.
#include <span>
#include <string>
#include <vector>

#include "manifests/error.hpp"
#include "manifests/hls/playlist.hpp"

namespace manifests::hls {

struct InsertedSegment {
  std::string uri;  ///< absolute
  Ticks duration{};
  bool discontinuity = false;  ///< starts a new encoding (each ad, the slate)
  std::string map_uri{};       ///< absolute: the fMP4 init segment of its run (EXT-X-MAP); empty for MPEG-TS
  /// EXT-X-BYTERANGE "length@offset": an I-frame inside `uri`; empty: the whole file.
  std::string byte_range{};
  /// EXT-X-GAP: nothing to fetch, only time to keep (an ad without I-frames, in an
  /// I-frame playlist, so that its timeline stays the variants').
  bool gap = false;
};

/// Replaces content segments [first_segment, end_segment) with `segments`.
struct BreakFill {
  std::size_t first_segment = 0;
  std::size_t end_segment = 0;
  std::vector<InsertedSegment> segments;
};

/// Removes the tags that signalled a break (every cue dialect) from a segment: for the
/// content that resumes after a stitched break, whose cue tags described what was replaced.
void drop_ad_markers(Segment& segment);

/// Puts `from`'s break-signalling tags on `to`, after its discontinuity: the origin's
/// cue kept on the ad that now starts the break (ad marker passthrough).
void copy_ad_markers(const Segment& from, Segment& to);

struct StitchOptions {
  /// The origin's cue tags kept: the break's opening cue on its first ad segment, the
  /// CUE-IN (and any cue) on the content that resumes. Off: a stitched break carries none.
  bool keep_ad_markers = false;
};

/// Applies the fills (sorted, not overlapping, inside the playlist). The first inserted
/// segment and the content that resumes after a fill are marked discontinuous; cue
/// tags of a replaced break are dropped; EXT-X-TARGETDURATION is recomputed.
[[nodiscard]] Result<MediaPlaylist> stitch(const MediaPlaylist& content, std::span<const BreakFill> fills,
                                           const StitchOptions& options = {});

}  // namespace manifests::hls
