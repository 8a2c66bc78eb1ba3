// AdSegments, alone: an ad segment URL answers 302 to the segment on the CDN and queues
// the events playback reaches with it (Impression and start on the first segment,
// complete on the last); an unknown avail, ad or segment is 404; when the store cannot
// tell the session, the ad still plays (the creative named by ?k=) and no beacon is
// queued. Its parts are built here, over a memory store: no binary, no server.
#include <catch2/catch.hpp>

#include <algorithm>

#include "playback/ad_segments.hpp"
#include "ssai/memory_beacon_queue.hpp"
#include "ssai/memory_store.hpp"
#include "store/store_keys.hpp"
#include "support/counting_store.hpp"
#include "support/files.hpp"
#include "support/loop.hpp"

using namespace std::chrono_literals;
using manifests::Ticks;

namespace {

// Never asked: every decision these tests use is stored already.
class NoAds final : public ssai::AdSource {
 public:
  boost::asio::awaitable<ssai::DecisionOutcome> decide(const ssai::Session&, const ssai::PlaybackConfiguration&,
                                                       const ssai::BreakRequest&) override {
    FAIL("the ad server was asked");
    co_return ssai::DecisionOutcome{};
  }
  boost::asio::awaitable<ssai::Result<std::string>> request_vmap(const ssai::Session&, const ssai::PlaybackConfiguration&) override {
    FAIL("the ad server was asked");
    co_return std::string{};
  }
};

struct Node {
  test_support::Loop loop;
  ssai::ManualClock clock;
  ssai::MemoryStore memory{clock};
  test_support::CountingStore store{memory};
  test_support::TempDir renditions;
  adcache::RenditionLibrary library{renditions.path(), "http://cdn.example/ads/"};
  std::map<std::string, ssai::PlaybackConfiguration, std::less<>> file_configs;
  ssai::ConfigRegistry configs{file_configs, store, clock};
  ssai::SessionCache sessions{store, clock};
  NoAds ads;
  ssai::SessionLifetime lifetime{1h};
  ssai::DecisionStore decisions{store, ads, lifetime,
                                [](const ssai::Session&, const ssai::PlaybackConfiguration&, ssai::DecisionOutcome&)
                                    -> boost::asio::awaitable<void> { co_return; }};
  ssai::BreakFiller fills{library, nullptr, "http://cdn.example/ads/"};
  ssai::MemoryBeaconQueue queue{30s, 100, clock};
  ssai::Metrics metrics;
  ssai::BeaconSettings settings;
  ssai::BeaconRecorder recorder{queue, metrics, settings, clock};
  ssai::RequestOriginSettings urls{"http://ssai.example/", "", {}, {}, {}};
  ssai::AdSegments segments{{sessions, configs, decisions, library, fills, recorder, urls, lifetime}};
  ssai::Session session;

  static std::map<std::string, ssai::PlaybackConfiguration, std::less<>> demo() {
    ssai::PlaybackConfiguration config;
    config.name = "demo";
    config.content_origin = "http://origin.example/";
    return {{"demo", config}};
  }

  Node() : file_configs(demo()) {
    // A creative of two 6 s segments, as the conditioning worker publishes it.
    test_support::write_file(renditions.path() / "bars-12" / "master.m3u8",
                             "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=976000,RESOLUTION=640x360\n360p/index.m3u8\n");
    test_support::write_file(renditions.path() / "bars-12" / "360p" / "index.m3u8",
                             "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.000,\nseg_000.ts\n#EXTINF:6.000,\nseg_001.ts\n"
                             "#EXT-X-ENDLIST\n");
    session.id = ssai::new_session_id();
    session.config = "demo";
    session.master_url = "http://origin.example/content/master.m3u8";
    REQUIRE(loop.await(sessions.save(session, ssai::to_json(session), 1h)));
    ssai::AvailDecision decision;
    decision.avail_id = "c1";
    decision.capacity = Ticks{12 * 90000};
    ssai::PlacedAd ad;
    ad.ad_id = "bars";
    ad.creative_key = "bars-12";
    ad.duration = Ticks{12 * 90000};
    ad.impressions = {"http://tracker.example/impression"};
    ad.tracking = {{"start", "http://tracker.example/start"}, {"complete", "http://tracker.example/complete"}};
    decision.ads.push_back(ad);
    REQUIRE(loop.await(memory.set(ssai::keys::decision(session.id, "c1"), ssai::to_json(decision), 1h)));
  }

  // As the router hands it over: the path after /v1/segment/, without the query.
  ssai::Response get(const std::string& target) {
    const auto request = ssai::request_for("GET", "/v1/segment/" + target, "");
    return loop.await(segments.answer(request, target.substr(0, target.find('?'))));
  }
  static std::string location(const ssai::Response& response) {
    for (const auto& [name, value] : response.headers) {
      if (name == "Location") return value;
    }
    return {};
  }
  // Every beacon queued so far, due now or later, by event name.
  std::vector<std::string> queued() {
    auto taken = loop.await(queue.take("test", 100, clock.unix_ms() + 3600'000));
    REQUIRE(taken);
    std::vector<std::string> events;
    for (const auto& beacon : *taken) events.push_back(beacon.beacon.event);
    std::sort(events.begin(), events.end());
    return events;
  }
};

}  // namespace

TEST_CASE("ad segments: a fetch answers 302 to the CDN and queues the events playback reaches", "[playback]") {
  Node node;
  const auto first = node.get(node.session.id + "/c1/0/0/0.ts");
  REQUIRE(first.status == 302);
  CHECK(Node::location(first) == "http://cdn.example/ads/bars-12/360p/seg_000.ts");
  CHECK(node.queued() == std::vector<std::string>{"impression", "start"});

  const auto last = node.get(node.session.id + "/c1/0/0/1.ts");
  REQUIRE(last.status == 302);
  CHECK(Node::location(last) == "http://cdn.example/ads/bars-12/360p/seg_001.ts");
  CHECK(node.queued() == std::vector<std::string>{"complete"});

  // Fetched again (a player's retry, another node): nothing queued twice.
  CHECK(node.get(node.session.id + "/c1/0/0/0.ts").status == 302);
  CHECK(node.queued().empty());
}

TEST_CASE("ad segments: what the session's decision does not name is 404", "[playback]") {
  Node node;
  CHECK(node.get(node.session.id + "/c9/0/0/0.ts").status == 404);  // no such avail
  CHECK(node.get(node.session.id + "/c1/1/0/0.ts").status == 404);  // no such ad
  CHECK(node.get(node.session.id + "/c1/0/1/0.ts").status == 404);  // no such rendition
  CHECK(node.get(node.session.id + "/c1/0/0/2.ts").status == 404);  // no such segment
  CHECK(node.get(node.session.id + "/c1/0/0/0.mp4").status == 404);
  CHECK(node.get(node.session.id + "/c1/0/0.ts").status == 404);
  CHECK(node.get(ssai::new_session_id() + "/c1/0/0/0.ts").status == 404);  // no such session
  CHECK(node.queued().empty());
}

TEST_CASE("ad segments: with the store away the ad still plays, and no beacon is queued", "[playback]") {
  Node node;
  node.store.down = true;
  const auto played = node.get(node.session.id + "/c1/0/0/0.ts?k=bars-12");
  REQUIRE(played.status == 302);
  CHECK(Node::location(played) == "http://cdn.example/ads/bars-12/360p/seg_000.ts");
  // Without the creative's key the segment cannot be found: the store's error, as it is.
  CHECK(node.get(node.session.id + "/c1/0/0/0.ts").status == 503);
  node.store.down = false;
  CHECK(node.queued().empty());
}
