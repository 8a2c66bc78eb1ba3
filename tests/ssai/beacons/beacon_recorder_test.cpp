// BeaconRecorder: what an ad segment fetch queues (once, whichever node or retry sees it
// first), when each event is due, the player's presence noted at most once a second, and
// a decision's Error beacons. A memory queue on a ManualClock: nothing sleeps.
#include <catch2/catch.hpp>

#include "ssai/beacon_recorder.hpp"
#include "ssai/memory_beacon_queue.hpp"
#include "support/loop.hpp"

using namespace std::chrono_literals;
using manifests::Ticks;

namespace {

struct Bench {
  test_support::Loop loop;
  ssai::ManualClock clock;
  ssai::MemoryBeaconQueue queue{30s, 100, clock};
  ssai::Metrics metrics;
  ssai::BeaconSettings settings;
  ssai::BeaconRecorder recorder{queue, metrics, settings, clock};
  ssai::Session session;
  ssai::AvailDecision decision;

  Bench() {
    session.id = ssai::new_session_id();
    session.config = "demo";
    decision.avail_id = "c1";
    ssai::PlacedAd ad;
    ad.ad_id = "bars-15";
    ad.duration = Ticks{15 * 90000};
    ad.impressions = {"http://tracker.example/impression?ad=bars-15"};
    ad.tracking = {{"start", "http://tracker.example/start"},
                   {"firstQuartile", "http://tracker.example/q1"},
                   {"complete", "http://tracker.example/complete"}};
    decision.ads.push_back(ad);
  }

  // The events due now, taken off the queue (as the dispatcher would), by name.
  std::vector<std::string> due_now() {
    auto taken = loop.await(queue.take("test", 100, clock.unix_ms()));
    REQUIRE(taken);
    std::vector<std::string> events;
    for (const auto& beacon : *taken) events.push_back(beacon.beacon.event);
    std::sort(events.begin(), events.end());
    return events;
  }
  double counted(const std::string& series) {
    const auto text = metrics.prometheus_text();
    const auto at = text.find(series + " ");
    return at == std::string::npos ? 0 : std::stod(text.substr(at + series.size() + 1));
  }
};

const std::vector<ssai::TimedAdEvent> kFirstSegment = {
    {"impression", Ticks{}}, {"start", Ticks{}}, {"firstQuartile", Ticks{15 * 90000 / 4}}};

}  // namespace

TEST_CASE("beacon recorder: an ad's first segment queues its events once, each due when playback reaches it", "[beacons]") {
  Bench b;
  b.loop.await(b.recorder.ad_events(b.session, b.decision, 0, 0, Ticks{}, kFirstSegment, 1h));
  // The player retries the segment, or another node sees it: nothing more is queued.
  b.loop.await(b.recorder.ad_events(b.session, b.decision, 0, 0, Ticks{}, kFirstSegment, 1h));
  CHECK(b.due_now() == std::vector<std::string>{"impression", "start"});
  CHECK(b.counted("ssai_beacons_queued_total{event=\"impression\"}") == 1);
  CHECK(b.counted("ssai_beacons_deduplicated_total{event=\"impression\"}") == 1);
  b.clock.advance(3s);
  CHECK(b.due_now().empty());
  b.clock.advance(1s);  // 3.75 s into the ad
  CHECK(b.due_now() == std::vector<std::string>{"firstQuartile"});
  // The fetch was the player's presence, noted with the events.
  auto seen = b.loop.await(b.queue.presence(b.session.id));
  REQUIRE(seen);
  REQUIRE(*seen);
  CHECK((*seen)->seen_ms == b.clock.unix_ms() - 4000);
}

TEST_CASE("beacon recorder: a later segment counts from the ad's first fetch, or from now for a player that joined mid-ad",
          "[beacons]") {
  const std::vector<ssai::TimedAdEvent> complete = {{"complete", Ticks{15 * 90000}}};
  SECTION("the first fetch on record") {
    Bench b;
    b.loop.await(b.recorder.ad_events(b.session, b.decision, 0, 0, Ticks{}, kFirstSegment, 1h));
    (void)b.due_now();
    b.clock.advance(12s);  // the last segment, 12 s in, fetched 12 s later
    CHECK(b.due_now() == std::vector<std::string>{"firstQuartile"});
    b.loop.await(b.recorder.ad_events(b.session, b.decision, 0, 2, Ticks{12 * 90000}, complete, 1h));
    b.clock.advance(2900ms);
    CHECK(b.due_now().empty());
    b.clock.advance(100ms);  // 15 s after the first fetch
    CHECK(b.due_now() == std::vector<std::string>{"complete"});
  }
  SECTION("joined mid-ad") {
    Bench b;
    b.loop.await(b.recorder.ad_events(b.session, b.decision, 0, 2, Ticks{12 * 90000}, complete, 1h));
    b.clock.advance(2900ms);
    CHECK(b.due_now().empty());
    b.clock.advance(100ms);
    CHECK(b.due_now() == std::vector<std::string>{"complete"});
  }
}

TEST_CASE("beacon recorder: presence noted at most once a second per session, and a decision's Error beacons due now",
          "[beacons]") {
  Bench b;
  b.loop.await(b.recorder.presence(b.session, 6000ms, 1h));
  const auto first = b.clock.unix_ms();
  b.clock.advance(500ms);
  b.loop.await(b.recorder.presence(b.session, 6000ms, 1h));
  CHECK((*b.loop.await(b.queue.presence(b.session.id)))->seen_ms == first);
  b.clock.advance(600ms);
  b.loop.await(b.recorder.presence(b.session, 6000ms, 1h));
  const auto seen = *b.loop.await(b.queue.presence(b.session.id));
  CHECK(seen->seen_ms == b.clock.unix_ms());
  CHECK(seen->poll_ms == 6000);

  b.loop.await(b.recorder.error_beacons(b.session, b.decision, {"http://tracker.example/error?code=303"}, 1h));
  CHECK(b.due_now() == std::vector<std::string>{"error"});
  CHECK(b.counted("ssai_beacons_queued_total{event=\"error\"}") == 1);
}
