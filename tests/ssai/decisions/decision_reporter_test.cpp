// DecisionReporter: a decision made and stored by this node is counted (fill, skips, ad
// seconds), published to the analytics stream, listed for explain, and its VAST Error
// beacons are queued, due now; Error beacons the decision's budget refused are counted.
#include <catch2/catch.hpp>

#include <algorithm>

#include "decisions/decision_reporter.hpp"
#include "ssai/memory_beacon_queue.hpp"
#include "ssai/memory_store.hpp"
#include "store/store_keys.hpp"
#include "support/loop.hpp"

using namespace std::chrono_literals;
using manifests::Ticks;

namespace {

struct Node {
  test_support::Loop loop;
  ssai::ManualClock clock;
  ssai::MemoryStore store{clock};
  ssai::MemoryBeaconQueue queue{30s, 100, clock};
  ssai::Metrics metrics;
  ssai::BeaconSettings settings;
  ssai::BeaconRecorder recorder{queue, metrics, settings, clock};
  ssai::DecisionReporter reporter{metrics, queue, store, recorder, clock, ssai::SessionLifetime{1h}};
  ssai::Session session;
  ssai::PlaybackConfiguration config;

  Node() {
    session.id = ssai::new_session_id();
    session.config = config.name = "demo";
  }
  bool has(const std::string& series_and_value) {
    return metrics.prometheus_text().find(series_and_value) != std::string::npos;
  }
};

}  // namespace

TEST_CASE("decision reporter: counted, published, listed for explain, its Error beacons queued", "[decisions]") {
  Node node;
  ssai::DecisionOutcome outcome;
  outcome.decision.avail_id = "c1";
  outcome.decision.capacity = Ticks{30 * 90000};
  ssai::PlacedAd ad;
  ad.ad_id = "bars";
  ad.creative_key = "bars-15";
  ad.duration = Ticks{15 * 90000};
  outcome.decision.ads.push_back(ad);
  ssai::DroppedAd dropped;
  dropped.skip = ssai::SkipReason::kCreativeNotReady;
  outcome.decision.dropped.push_back(dropped);
  outcome.error_beacons = {"http://tracker.example/error?code=[ERRORCODE]"};
  outcome.beacons_over_budget = 2;

  node.loop.await(node.reporter.on_decided(node.session, node.config, outcome));

  CHECK(node.has("ssai_ad_decisions_total{outcome=\"filled\"} 1"));
  CHECK(node.has("ssai_ads_placed_total 1"));
  CHECK(node.has("ssai_break_seconds_total{filled_with=\"ads\"} 15"));
  CHECK(node.has("ssai_break_seconds_total{filled_with=\"slate\"} 15"));
  CHECK(node.has("ssai_ad_skips_total{reason=\"creative_not_ready\"} 1"));
  CHECK(node.has("ssai_outbound_refused_total{reason=\"budget\",purpose=\"beacons\"} 2"));

  // The decision on the analytics stream, once (the Error beacon's own entry besides).
  const auto published = node.loop.await(node.queue.analytics_latest(10));
  REQUIRE(published);
  const auto decisions = std::count_if(published->begin(), published->end(), [](const ssai::AnalyticsEntry& entry) {
    return entry.json.find("\"event\":\"decision\"") != std::string::npos && entry.json.find("\"c1\"") != std::string::npos;
  });
  CHECK(decisions == 1);

  const auto listed = node.loop.await(node.store.list(ssai::keys::session_avails(node.session.id)));
  REQUIRE(listed);
  CHECK(*listed == std::vector<std::string>{"c1"});

  const auto due = node.loop.await(node.queue.take("test", 10, node.clock.unix_ms()));
  REQUIRE(due);
  REQUIRE(due->size() == 1);
  CHECK(due->front().beacon.event == "error");
}

TEST_CASE("decision reporter: a break left unfilled is counted as content, with its reason", "[decisions]") {
  Node node;
  ssai::DecisionOutcome outcome;
  outcome.decision.avail_id = "c2";
  outcome.decision.capacity = Ticks{30 * 90000};
  outcome.decision.skip = ssai::SkipReason::kAdsError;
  node.loop.await(node.reporter.on_decided(node.session, node.config, outcome));
  CHECK(node.has("ssai_ad_decisions_total{outcome=\"unfilled\"} 1"));
  CHECK(node.has("ssai_break_seconds_total{filled_with=\"content\"} 30"));
  CHECK(node.has("ssai_ad_skips_total{reason=\"ads_error\"} 1"));
}
