#include "pipeline/guided_breaks.hpp"

#include "manifests/hls/playlist.hpp"
#include "ssai/break_rules.hpp"
#include "vast/macros.hpp"

namespace ssai {
using manifests::Ticks;

std::vector<manifests::hls::Interstitial> guided_interstitials(const ParsedMedia& media, const PlaybackConfiguration& config,
                                                                const std::string& asset_lists) {
  std::vector<manifests::hls::Interstitial> out;
  const auto& playlist = media.playlist;
  // Trick play shows no ads; a playlist of keyframes announces none.
  if (manifests::hls::is_iframes_only(playlist)) return out;
  const bool live = !playlist.endlist;
  for (const auto& avail : media.cues.avails) {
    if (below_threshold(avail, config)) continue;
    manifests::hls::Interstitial brk;
    brk.id = avail.id;
    brk.at_segment = avail.first_segment;
    brk.asset_list = asset_lists + vast::percent_encode(avail.id) + ".json";
    if (live) {
      // Replaced for its planned length from where it started, even when the window
      // shows its start no more: every reload announces it alike.
      const Ticks planned = avail.duration_signalled ? avail.duration : Ticks{config.unsignalled_break.count() * 90};
      if (avail.start_date_ms) brk.start_date_ms = *avail.start_date_ms - avail.elapsed_before.count() / 90;
      brk.duration = planned;
      brk.resume_offset = planned;
    } else if (avail.end_segment > avail.first_segment) {
      brk.duration = avail.content_duration;
      brk.resume_offset = avail.content_duration;
    } else {
      const auto position = break_position(avail, playlist.segments.size());
      brk.pre_roll = position == BreakPosition::kPreRoll;
      brk.post_roll = position == BreakPosition::kPostRoll;
      if (avail.duration.count() > 0) brk.planned = avail.duration;
    }
    out.push_back(std::move(brk));
  }
  return out;
}

}  // namespace ssai
