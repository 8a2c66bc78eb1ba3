#pragma once
// The records one ad event makes (BeaconQueue::AdEvent): its dedupe marks, a beacon per
// URL, its analytics stream entry; and the analytics entry of a decision.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ssai/beacon_queue.hpp"
#include "ssai/config.hpp"
#include "ssai/decision.hpp"
#include "ssai/session.hpp"

namespace ssai {

struct EventScope {
  const Session& session;
  std::string_view avail_id;
  std::chrono::seconds keep;  ///< the session's TTL: marks and audit trail live as long
  const BeaconSettings& settings;
  std::int64_t now_ms;
};

/// `event` of the ad at `ad_index` (`ad`: null for a break's or an avail's own event):
/// beacons to `urls` (macros filled but the send-time ones), not sent before `due_ms`.
[[nodiscard]] AdEvent make_ad_event(const EventScope& scope, std::size_t ad_index, const PlacedAd* ad,
                                    std::string_view event, const std::vector<std::string>& urls, std::int64_t due_ms);

/// The analytics entry of a decision: filled or not, seconds of ads and of break, time taken.
[[nodiscard]] std::string decision_analytics(std::int64_t at_ms, const Session& session, const AvailDecision& decision);

}  // namespace ssai
