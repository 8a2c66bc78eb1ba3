#pragma once
// Where a VMAP's breaks go in VOD content: each linear break becomes an insertion point
// (an Avail that replaces nothing) at the segment boundary nearest its time offset, since
// a player can only switch to ads between segments.
#include <string>
#include <vector>

#include "manifests/avail.hpp"
#include "manifests/hls/playlist.hpp"
#include "vast/vmap.hpp"

namespace ssai {

struct ScheduledBreak {
  manifests::Avail avail;          ///< id "v<n>", n the break's place in the VMAP from 1
  const vast::AdBreak* ad_break;   ///< into the Vmap given
};

struct BreakSchedule {
  std::vector<ScheduledBreak> breaks;  ///< in playlist order
  std::vector<std::string> warnings;   ///< breaks that could not be placed, and why
};

/// A playlist's segment boundaries: 0, then the end of each segment.
[[nodiscard]] std::vector<manifests::Ticks> segment_boundaries(const manifests::hls::MediaPlaylist& content);

/// `cue_avails` are the content's own cues, which "#n" offsets count.
[[nodiscard]] BreakSchedule place_vmap_breaks(const vast::Vmap& vmap, const manifests::hls::MediaPlaylist& content,
                                              const std::vector<manifests::Avail>& cue_avails);

/// The same on any content given by its segment boundaries (0, then the end of each
/// segment; a DASH MPD's reference representation across its periods).
[[nodiscard]] BreakSchedule place_vmap_breaks(const vast::Vmap& vmap, const std::vector<manifests::Ticks>& boundaries,
                                              const std::vector<manifests::Avail>& cue_avails);

}  // namespace ssai
