#include "ssai/vod_breaks.hpp"

#include <algorithm>

namespace ssai {
namespace {

using manifests::Ticks;

std::size_t nearest(const std::vector<Ticks>& at, Ticks time) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < at.size(); ++i) {
    if (std::abs((at[i] - time).count()) < std::abs((at[best] - time).count())) best = i;
  }
  return best;
}

}  // namespace

std::vector<Ticks> segment_boundaries(const manifests::hls::MediaPlaylist& content) {
  std::vector<Ticks> out{Ticks{}};
  for (const auto& segment : content.segments) out.push_back(out.back() + segment.duration);
  return out;
}

BreakSchedule place_vmap_breaks(const vast::Vmap& vmap, const manifests::hls::MediaPlaylist& content,
                                const std::vector<manifests::Avail>& cue_avails) {
  return place_vmap_breaks(vmap, segment_boundaries(content), cue_avails);
}

BreakSchedule place_vmap_breaks(const vast::Vmap& vmap, const std::vector<Ticks>& at,
                                const std::vector<manifests::Avail>& cue_avails) {
  BreakSchedule schedule;
  if (at.empty()) return schedule;
  const vast::Milliseconds total{at.back().count() / 90};
  for (std::size_t n = 0; n < vmap.ad_breaks.size(); ++n) {
    const auto& ad_break = vmap.ad_breaks[n];
    const std::string name = "VMAP break " + std::to_string(n + 1) +
                             (ad_break.break_id.empty() ? "" : " (" + ad_break.break_id + ")");
    if (!ad_break.is_linear()) {
      schedule.warnings.push_back(name + " is not linear: a server-side stream cannot show it");
      continue;
    }
    if (!ad_break.ad_source || !(ad_break.ad_source->vast_ad_data || ad_break.ad_source->ad_tag_uri)) {
      schedule.warnings.push_back(name + " has no VAST source");
      continue;
    }
    std::size_t boundary = 0;
    if (ad_break.time_offset.kind == vast::TimeOffset::Kind::kPosition) {
      const auto position = static_cast<std::size_t>(ad_break.time_offset.position);
      if (position == 0 || position > cue_avails.size()) {
        schedule.warnings.push_back(name + " is at cue point #" + std::to_string(position) + ", and the content has " +
                                    std::to_string(cue_avails.size()));
        continue;
      }
      boundary = cue_avails[position - 1].first_segment;
    } else {
      const auto time = vast::break_time(ad_break.time_offset, total);
      if (!time) continue;  // unreachable: only "#n" has no time
      boundary = nearest(at, Ticks{time->count() * 90});
    }
    manifests::Avail avail;
    avail.id = "v" + std::to_string(n + 1);
    avail.first_segment = avail.end_segment = boundary;
    avail.start = at[boundary];
    schedule.breaks.push_back({std::move(avail), &ad_break});
  }
  // Two breaks on one boundary play in VMAP order.
  std::stable_sort(schedule.breaks.begin(), schedule.breaks.end(),
                   [](const auto& a, const auto& b) { return a.avail.first_segment < b.avail.first_segment; });
  return schedule;
}

}  // namespace ssai
