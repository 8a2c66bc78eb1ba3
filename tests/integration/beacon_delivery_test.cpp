// Beacon delivery end to end: nodes on a real redis-server, the fixture server as ad
// server and beacon receiver. The receiver refuses, then hangs, and every node is
// killed and replaced mid-way: in the end each beacon arrived exactly once.
#include <catch2/catch.hpp>
#include <regex>
#include <thread>

#include <rapidjson/document.h>

#include "support/beacon_audit.hpp"
#include "support/cluster.hpp"
#include "support/fixture_ads.hpp"
#include "support/http_get.hpp"

using test_support::http_get;
using namespace std::chrono_literals;

namespace {

const char* const kAds[] = {"bars-15", "blue-10"};
const char* const kEvents[] = {"impression", "start", "firstQuartile", "midpoint", "thirdQuartile", "complete"};

struct Stack : test_support::TwoNodes {
  Stack()
      : TwoNodes(R"({"demo": {"content_origin": "{fixtures}/media/",
                   "ad_decision_server": "{fixtures}/vast/pod.xml?session=[session.id]"}})",
                 R"("admin_token": "beacon-test-admin-token", "beacons": {"timeout_ms": 700, "first_retry_ms": 300, "last_retry_ms": 1000, "lease_seconds": 2})") {}

  std::unique_ptr<test_support::ServerProcess> restart() {
    const std::vector<std::string> serve{"serve", "--config", (dir.path() / "config.json").string(), "--store", redis.url()};
    return std::make_unique<test_support::ServerProcess>(SSAI_BINARY, serve);
  }

  bool all_delivered() const {
    for (const auto* ad : kAds) {
      for (const auto* event : kEvents) {
        if (hits(std::string("/track/") + event + "?ad=" + ad) == 0) return false;
      }
    }
    return true;
  }
};

}  // namespace

TEST_CASE("beacons outlive a receiver that refuses then hangs, and the loss of every node: each arrives once") {
  Stack stack;
  REQUIRE(http_get(stack.fixtures->url() + "/_faults?track_503_ms=3000&track_hang_ms=2500").status == 200);
  const auto variants = test_support::variant_urls(stack.node_a->url() + "/v1/master/demo/content/master.m3u8");
  REQUIRE(variants.size() == 2);
  const auto media = http_get(variants[1]).body;
  std::smatch session;
  REQUIRE(std::regex_search(media, session, std::regex("/v1/segment/([0-9a-f]+)/c1/")));
  // The player plays the first break: every segment of both ads, in order.
  int fetched = 0;
  const std::regex ad_segment("http://[^\\n]+/v1/segment/[^\\n]+/c1/[0-9]+/1/[0-9]+\\.ts\\?k=[^\\n]+");
  for (auto it = std::sregex_iterator(media.begin(), media.end(), ad_segment); it != std::sregex_iterator(); ++it) {
    CHECK(http_get(it->str()).status == 302);
    ++fetched;
  }
  CHECK(fetched == 5);

  // While the receiver refuses, every node dies without a word, and a new one comes.
  for (int i = 0; i < 200 && stack.hits("refused:/track/impression?ad=bars-15") == 0; ++i) std::this_thread::sleep_for(50ms);
  REQUIRE(stack.hits("refused:/track/impression?ad=bars-15") >= 1);
  stack.node_a->kill_hard();
  stack.node_b->kill_hard();
  auto node_c = stack.restart();

  // Quartiles are due as playback reaches them: the last, bars-15's complete, 15 s in.
  for (int i = 0; i < 300 && !stack.all_delivered(); ++i) std::this_thread::sleep_for(100ms);
  REQUIRE(stack.all_delivered());
  // Every beacon's story ends in the audit trail before any count is read.
  REQUIRE(test_support::wait_beacons_settled(node_c->url(), session[1].str(), std::size(kAds) * std::size(kEvents)));
  for (const auto* ad : kAds) {
    for (const auto* event : kEvents) {
      INFO(ad << " " << event);
      CHECK(stack.hits(std::string("/track/") + event + "?ad=" + ad) == 1);
    }
  }

  // The audit trail tells each beacon's story: sent, after refusals and silences.
  const auto audit = http_get(node_c->url() + "/v1/sessions/" + session[1].str() + "/beacons");
  REQUIRE(audit.status == 200);
  rapidjson::Document json;
  json.Parse(audit.body.c_str());
  REQUIRE(json.IsObject());
  const auto& beacons = json["beacons"];
  CHECK(beacons.Size() == 12);
  int retried = 0;
  for (const auto& beacon : beacons.GetArray()) {
    INFO(beacon["id"].GetString());
    CHECK(std::string(beacon["state"].GetString()) == "sent");
    for (const auto& record : beacon["history"].GetArray()) {
      if (std::string(record["state"].GetString()) == "retry") ++retried;
    }
  }
  CHECK(retried >= 2);  // at least impression and start of each ad met the refusals
  CHECK(http_get(node_c->url() + "/v1/sessions/" + std::string(32, 'f') + "/beacons").status == 404);

  // Dashboards read the same events from the analytics stream, behind the admin token.
  const auto events = node_c->url() + "/v1/events";
  CHECK(http_get(events).status == 401);
  const auto stream = http_get(events + "?token=beacon-test-admin-token");
  CHECK(stream.status == 200);
  CHECK(stream.content_type == "text/event-stream");
  CHECK(stream.body.find(R"("event":"complete")") != std::string::npos);
  CHECK(stream.body.find(R"("event":"decision")") != std::string::npos);
  // And each beacon's final outcome, once: 12 sent.
  std::size_t sent = 0;
  for (auto at = stream.body.find(R"("event":"delivery")"); at != std::string::npos;
       at = stream.body.find(R"("event":"delivery")", at + 1)) {
    const auto line_end = stream.body.find('\n', at);
    if (stream.body.substr(at, line_end - at).find(R"("outcome":"sent")") != std::string::npos) ++sent;
  }
  CHECK(sent == 12);
  CHECK(http_get(events + "?token=beacon-test-admin-token&after=1-2-3").status == 400);
}
