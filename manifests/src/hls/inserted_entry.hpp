#pragma once
// The playlist entry for an ad or slate segment, as both stitchers (VOD and live) start
// it; each then adds the tags its position calls for (discontinuity, map, key, cues).
#include "manifests/hls/playlist.hpp"
#include "manifests/hls/stitch.hpp"

namespace manifests::hls {

/// Duration, URI, and its byte range or gap, both before EXTINF (any order is valid).
/// EXT-X-GAP needs version 8: `out`'s EXT-X-VERSION, when it has one, is raised to it.
[[nodiscard]] inline Segment inserted_entry(const InsertedSegment& inserted, MediaPlaylist& out) {
  constexpr int kGapVersion = 8;
  TextStore& text = out.text;
  if (inserted.gap && out.version > 0 && out.version < kGapVersion) out.version = kGapVersion;
  Segment entry;
  entry.duration = inserted.duration;
  entry.uri = text.own(inserted.uri);
  if (!inserted.byte_range.empty()) entry.tags.push_back(Tag{kByteRange, text.own(inserted.byte_range)});
  if (inserted.gap) entry.tags.push_back(Tag{kGap, std::nullopt});
  entry.extinf_at = entry.tags.size();
  return entry;
}

}  // namespace manifests::hls
