// The session routes in this process, on a ManualClock: expiry and keep-alive as players
// meet them, with nothing sleeping (they took seconds of real time as binary tests).
#include <catch2/catch.hpp>
#include <regex>

#include "support/files.hpp"
#include "support/in_process.hpp"

using namespace std::chrono_literals;

namespace {

// A VOD origin of one variant, playlists only: the session routes never fetch segments.
struct Origin {
  test_support::TempDir dir;
  Origin() {
    std::filesystem::create_directories(dir.path() / "content");
    test_support::write_file(dir.path() / "content" / "master.m3u8",
                             "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nvideo.m3u8\n");
    std::string media = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n";
    for (int i = 0; i < 5; ++i) media += "#EXTINF:6.0,\nseg" + std::to_string(i) + ".ts\n";
    test_support::write_file(dir.path() / "content" / "video.m3u8", media + "#EXT-X-ENDLIST\n");
    test_support::write_file(dir.path() / "vast.xml", "<VAST version=\"4.0\"/>\n");  // no ads
  }
};

struct ShortSessions {
  Origin origin;
  test_support::InProcessService service{
      R"("session_ttl_seconds": 2, "playback_configurations": {)"
      R"("demo": {"content_origin": "{fx}/", "ad_decision_server": "{fx}/vast.xml"},)"
      R"("lasting": {"content_origin": "{fx}/", "ad_decision_server": "{fx}/vast.xml", "session_ttl_seconds": 60}})",
      origin.dir.path().string()};

  // A new session's first variant URL.
  std::string start(const std::string& config) {
    const auto master = service.get("/v1/master/" + config + "/content/master.m3u8");
    REQUIRE(master.status == 200);
    std::smatch variant;
    REQUIRE(std::regex_search(master.body, variant, std::regex("http://[^\\n]+/v1/manifest/[^\\n]+")));
    return variant.str();
  }
};

std::string session_of(const std::string& variant) {
  return std::regex_replace(variant, std::regex(".*/v1/manifest/([0-9a-f]{32})/.*"), "$1");
}

}  // namespace

TEST_CASE("session routes: a session that expired answers 410, one that never existed 404", "[routes]") {
  ShortSessions s;
  const auto variant = s.start("demo");
  const auto id = session_of(variant);
  CHECK(s.service.get(variant).status == 200);
  // A configuration with its own, longer TTL keeps its sessions past the service's.
  const auto lasting = s.start("lasting");
  s.service.clock.advance(3s);  // the service's TTL is 2 s
  const auto expired = s.service.get(variant);
  CHECK(expired.status == 410);
  CHECK_THAT(expired.body, Catch::Contains("\"error\":\"gone\""));
  CHECK(s.service.get(lasting).status == 200);
  CHECK(s.service.get("/v1/sessions/" + id + "/master.m3u8").status == 410);
  CHECK(s.service.get("/v1/sessions/0123456789abcdef0123456789abcdef/master.m3u8").status == 404);
  CHECK(s.service.get("/v1/sessions/not-an-id/master.m3u8").status == 404);
}

TEST_CASE("session routes: a player that keeps asking keeps its session, one that stops loses it", "[routes]") {
  ShortSessions s;
  const auto variant = s.start("demo");
  // Ten times the TTL, asking every half second as a player reloading would.
  for (int i = 0; i < 40; ++i) {
    INFO("after " << i * 500 << " ms");
    REQUIRE(s.service.get(variant).status == 200);
    s.service.clock.advance(500ms);
  }
  s.service.clock.advance(2500ms);
  CHECK(s.service.get(variant).status == 410);
}

TEST_CASE("routes: unknown paths 404, wrong methods 400, every answer counted under its route", "[routes]") {
  ShortSessions s;
  CHECK(s.service.get("/healthz").status == 200);
  CHECK(s.service.request("HEAD", "/healthz").status == 200);
  CHECK(s.service.get("/v1/nowhere").status == 404);
  CHECK(s.service.request("PUT", "/v1/master/demo/content/master.m3u8").status == 400);
  CHECK(s.service.get("/v1/blank.vtt").body == "WEBVTT\n");
  const auto metrics = s.service.get("/metrics");
  REQUIRE(metrics.status == 200);
  CHECK_THAT(metrics.body, Catch::Contains("ssai_http_requests_total{route=\"healthz\",code=\"200\"} 2"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_http_requests_total{route=\"other\",code=\"404\"} 1"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_http_requests_total{route=\"blank\",code=\"200\"} 1"));
  CHECK_THAT(metrics.body, Catch::Contains("ssai_detached_failures_total"));
}
