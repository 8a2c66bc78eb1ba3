#pragma once
// The live pre-roll (PlaybackConfiguration::live_preroll_ads) in a live window: a break
// laid over the content from where the session's player joined, lasting what its ads
// last. Where it starts is a content media sequence number fixed when the session began
// (Session::preroll_msn), so every rendition, reload and node places it alike. Pure.
#include <cstdint>
#include <optional>
#include <vector>

#include "manifests/avail.hpp"
#include "manifests/hls/playlist.hpp"

namespace ssai {

/// The break id of every session's live pre-roll: its decision's key.
inline constexpr std::string_view kLivePrerollId = "live-preroll";

/// The media sequence number of the segment a player joining `window` now starts with:
/// the last one that starts at least three target durations before the end (RFC 8216
/// section 6.3.3, what hls.js and Shaka do), or at EXT-X-START's TIME-OFFSET when the
/// playlist gives one. MediaTailor starts its pre-roll two target durations back; a
/// player starting further back would then play content before it.
[[nodiscard]] std::int64_t live_join_msn(const manifests::hls::MediaPlaylist& window);

/// One past the segment, from `first`, with which a fill reaches `length`, `covered`
/// of it lying before `first` (within 0.1 s: encoders round); nullopt when the window
/// ends first.
[[nodiscard]] std::optional<std::size_t> end_of_fill(const manifests::hls::MediaPlaylist& window, std::size_t first,
                                                     manifests::Ticks covered, manifests::Ticks length);

struct PrerollPlacement {
  std::size_t first_segment = 0;      ///< in the window
  std::size_t end_segment = 0;        ///< one past its last segment in the window
  manifests::Ticks elapsed_before{};  ///< of the pre-roll, before first_segment (scrolled out)
  bool ended = false;                 ///< the window shows where it ends
};

/// The pre-roll starting at content segment `anchor_msn` and lasting `length` (its ads),
/// in this window: it replaces whole content segments, up to the one its last ad ends
/// in. nullopt when it lies wholly before or after the window.
[[nodiscard]] std::optional<PrerollPlacement> place_preroll(const manifests::hls::MediaPlaylist& window,
                                                            std::int64_t anchor_msn, manifests::Ticks length);

/// The same pre-roll in a live I-frame playlist, whose entries are keyframes numbered
/// apart from the variants' segments: placed on the main variant's window `reference`,
/// then carried onto `iframes` by EXT-X-PROGRAM-DATE-TIME, so its keyframes give way
/// exactly where the video's segments do. nullopt when either window has no dates or it
/// lies outside `iframes`.
[[nodiscard]] std::optional<PrerollPlacement> place_preroll_by_date(const manifests::hls::MediaPlaylist& reference,
                                                                    const manifests::hls::MediaPlaylist& iframes,
                                                                    std::int64_t anchor_msn, manifests::Ticks length);

/// The window's breaks where they overlap the pre-roll, which wins (as MediaTailor's
/// does): a break under way when it starts ends there for this session, cut short; one
/// starting under it resumes where it ends, from the right place in its pod; one wholly
/// under it becomes empty (first_segment == end_segment: nothing to fill).
void yield_to_preroll(std::vector<manifests::Avail>& avails, const PrerollPlacement& preroll,
                      const manifests::hls::MediaPlaylist& window);

}  // namespace ssai
