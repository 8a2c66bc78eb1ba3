// The break pipeline's result as HLS entries, for players' playlists and the explain
// lab alike: VOD fills laid on a rendition's own segments, live breaks for stitch_live.
#include <algorithm>

#include "manifests/hls/align.hpp"
#include "ssai/live_preroll.hpp"
#include "pipeline/break_filler.hpp"
#include "ssai/vod_breaks.hpp"

namespace ssai {
using manifests::hls::LiveLedger;
using manifests::hls::MediaPlaylist;

namespace {

// The id this session already knows a break by, when it served part of it: cue ids
// derived from what the window shows can change once the break's start scrolls away.
std::string known_break_id(const LiveLedger& ledger, const MediaPlaylist& window, const manifests::Avail& avail) {
  for (auto i = avail.first_segment; i < avail.end_segment; ++i) {
    if (auto id = ledger.break_at(window.media_sequence + static_cast<std::int64_t>(i)); !id.empty()) return id;
  }
  return avail.id;
}

// An unsignalled break that outlasts what was planned for it: it ends, for this session,
// at the segment where its fill runs out (the fill completes there, content resumes), so
// the playlist never waits on a CUE-IN that is not coming yet.
void end_at_capacity(manifests::hls::LiveBreak& live, const MediaPlaylist& playlist, manifests::Ticks capacity) {
  const auto end = end_of_fill(playlist, live.first_segment, live.elapsed_before, capacity);
  if (!end || *end > live.end_segment) return;
  live.end_segment = *end;
  live.ended = true;
  live.ended_early = false;
}

}  // namespace

BreakTimeline hls_vod_timeline(std::vector<manifests::Avail> cues, const MediaPlaylist& reference) {
  BreakTimeline timeline;
  timeline.cues = std::move(cues);
  timeline.boundaries = segment_boundaries(reference);
  return timeline;
}

BreakTimeline hls_live_timeline(std::vector<manifests::Avail> cues, const MediaPlaylist& window,
                                const MediaPlaylist* main_window, MediaKind kind, const LiveLedger* ledger) {
  BreakTimeline timeline;
  timeline.live = true;
  timeline.cues = std::move(cues);
  // The window's end is the live edge, now: where breaks start in wall-clock time.
  timeline.live_edge = manifests::hls::total_duration(window);
  timeline.preroll_window = &window;
  timeline.preroll_reference = main_window;
  timeline.iframes = kind == MediaKind::kIFrames;
  if (ledger) {
    timeline.known_id = [ledger, &window](const manifests::Avail& avail) { return known_break_id(*ledger, window, avail); };
  }
  return timeline;
}

std::vector<manifests::hls::BreakFill> BreakFiller::vod_fills(const HlsFillContext& context, const PipelineResult& planned,
                                                          const MediaPlaylist& reference, const MediaPlaylist& playlist) {
  // Decided on the reference's view of each break, laid on this playlist's segments.
  const auto placed = &reference != &playlist ? manifests::hls::align_avails(reference, planned.scheduled, playlist)
                                              : planned.scheduled;
  std::vector<manifests::hls::BreakFill> fills;
  for (const auto& decided : planned.breaks) {
    fills.push_back(fill_break(context.base, context.session, context.config, placed[decided.index], decided.decision,
                               context.traits, {context.kind, nullptr, context.lab})
                        .fill);
  }
  return fills;
}

std::vector<manifests::hls::LiveBreak> BreakFiller::live_breaks(const HlsFillContext& context, PipelineResult& planned,
                                                            const MediaPlaylist& playlist, const LiveLedger* ledger) {
  std::vector<manifests::hls::LiveBreak> breaks;
  for (auto& decided : planned.breaks) {
    const auto& avail = decided.avail;
    auto filled = fill_break(context.base, context.session, context.config, avail, decided.decision, context.traits,
                             {context.kind, ledger ? ledger->pin(avail.id) : nullptr, context.lab});
    if (decided.placement) {  // the live pre-roll
      const auto& placed = *decided.placement;
      breaks.push_back({avail.id, placed.first_segment, placed.end_segment, placed.elapsed_before, placed.ended, false,
                        std::move(filled.fill.segments), std::move(filled.pin)});
      continue;
    }
    manifests::hls::LiveBreak live{avail.id, avail.first_segment, avail.end_segment, avail.elapsed_before, !avail.open_at_end,
                                   avail.ended_early, std::move(filled.fill.segments), std::move(filled.pin)};
    if (decided.ends_at_capacity) end_at_capacity(live, playlist, decided.decision.capacity);
    breaks.push_back(std::move(live));
  }
  std::sort(breaks.begin(), breaks.end(), [](const auto& a, const auto& b) { return a.first_segment < b.first_segment; });
  return breaks;
}

}  // namespace ssai
