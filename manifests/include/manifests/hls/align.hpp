#pragma once
// The breaks of one rendition laid onto another of the same stream: alternate audio and
// subtitle playlists often carry no cues at all, and when they do their ids may differ.
// Stitching every rendition with the main video variant's breaks, moved onto each
// rendition's own segments, keeps them in lock-step (same breaks, ids, decisions).
#include <span>
#include <vector>

#include "manifests/avail.hpp"
#include "manifests/hls/playlist.hpp"

namespace manifests::hls {

/// `avails` (found in `reference`) placed on `target`'s segments:
/// - VOD (ENDLIST): by time from the start, each edge at the target's segment boundary
///   nearest it (packagers cut renditions at the same instants, give or take an audio
///   frame);
/// - live: by media sequence number, which RFC 8216 requires to line up across
///   renditions; breaks outside the target's window are left out, and one cut by either
///   edge of it gets elapsed_before / open_at_end as cue detection would have set;
/// - live I-frame playlists (numbered by keyframe, not by segment): by
///   EXT-X-PROGRAM-DATE-TIME, each edge at the first entry at or after it; without
///   dates (on the target, or the avail's start_date_ms) no break can be placed.
/// VOD I-frame playlists need nothing special: time from the start places them.
/// Ids, planned durations, cue payloads and dialects are kept.
[[nodiscard]] std::vector<Avail> align_avails(const MediaPlaylist& reference, std::span<const Avail> avails,
                                              const MediaPlaylist& target);

}  // namespace manifests::hls
