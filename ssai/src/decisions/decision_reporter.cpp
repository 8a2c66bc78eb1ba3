#include "decisions/decision_reporter.hpp"

#include "beacons/beacon_events.hpp"
#include "ssai/log.hpp"
#include "ssai/outbound_policy.hpp"
#include "store/store_keys.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

asio::awaitable<void> DecisionReporter::on_decided(const Session& session, const PlaybackConfiguration& config,
                                                   DecisionOutcome& outcome) {
  const auto& avail_id = outcome.decision.avail_id;
  count(outcome.decision);
  if (auto published = co_await analytics_.publish(decision_analytics(clock_.unix_ms(), session, outcome.decision)); !published) {
    log::warn("analytics", "session " + session.id + " avail " + avail_id + ": decision not published: " +
                               published.error().detail);
  }
  // Only the maker lists it, so each avail is listed once (best effort: explain only).
  if (auto listed = co_await store_.append(keys::session_avails(session.id), avail_id, lifetime_(config)); !listed) {
    log::warn("store", "session " + session.id + ": avail " + avail_id + " not listed for explain: " + listed.error().detail);
  }
  if (outcome.beacons_over_budget > 0) {
    metrics_.add("ssai_outbound_refused_total", {{"reason", outbound_refusal_name(OutboundRefusal::kBudget)}, {"purpose", "beacons"}},
                 static_cast<double>(outcome.beacons_over_budget));
  }
  co_await recorder_.error_beacons(session, outcome.decision, std::move(outcome.error_beacons), lifetime_(config));
}

void DecisionReporter::count(const AvailDecision& decision) {
  metrics_.add("ssai_ad_decisions_total", {{"outcome", decision.ads.empty() ? "unfilled" : "filled"}});
  metrics_.add("ssai_ads_placed_total", {}, static_cast<double>(decision.ad_count()));
  // Fill rate = ads / (ads + bumpers + slate + unfilled), in seconds of breaks.
  const double break_seconds = static_cast<double>(decision.capacity.count()) / 90000.0;
  const double ad_seconds = static_cast<double>(decision.ad_time().count()) / 90000.0;
  const double bumper_seconds = static_cast<double>(decision.ad_time(true).count()) / 90000.0;
  metrics_.add("ssai_break_seconds_total", {{"filled_with", "ads"}}, ad_seconds);
  if (bumper_seconds > 0) metrics_.add("ssai_break_seconds_total", {{"filled_with", "bumpers"}}, bumper_seconds);
  metrics_.add("ssai_break_seconds_total", {{"filled_with", decision.ads.empty() ? "content" : "slate"}},
               std::max(0.0, break_seconds - ad_seconds - bumper_seconds));
  for (const auto& dropped : decision.dropped) metrics_.add("ssai_ad_skips_total", {{"reason", skip_reason_name(dropped.skip)}});
  if (decision.skip != SkipReason::kNone) metrics_.add("ssai_ad_skips_total", {{"reason", skip_reason_name(decision.skip)}});
  metrics_.observe("ssai_ad_decision_duration_seconds", {}, static_cast<double>(decision.decided_ms) / 1000.0);
}

}  // namespace ssai
