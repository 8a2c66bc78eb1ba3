#pragma once
// The break pipeline's view of a DASH MPD (dash_breaks.cpp), for a session's stitched
// MPD and a guided session's alternative MPDs alike.
#include <optional>
#include <vector>

#include "manifests/avail.hpp"
#include "manifests/dash/mpd.hpp"
#include "ssai/break_pipeline.hpp"

namespace ssai {

/// Live (a dynamic MPD): each cue replaces content by time from its splice point, dated
/// from availabilityStartTime, up to the live edge (publishTime). VOD: the cues on the
/// reference video's segment boundaries, where VMAP breaks go too.
[[nodiscard]] BreakTimeline dash_timeline(const manifests::dash::Mpd& mpd, std::vector<manifests::Avail> cues);

/// Where a live MPD's live edge stands on its timeline: publishTime, from
/// availabilityStartTime; nullopt for an MPD without them.
[[nodiscard]] std::optional<manifests::Ticks> dash_live_edge(const manifests::dash::Mpd& mpd);

/// The period that plays at `at` on the MPD timeline (the last that starts by then).
[[nodiscard]] pugi::xml_node dash_period_at(const manifests::dash::Mpd& mpd, manifests::Ticks at);

}  // namespace ssai
