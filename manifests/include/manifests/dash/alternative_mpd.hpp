#pragma once
// Server-guided DASH (ISO/IEC 23009-1 6th edition, Alternative MPD events): each break
// of the content MPD becomes an Event of the alternativeMPD replace scheme (the break
// takes the place of the content under it) or insert scheme (played between two
// segments), whose ReplacePresentation/InsertPresentation names the MPD of the break's
// ads. The event stream carries a RequestParam (urn:mpeg:dash:urlparam:2025) that has
// the player add the query of its own MPD URL to the alternative MPD's: the content
// MPD stays the same bytes for every viewer while each viewer's request names its
// session. Shaka Player 5 and DASH-IF livesim2 read the same elements.
#include <cstdint>
#include <span>
#include <string>

#include "manifests/dash/mpd.hpp"
#include "manifests/dash/stitch.hpp"

namespace manifests::dash {

inline constexpr std::string_view kAlternativeReplaceScheme = "urn:mpeg:dash:event:alternativeMPD:replace:2025";
inline constexpr std::string_view kAlternativeInsertScheme = "urn:mpeg:dash:event:alternativeMPD:insert:2025";
inline constexpr std::string_view kUrlParam2025Scheme = "urn:mpeg:dash:urlparam:2025";

struct AlternativeBreak {
  std::uint32_t event_id = 0;  ///< Event@id (an xs:unsignedInt): the same on every reload
  Ticks at{};                  ///< on the MPD timeline
  /// Replace: the content the break takes the place of (Event@duration, returnOffset,
  /// maxDuration). Insert: 0, played between segments, for what its MPD lasts.
  Ticks replaced{};
  std::string uri;  ///< the break's alternative MPD; the player adds its MPD URL's query
};

/// Adds each break's Event to the period it falls in, one EventStream per period and
/// scheme (timescale 90 kHz), and the MPD-level EssentialProperty saying that Annex I
/// 2025 URL parameters are used. No breaks: the MPD is left as it is. Errors when a
/// break lies outside every period.
[[nodiscard]] Result<void> add_alternative_mpd_events(Mpd& mpd, std::span<const AlternativeBreak> breaks);

}  // namespace manifests::dash
