// Explicit sessions (POST /v1/session/...) and what a player hears when it comes back to
// a session that has expired (410) or never existed (404).
#include <catch2/catch.hpp>
#include <rapidjson/document.h>
#include <regex>
#include <sstream>
#include <thread>

#include "support/files.hpp"
#include "support/http_get.hpp"
#include "support/process.hpp"

using test_support::http_get;
using test_support::http_request;
using test_support::ServerProcess;

namespace {

const std::string kToken = "explain-admin-token-99";

struct ShortSessions {
  ServerProcess fixtures{SSAI_BINARY, {"fixtures", "serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"}};
  test_support::TempDir dir;
  std::unique_ptr<ServerProcess> ssai;

  ShortSessions() {
    const std::string fx = fixtures.url();
    test_support::write_file(dir.path() / "config.json",
        "{\"session_ttl_seconds\": 2, \"admin_token\": \"" + kToken + "\", \"ad_renditions\": {\"dir\": \"" +
        std::string(SSAI_FIXTURES_DIR) + "/media/ads\", \"base_url\": \"" + fx + "/media/ads/\"}, "
        "\"playback_configurations\": {\"demo\": {"
        "\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx +
        "/vast/pod.xml?device=[player_params.device]\", \"slate_url\": \"" + fx + "/media/creatives/slate.mp4\"}, "
        "\"slow\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx +
        "/vast/pod.xml?delay_ms=3000\", \"ads_timeout_ms\": 300}}}");
    ssai = std::make_unique<ServerProcess>(SSAI_BINARY, std::vector<std::string>{"serve", "--config", (dir.path() / "config.json").string(),
                                                                                 "--listen", "127.0.0.1:0"});
  }

  [[nodiscard]] test_support::HttpResult post(const std::string& path, const std::string& body) const {
    return http_request({"POST", ssai->url() + path, {"Content-Type: application/json"}, body});
  }
};

std::string first_variant(const std::string& master) {
  std::smatch variant;
  REQUIRE(std::regex_search(master, variant, std::regex("http://[^\\n]+/0\\.m3u8[^\\n]*")));
  return variant.str();
}  // (from a master already fetched: the tests look at the master too)

}  // namespace

TEST_CASE("an explicit session: adsParams reach the ad server, manifestUrl plays the stitched stream") {
  ShortSessions s;
  const auto created = s.post("/v1/session/demo/content/master.m3u8", R"({"adsParams": {"device": "tv"}})");
  REQUIRE(created.status == 200);
  rapidjson::Document answer;
  answer.Parse(created.body.c_str());
  REQUIRE(answer.IsObject());
  const std::string id = answer["sessionId"].GetString();
  CHECK(std::regex_match(id, std::regex("[0-9a-f]{32}")));
  const std::string manifest_url = answer["manifestUrl"].GetString();
  CHECK(manifest_url == s.ssai->url() + "/v1/sessions/" + id + "/master.m3u8");
  const auto master = http_get(manifest_url);
  REQUIRE(master.status == 200);
  CHECK_THAT(master.body, Catch::Contains("/v1/manifest/" + id + "/0.m3u8"));
  CHECK(http_get(manifest_url).body == master.body);  // the same session, however often asked
  const auto media = http_get(first_variant(master.body));
  REQUIRE(media.status == 200);
  CHECK_THAT(media.body, Catch::Contains("/v1/segment/" + id + "/"));
  rapidjson::Document hits;
  hits.Parse(http_get(s.fixtures.url() + "/_hits").body.c_str());
  CHECK(hits.HasMember("query:/vast/pod.xml?device=tv"));
}

TEST_CASE("explicit sessions: bad bodies and targets get JSON errors") {
  ShortSessions s;
  CHECK(s.post("/v1/session/demo/content/master.m3u8", "{not json").status == 400);
  CHECK(s.post("/v1/session/demo/content/master.m3u8", R"({"adsParams": ["tv"]})").status == 400);
  CHECK(s.post("/v1/session/demo/content/master.m3u8", R"({"adsParams": {"device": 4}})").status == 400);
  CHECK(s.post("/v1/session/demo/content/master.m3u8", std::string(70 * 1024, ' ')).status == 413);  // over the server's body limit
  CHECK(s.post("/v1/session/nope/content/master.m3u8", "{}").status == 404);
  CHECK(s.post("/v1/session/demo/%2e%2e/secret.m3u8", "{}").status == 400);
  CHECK(s.post("/v1/session/demo/content/360p/index.m3u8", "{}").status == 400);  // a media playlist
  CHECK(s.post("/v1/session/demo/content/master.m3u8", "").status == 200);          // no body: no parameters
  CHECK(http_request({"PUT", s.ssai->url() + "/v1/session/demo/content/master.m3u8", {}, "{}"}).status == 400);
}

