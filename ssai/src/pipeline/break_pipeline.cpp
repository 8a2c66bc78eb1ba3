#include "ssai/break_pipeline.hpp"

#include <algorithm>

#include "ssai/break_rules.hpp"
#include "ssai/vod_breaks.hpp"
#include "vast/vmap.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;
using manifests::Ticks;

namespace {

// The live pre-roll in this window, decided (once per session) and placed; the window's
// breaks yield to it. Nothing when the configuration has none, the session has no
// join point, its ads are none or it lies outside the window.
asio::awaitable<std::optional<DecidedBreak>> live_preroll(BreakTimeline& timeline, const Session& session,
                                                          const PlaybackConfiguration& config, BreakDecider& decider,
                                                          PipelineResult& out) {
  if (!timeline.preroll_window || config.live_preroll_ads.empty() || !session.preroll_msn) co_return std::nullopt;
  manifests::Avail avail;
  avail.id = std::string(kLivePrerollId);
  avail.duration = Ticks{config.live_preroll_max.count() * 90};  // [session.avail_duration_secs]
  BreakRequest wanted{avail, 1, BreakPosition::kPreRoll};  // the session's first break
  wanted.live = true;
  wanted.live_preroll = true;
  auto decision = co_await decider.decide(wanted);
  out.transient = out.transient || decision.skip == SkipReason::kStoreUnavailable;
  if (decision.ads.empty()) co_return std::nullopt;  // no ads: the content plays
  // Its place is a segment number of the variants; I-frame playlists number keyframes.
  const auto& window = *timeline.preroll_window;
  std::optional<PrerollPlacement> placed;
  if (!timeline.iframes) {
    placed = place_preroll(window, *session.preroll_msn, decision.capacity);
  } else if (timeline.preroll_reference) {
    placed = place_preroll_by_date(*timeline.preroll_reference, window, *session.preroll_msn, decision.capacity);
  }
  if (!placed) co_return std::nullopt;
  yield_to_preroll(timeline.cues, *placed, window);
  avail.first_segment = placed->first_segment;
  avail.end_segment = placed->end_segment;
  co_return DecidedBreak{std::move(avail), std::move(decision), 0, true, placed, false};
}

// VOD: the content's cues, or the VMAP's breaks placed on its segment boundaries.
asio::awaitable<std::vector<ScheduledBreak>> vod_breaks(BreakTimeline& timeline, const PlaybackConfiguration& config,
                                                        BreakDecider& decider, std::optional<vast::Vmap>& vmap,
                                                        PipelineResult& out) {
  std::vector<ScheduledBreak> breaks;
  auto schedule = co_await decider.vod_schedule(config.vod_ad_schedule == VodAdSchedule::kVmap);
  if (!schedule.by_vmap) {
    for (auto& avail : timeline.cues) breaks.push_back({std::move(avail), nullptr});
    co_return breaks;
  }
  // The VMAP is the schedule; the content's cues stay content (and place "#n" breaks).
  if (!schedule.vmap) co_return breaks;
  auto document = vast::parse_vmap(*schedule.vmap);
  if (!document) {
    out.warnings.push_back("vmap: " + document.error().detail);
    co_return breaks;
  }
  vmap = std::move(*document);
  auto placed = place_vmap_breaks(*vmap, timeline.boundaries, timeline.cues);
  out.warnings.insert(out.warnings.end(), placed.warnings.begin(), placed.warnings.end());
  out.vmap_text = std::move(schedule.vmap);
  co_return std::move(placed.breaks);
}

// A live timeline cannot grow: a break that replaces nothing plays through.
bool insertion_point(const BreakTimeline& timeline, const manifests::Avail& avail) {
  // Laid by time: segment indices mean little in a period still open.
  return timeline.laid_by_time ? avail.duration.count() <= 0 : avail.first_segment == avail.end_segment;
}

}  // namespace

asio::awaitable<PipelineResult> run_break_pipeline(BreakTimeline timeline, const Session& session,
                                                   const PlaybackConfiguration& config, BreakDecider& decider,
                                                   std::int64_t now_ms) {
  PipelineResult out;
  std::optional<vast::Vmap> vmap;  // the scheduled breaks point into it
  std::vector<ScheduledBreak> breaks;
  if (timeline.live) {
    if (auto preroll = co_await live_preroll(timeline, session, config, decider, out)) out.breaks.push_back(std::move(*preroll));
    for (auto& avail : timeline.cues) breaks.push_back({std::move(avail), nullptr});
  } else {
    breaks = co_await vod_breaks(timeline, config, decider, vmap, out);
  }
  const std::size_t segment_count = timeline.boundaries.empty() ? 0 : timeline.boundaries.size() - 1;
  const std::size_t preroll_count = out.breaks.size();

  for (std::size_t i = 0; i < breaks.size(); ++i) {
    auto& avail = breaks[i].avail;
    if (timeline.known_id) avail.id = timeline.known_id(avail);
    if (!timeline.live) out.scheduled.push_back(avail);  // VOD fills lay them all on each rendition
    if (timeline.live && insertion_point(timeline, avail)) {
      out.passed.push_back({avail.id, "an insertion point: a live timeline cannot grow"});
      continue;
    }
    if (below_threshold(avail, config)) {
      out.passed.push_back({avail.id, "shorter than the personalization threshold, left as it is"});
      continue;
    }
    if (timeline.live && timeline.laid_by_time && out.breaks.size() > preroll_count) {
      const auto& ahead = out.breaks.back().avail;
      if (avail.start < ahead.start + ahead.duration) {
        out.warnings.push_back("live break " + avail.id + " overlaps " + ahead.id + ": left as content");
        out.passed.push_back({avail.id, "starts inside break " + ahead.id});
        continue;
      }
    }
    BreakRequest wanted{avail, static_cast<int>(i + 1), BreakPosition::kMidRoll};
    if (timeline.live) {
      // Where the live edge stood against the break's start: what avail suppression asks.
      const Ticks before_edge = timeline.live_edge ? *timeline.live_edge - (avail.start - avail.elapsed_before) : Ticks{};
      // No cue says how long it lasts: planned for the configured length while it goes on.
      if (!avail.duration_signalled && avail.open_at_end) {
        avail.duration = std::max(avail.duration, Ticks{config.unsignalled_break.count() * 90});
      }
      wanted.live = true;
      wanted.suppressed = suppressed(config, session, before_edge, now_ms);
    } else {
      wanted.position = break_position(avail, segment_count);
      wanted.content_position = avail.start;
      wanted.vmap_break = breaks[i].ad_break;
    }
    auto decision = co_await decider.decide(wanted);
    out.transient = out.transient || decision.skip == SkipReason::kStoreUnavailable;
    if (decision.ads.empty()) continue;  // no ads: the content plays through
    const bool unsignalled = timeline.live && !avail.duration_signalled;
    out.breaks.push_back({std::move(avail), std::move(decision), i, false, std::nullopt, unsignalled});
  }
  co_return out;
}

}  // namespace ssai
