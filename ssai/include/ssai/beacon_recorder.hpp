#pragma once
// What this node records of ad playback, for the dispatcher to send: the beacons each ad
// event is due to fire (queued once across nodes, whoever sees the event first), the VAST
// Error beacons of a decision, and the evidence that a session's player still plays
// (presence, which deferred quartiles wait for). Failures are logged and counted, never
// passed on: the segment or playlist is served whatever happens here.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "manifests/time.hpp"
#include "ssai/beacon_queue.hpp"
#include "ssai/clock.hpp"
#include "ssai/config.hpp"
#include "ssai/decision.hpp"
#include "ssai/metrics.hpp"
#include "ssai/session.hpp"
#include "ssai/throttle.hpp"

namespace ssai {

/// A VAST event of an ad and its moment in the ad.
struct TimedAdEvent {
  std::string_view name;
  manifests::Ticks moment{};
};

class BeaconRecorder {
 public:
  /// Counts into `metrics`: ssai_beacons_queued_total, ssai_beacons_deduplicated_total.
  BeaconRecorder(BeaconQueue& queue, Metrics& metrics, const BeaconSettings& settings, const Clock& clock)
      : queue_(queue), metrics_(metrics), settings_(settings), clock_(clock) {}

  /// The events one fetch of the ad's segment `segment_index` (starting `segment_begin`
  /// into the ad) reached, each due when playback reaches its moment, counted from the
  /// ad's first segment fetch on record (or from now, for a player that joined mid-ad).
  /// The fetch is also the player's presence, noted with the events.
  boost::asio::awaitable<void> ad_events(const Session& session, const AvailDecision& decision, std::size_t ad_index,
                                         std::size_t segment_index, manifests::Ticks segment_begin,
                                         const std::vector<TimedAdEvent>& events, std::chrono::seconds keep);
  /// A decision's VAST Error URLs, due now (once: only the decision's maker calls this).
  boost::asio::awaitable<void> error_beacons(const Session& session, const AvailDecision& decision,
                                             std::vector<std::string> urls, std::chrono::seconds keep);
  /// Notes that the session's player asked for something, at most once a second per
  /// session on this node. `poll`: its reload interval when live, else 0.
  boost::asio::awaitable<void> presence(const Session& session, std::chrono::milliseconds poll, std::chrono::seconds keep);

 private:
  /// True (and noted) when the session's presence was not noted in the last second.
  [[nodiscard]] bool presence_due(const std::string& session_id);

  BeaconQueue& queue_;
  Metrics& metrics_;
  const BeaconSettings& settings_;
  const Clock& clock_;
  Throttle presence_notes_;  ///< sessions whose presence this node noted lately
};

}  // namespace ssai
