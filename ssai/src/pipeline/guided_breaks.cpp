#include "pipeline/guided_breaks.hpp"

#include "manifests/hls/playlist.hpp"
#include "manifests/stable_hash.hpp"
#include "ssai/break_rules.hpp"
#include "ssai/live_preroll.hpp"
#include "ssai/log.hpp"
#include "ssai/vod_breaks.hpp"
#include "vast/vmap.hpp"
#include "vast/macros.hpp"

namespace ssai {
using manifests::Ticks;

namespace {

// A live break replaces content for its planned length from where it started.
Ticks planned_live_length(const manifests::Avail& avail, const PlaybackConfiguration& config) {
  return avail.duration_signalled ? avail.duration : Ticks{config.unsignalled_break.count() * 90};
}

// Event@id is a number: the same for a break on every reload and node.
std::uint32_t event_id_of(std::string_view avail_id) { return manifests::fnv1a_32(avail_id); }

}  // namespace

std::vector<manifests::Avail> guided_breaks(const PlaybackConfiguration& config, bool live,
                                           const std::vector<manifests::Avail>& cues,
                                           const std::optional<std::string>& schedule,
                                           const std::vector<Ticks>& boundaries) {
  if (live || config.vod_ad_schedule != VodAdSchedule::kVmap) return cues;
  std::vector<manifests::Avail> out;
  if (!schedule) return out;
  auto vmap = vast::parse_vmap(*schedule);
  if (!vmap) {
    log::warn("guided", config.name + ": the VMAP schedule does not parse, no break announced: " + vmap.error().detail);
    return out;
  }
  for (auto& placed : place_vmap_breaks(*vmap, boundaries, cues).breaks) out.push_back(std::move(placed.avail));
  return out;
}

std::vector<manifests::hls::Interstitial> guided_interstitials(const manifests::hls::MediaPlaylist& playlist,
                                                                const std::vector<manifests::Avail>& breaks,
                                                                const PlaybackConfiguration& config,
                                                                const std::string& asset_lists) {
  std::vector<manifests::hls::Interstitial> out;
  // Trick play shows no ads; a playlist of keyframes announces none.
  if (manifests::hls::is_iframes_only(playlist)) return out;
  const bool live = !playlist.endlist;
  if (live && !config.live_preroll_ads.empty()) {
    // The live pre-roll: each player plays its session's before the content, once
    // (CUE="PRE,ONCE", whatever the date), then joins the live content where it would
    // have without it (X-RESUME-OFFSET=0), its ads at most the configured length. Its
    // date is a fixed one: the tag must read the same on every reload.
    manifests::hls::Interstitial preroll;
    preroll.id = std::string(kLivePrerollId);
    preroll.asset_list = asset_lists + preroll.id + ".json";
    preroll.start_date_ms = manifests::hls::kSyntheticStartMs;
    preroll.pre_roll = true;
    preroll.once = true;
    preroll.snap_out = preroll.snap_in = false;
    preroll.playout_limit = Ticks{config.live_preroll_max.count() * 90};
    out.push_back(std::move(preroll));
  }
  for (const auto& avail : breaks) {
    if (below_threshold(avail, config)) continue;
    manifests::hls::Interstitial brk;
    brk.id = avail.id;
    brk.at_segment = avail.first_segment;
    brk.asset_list = asset_lists + vast::percent_encode(avail.id) + ".json";
    if (live) {
      // Replaced for its planned length from where it started, even when the window
      // shows its start no more.
      const Ticks planned = planned_live_length(avail, config);
      // The break's own start (cue detection counted back what left the window), so
      // every reload announces it alike.
      brk.start_date_ms = avail.start_date_ms;
      brk.duration = planned;
      brk.resume_offset = planned;
      // CUE="ONCE": a live break is played once (a viewer seeking back in the window does
      // not get it again), and hls.js 1.6 then plays it in a media source of its own.
      // Appended in place into the live content's buffer instead, it resumed the content
      // a segment late (or, unsnapped, cut the slate) and froze for 17 s after each
      // break (tests/browser/play_guided_live.mjs).
      brk.once = true;
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

std::vector<manifests::dash::AlternativeBreak> guided_alternatives(const manifests::dash::Mpd& mpd,
                                                                   const std::vector<manifests::Avail>& breaks,
                                                                   const PlaybackConfiguration& config,
                                                                   const std::string& alternatives) {
  std::vector<manifests::dash::AlternativeBreak> out;
  const bool live = mpd.dynamic();
  for (const auto& avail : breaks) {
    if (below_threshold(avail, config)) continue;
    manifests::dash::AlternativeBreak brk;
    brk.event_id = event_id_of(avail.id);
    brk.at = avail.start;
    brk.uri = alternatives + vast::percent_encode(avail.id) + ".mpd";
    if (live) {
      brk.replaced = planned_live_length(avail, config);
    } else if (avail.end_segment > avail.first_segment) {
      brk.replaced = avail.content_duration;
    }
    out.push_back(std::move(brk));
  }
  return out;
}

}  // namespace ssai
