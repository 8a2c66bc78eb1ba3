// Playback configurations managed at run time (PUT/GET/DELETE /v1/config/{name}), kept
// in Redis so that every node sees them.
#include <catch2/catch.hpp>
#include <rapidjson/document.h>
#include <thread>

#include "support/files.hpp"
#include "support/outbound.hpp"
#include "support/http_get.hpp"
#include "support/process.hpp"
#include "support/redis_server.hpp"

using test_support::http_get;
using test_support::http_request;
using test_support::ServerProcess;

namespace {

const std::string kToken = "config-admin-token-1234";
const std::string kAuth = "Authorization: Bearer " + kToken;

}  // namespace

TEST_CASE("a configuration PUT on one node serves sessions on another, and DELETE withdraws it everywhere") {
  test_support::RedisServer redis;
  test_support::TempDir dir;
  ServerProcess fixtures(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  const std::string fx = fixtures.url();
  test_support::write_file(dir.path() / "config.json",
      "{" + test_support::outbound_allowing({fx}) + ", \"admin_token\": \"" + kToken + "\", \"ad_renditions\": {\"dir\": \"" + std::string(SSAI_FIXTURES_DIR) +
      "/media/ads\", \"base_url\": \"" + fx + "/media/ads/\"}, \"playback_configurations\": {\"filed\": {"
      "\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx + "/vast/pod.xml\"}}}");
  const std::vector<std::string> args = {"serve", "--config", (dir.path() / "config.json").string(), "--listen", "127.0.0.1:0",
                                         "--store", redis.url()};
  ServerProcess node_a(SSAI_BINARY, args);
  ServerProcess node_b(SSAI_BINARY, args);
  const std::string body = "{\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx +
                           "/vast/pod.xml\", \"slate_url\": \"" + fx + "/media/creatives/slate.mp4\"}";

  CHECK(http_request({"PUT", node_a.url() + "/v1/config/live-news", {}, body}).status == 401);
  CHECK(http_request({"PUT", node_a.url() + "/v1/config/live-news", {"Authorization: Bearer nope-nope-nope-nope"}, body}).status == 401);
  const auto bad = http_request({"PUT", node_a.url() + "/v1/config/live-news", {kAuth},
                                 "{\"content_origin\": \"ftp://x/\", \"ad_decision_server\": \"" + fx + "/vast/pod.xml\"}"});
  CHECK(bad.status == 400);
  CHECK_THAT(bad.body, Catch::Contains("content_origin"));
  CHECK(http_request({"PUT", node_a.url() + "/v1/config/live-news", {kAuth}, "{not json"}).status == 400);
  CHECK(http_request({"PUT", node_a.url() + "/v1/config/bad%2Fname", {kAuth}, body}).status == 400);
  CHECK(http_get(node_b.url() + "/v1/master/live-news/content/master.m3u8").status == 404);  // not yet

  REQUIRE(http_request({"PUT", node_a.url() + "/v1/config/live-news", {kAuth}, body}).status == 200);
  // Node B last heard "none" less than kConfigRefresh (5 s) ago; it sees the new one after that.
  bool served = false;
  for (int i = 0; i < 70 && !served; ++i) {
    served = http_get(node_b.url() + "/v1/master/live-news/content/master.m3u8").status == 200;
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(served);
  rapidjson::Document shown;
  shown.Parse(http_request({"GET", node_b.url() + "/v1/config/live-news", {kAuth}, ""}).body.c_str());
  REQUIRE(shown.IsObject());
  CHECK(std::string(shown["source"].GetString()) == "api");
  CHECK(std::string(shown["configuration"]["slate_url"].GetString()) == fx + "/media/creatives/slate.mp4");
  shown.Parse(http_request({"GET", node_b.url() + "/v1/config/filed", {kAuth}, ""}).body.c_str());
  CHECK(std::string(shown["source"].GetString()) == "file");

  REQUIRE(http_request({"DELETE", node_a.url() + "/v1/config/live-news", {kAuth}, ""}).status == 200);
  CHECK(http_request({"DELETE", node_a.url() + "/v1/config/live-news", {kAuth}, ""}).status == 404);
  CHECK(http_get(node_a.url() + "/v1/master/live-news/content/master.m3u8").status == 404);  // at once where deleted
  bool withdrawn = false;
  for (int i = 0; i < 70 && !withdrawn; ++i) {
    withdrawn = http_get(node_b.url() + "/v1/master/live-news/content/master.m3u8").status == 404;
    if (!withdrawn) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(withdrawn);
  CHECK(http_get(node_b.url() + "/v1/master/filed/content/master.m3u8").status == 200);  // the file's stay
}