TEST_CASE("a session that expired answers 410, one that never existed 404") {
  ShortSessions s;
  const auto master = http_get(s.ssai->url() + "/v1/master/demo/content/master.m3u8");
  REQUIRE(master.status == 200);
  const auto variant = first_variant(master.body);
  const auto id = std::regex_replace(variant, std::regex(".*/v1/manifest/([0-9a-f]{32})/.*"), "$1");
  CHECK(http_get(variant).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));  // the TTL is 2 s
  const auto expired = http_get(variant);
  CHECK(expired.status == 410);
  CHECK_THAT(expired.body, Catch::Contains("\"error\":\"gone\""));
  CHECK(http_get(s.ssai->url() + "/v1/sessions/" + id + "/master.m3u8").status == 410);
  CHECK(http_get(s.ssai->url() + "/v1/sessions/0123456789abcdef0123456789abcdef/master.m3u8").status == 404);
  CHECK(http_get(s.ssai->url() + "/v1/sessions/not-an-id/master.m3u8").status == 404);
}

TEST_CASE("explain: every avail of a session, its ads and slate, and each skip with its reason") {
  ShortSessions s;
  auto explain = [&](const std::string& master_body) {
    const auto id = std::regex_replace(first_variant(master_body), std::regex(".*/v1/manifest/([0-9a-f]{32})/.*"), "$1");
    return std::pair(id, http_request({"GET", s.ssai->url() + "/v1/sessions/" + id + "/explain", {"Authorization: Bearer " + kToken}, ""}));
  };
  const auto master = http_get(s.ssai->url() + "/v1/master/demo/content/master.m3u8");
  REQUIRE(http_get(first_variant(master.body)).status == 200);
  auto [id, answer] = explain(master.body);
  REQUIRE(answer.status == 200);
  rapidjson::Document doc;
  doc.Parse(answer.body.c_str());
  REQUIRE(doc.IsObject());
  CHECK(std::string(doc["session_id"].GetString()) == id);
  REQUIRE(doc["avails"].Size() == 1);
  const auto& avail = doc["avails"][0];
  CHECK(std::string(avail["position"].GetString()) == "mid-roll");
  CHECK(std::string(avail["break_seconds"].GetString()) == "30.000");
  CHECK(avail["ads"].Size() == 2);
  CHECK(std::string(avail["slate_seconds"].GetString()) == "5.000");
  CHECK(avail["decided_ms"].GetInt64() >= 0);
  CHECK(http_get(s.ssai->url() + "/v1/sessions/" + id + "/explain").status == 401);

  const auto slow = http_get(s.ssai->url() + "/v1/master/slow/content/master.m3u8");
  REQUIRE(http_get(first_variant(slow.body)).status == 200);
  auto [slow_id, slow_answer] = explain(slow.body);
  doc.Parse(slow_answer.body.c_str());
  REQUIRE(doc.IsObject());
  REQUIRE(doc["avails"].Size() == 1);
  CHECK(std::string(doc["avails"][0]["no_ads_reason"].GetString()) == "ads_timeout");
  CHECK(doc["skips_by_reason"]["ads_timeout"].GetInt() == 1);

  // The same counts for dashboards, in the Prometheus text format.
  const auto metrics = http_get(s.ssai->url() + "/metrics");
  REQUIRE(metrics.status == 200);
  CHECK_THAT(metrics.content_type, Catch::StartsWith("text/plain"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_ad_decisions_total{outcome=\"filled\"} 1\n"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_ad_decisions_total{outcome=\"unfilled\"} 1\n"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_ad_skips_total{reason=\"ads_timeout\"} 1\n"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_ads_placed_total 2\n"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_break_seconds_total{filled_with=\"ads\"} 25\n"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_break_seconds_total{filled_with=\"slate\"} 5\n"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_http_requests_total{route=\"manifest\",code=\"200\"} 2\n"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_http_request_duration_seconds_bucket{route=\"manifest\",le=\"+Inf\"} 2\n"));
  // Nothing left to condition (the fixture ads are conditioned): a gauge at zero.
  CHECK_THAT(metrics.body, Catch::Contains("# TYPE ssai_conditioning_queue_depth gauge\n"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_conditioning_queue_depth{state=\"pending\"} 0\n"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_conditioning_queue_depth{state=\"conditioning\"} 0\n"));
  // Every line is a comment or "name{labels} value", as scrapers expect.
  std::istringstream lines(metrics.body);
  const std::regex sample(R"(^ssai_[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [-+0-9.eInf]+$)");
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    CHECK((line.starts_with("# HELP ssai_") || line.starts_with("# TYPE ssai_") || std::regex_match(line, sample)));
  }
}
