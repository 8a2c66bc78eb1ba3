#include "pipeline/dash_breaks.hpp"

#include "manifests/dash/cues.hpp"
#include "manifests/dash/segments.hpp"

namespace ssai {
namespace dash = manifests::dash;
using manifests::Ticks;

namespace {

// The reference video's segment boundaries on the MPD timeline: where breaks can go.
std::vector<Ticks> reference_boundaries(const dash::Mpd& mpd) {
  std::vector<Ticks> out;
  for (const auto& period : mpd.periods()) {
    const auto info = dash::segment_info(dash::reference_representation(period.node), period.duration);
    const Ticks end = period.start + period.duration.value_or(Ticks{});
    for (const auto& segment : dash::list_segments(info, period.duration)) {
      const auto offset = segment.time >= info.presentation_time_offset ? segment.time - info.presentation_time_offset : 0;
      const Ticks at = period.start + dash::to_ticks(offset, info.timescale);
      if (out.empty() || at > out.back()) out.push_back(at);
    }
    if (period.duration && (out.empty() || end > out.back())) out.push_back(end);
  }
  return out;
}

}  // namespace

std::optional<Ticks> dash_live_edge(const dash::Mpd& mpd) {
  const auto available_from = dash::time_attribute(mpd.root(), "availabilityStartTime");
  const auto published = dash::time_attribute(mpd.root(), "publishTime");
  if (!available_from || !published) return std::nullopt;
  return Ticks{(*published - *available_from) * 90};
}

pugi::xml_node dash_period_at(const dash::Mpd& mpd, Ticks at) {
  pugi::xml_node found;
  for (const auto& period : mpd.periods()) {
    if (period.start <= at) found = period.node;
  }
  return found;
}

BreakTimeline dash_timeline(const dash::Mpd& mpd, std::vector<manifests::Avail> cues) {
  BreakTimeline timeline;
  timeline.live = mpd.dynamic();
  timeline.cues = std::move(cues);
  if (timeline.live) {
    timeline.laid_by_time = true;
    timeline.live_edge = dash_live_edge(mpd);
    if (const auto available_from = dash::time_attribute(mpd.root(), "availabilityStartTime")) {
      for (auto& avail : timeline.cues) avail.start_date_ms = *available_from + avail.start.count() / 90;
    }
  } else {
    timeline.boundaries = reference_boundaries(mpd);
  }
  return timeline;
}

}  // namespace ssai
