#pragma once
// The break pipeline: from a presentation's breaks and one session to the breaks its ads
// fill. Every rule between the cues an origin signals and the ads a session is served
// lives here, once, for HLS and DASH, VOD and live, players and the explain lab alike:
//   1. where the breaks come from: the content's cues or, for VOD when the decider has
//      one, a VMAP schedule placed on the content's segment boundaries;
//   2. the live pre-roll, placed where the session joined, winning over breaks it meets;
//   3. which breaks pass through as content without an ad request: below the
//      personalization threshold, insertion points on a live timeline (it cannot grow),
//      a live break laid by time that starts inside the one ahead of it;
//   4. unsignalled live breaks, planned for the configured length while they go on;
//   5. avail suppression (live), against the live edge;
//   6. the decision, once per session and break (the BreakDecider).
// Protocol code only turns the result into HLS entries (fill_break) or DASH periods
// (dash_break_periods); nothing about which break plays what is decided there.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "manifests/avail.hpp"
#include "manifests/hls/playlist.hpp"
#include "ssai/ad_decider.hpp"
#include "ssai/config.hpp"
#include "ssai/decision.hpp"
#include "ssai/live_preroll.hpp"
#include "ssai/session.hpp"

namespace ssai {

/// Who answers a break: a session's stored decisions (decided once, then read back), or
/// the explain lab's decider (asked for this request only, traced).
/// What schedules a VOD presentation's breaks.
struct VodSchedule {
  bool by_vmap = false;              ///< a VMAP, not the content's cues (which stay content)
  std::optional<std::string> vmap;   ///< its document; none came: no breaks at all
};

class BreakDecider {
 public:
  virtual ~BreakDecider() = default;
  /// `configured`: the playback configuration schedules VOD by VMAP.
  virtual boost::asio::awaitable<VodSchedule> vod_schedule(bool configured) = 0;
  virtual boost::asio::awaitable<AvailDecision> decide(const BreakRequest& request) = 0;
};

/// One presentation's breaks as the pipeline meets them, from one protocol's view.
struct BreakTimeline {
  bool live = false;
  /// The content's cues, in timeline order.
  std::vector<manifests::Avail> cues;
  /// VOD: the reference rendition's segment boundaries (0, then each segment's end),
  /// where VMAP breaks go; their count less one is the segment count that tells a
  /// pre-roll or post-roll ([BREAKPOSITION]).
  std::vector<manifests::Ticks> boundaries;
  /// Live: where the live edge stands on the cues' timeline (HLS: the window's length;
  /// DASH: publishTime from availabilityStartTime); nullopt when unknown.
  std::optional<manifests::Ticks> live_edge;
  /// Live DASH: a break replaces content by time from its start for its planned
  /// duration, so one that starts inside the break ahead of it is left to its content.
  bool laid_by_time = false;
  /// Live HLS: the window the live pre-roll is placed in (null: no live pre-roll here),
  /// and, for an I-frame playlist, the main variant's window it is placed by date on.
  const manifests::hls::MediaPlaylist* preroll_window = nullptr;
  const manifests::hls::MediaPlaylist* preroll_reference = nullptr;
  bool iframes = false;
  /// Live HLS: the id the session already knows a break by (its ledger), when it served
  /// part of it; null: the cue's id.
  std::function<std::string(const manifests::Avail&)> known_id;
};

/// A break with ads for the session.
struct DecidedBreak {
  manifests::Avail avail;  ///< as it is filled: the id the session knows, the pre-roll's segments
  AvailDecision decision;
  std::size_t index = 0;   ///< its place in the timeline's breaks (the pre-roll: none, 0)
  bool live_preroll = false;
  std::optional<PrerollPlacement> placement;  ///< the live pre-roll's
  /// Unsignalled (live): it ends for this session where its fill runs out.
  bool ends_at_capacity = false;
};

/// A break the rules left to its content without asking for ads, and why (the lab shows them).
struct PassedThrough {
  std::string avail_id;
  std::string reason;
};

struct PipelineResult {
  std::vector<DecidedBreak> breaks;      ///< in timeline order, the live pre-roll first
  /// VOD: every break of the timeline (cues or VMAP breaks as placed), which
  /// DecidedBreak::index counts: HLS lays them all on a rendition's own segments.
  std::vector<manifests::Avail> scheduled;
  std::vector<PassedThrough> passed;
  std::vector<std::string> warnings;     ///< for the log: VMAP breaks not placed, overlaps
  std::optional<std::string> vmap_text;  ///< the VMAP that scheduled the breaks, when one did
  bool transient = false;                ///< a decision the store could not give: do not cache the answer
};

/// `now_ms`: the wall clock (the injected clock's), against which suppression measures.
[[nodiscard]] boost::asio::awaitable<PipelineResult> run_break_pipeline(BreakTimeline timeline, const Session& session,
                                                                        const PlaybackConfiguration& config,
                                                                        BreakDecider& decider, std::int64_t now_ms);

}  // namespace ssai
