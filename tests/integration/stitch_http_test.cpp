// The service end to end over loopback HTTP: real `ssai serve`, real fixture server
// (origin + ad server), fixture media made by ffmpeg.
#include <catch2/catch.hpp>
#include <chrono>
#include <regex>
#include <thread>

#include <rapidjson/document.h>

#include "support/files.hpp"
#include "support/http_get.hpp"
#include "support/process.hpp"

using test_support::http_get;
using test_support::ServerProcess;

namespace {

const std::string kFixtures = SSAI_FIXTURES_DIR;

// The fixture server, and ssai with one playback configuration per situation to test.
struct Stack {
  ServerProcess fixtures{SSAI_BINARY, {"fixtures", "serve", "--dir", kFixtures, "--listen", "127.0.0.1:0"}};
  test_support::TempDir dir;
  std::unique_ptr<ServerProcess> ssai;

  Stack() {
    const std::string fx = fixtures.url();
    const std::string closed = "http://127.0.0.1:9";  // nothing listens on the discard port
    auto playback = [&](const std::string& name, const std::string& origin, const std::string& ads, int ads_timeout_ms) {
      return "\"" + name + "\": {\"content_origin\": \"" + origin + "\", \"ad_decision_server\": \"" + ads +
             "\", \"slate_url\": \"" + fx + "/media/creatives/slate.mp4\", \"ads_timeout_ms\": " +
             std::to_string(ads_timeout_ms) + ", \"origin_timeout_ms\": 2000}";
    };
    const std::string pod = fx + "/vast/pod.xml?session=[session.id]&duration=[session.avail_duration_secs]";
    test_support::write_file(dir.path() / "config.json",
        "{\"listen\": \"127.0.0.1:0\",\n"
        " \"ad_renditions\": {\"dir\": \"" + kFixtures + "/media/ads\", \"base_url\": \"" + fx + "/media/ads/\"},\n"
        " \"playback_configurations\": {\n  " +
        playback("demo", fx + "/media/", pod, 2000) + ",\n  " +
        playback("no-ad-server", fx + "/media/", closed + "/vast", 2000) + ",\n  " +
        playback("bad-vast", fx + "/media/", fx + "/vast/malformed.xml", 2000) + ",\n  " +
        playback("slow-ads", fx + "/media/", fx + "/vast/pod.xml?delay_ms=5000", 500) + ",\n  " +
        playback("no-origin", closed + "/media/", pod, 2000) + ",\n  " +
        playback("bad-cue", fx + "/origin/", pod, 2000) + ",\n  " +
        playback("wrapped", fx + "/media/", fx + "/vast/wrapper-3.xml", 2000) + ",\n  " +
        playback("macros", fx + "/media/", fx + "/vast/macros.xml", 2000) + ",\n  " +
        "\"posted\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx + "/vast/pod.xml\", " +
        "\"ad_decision_server_body\": \"{\\\"session\\\": \\\"[session.id]\\\", \\\"device\\\": \\\"[player_params.device]\\\", " +
        "\\\"seconds\\\": [session.avail_duration_secs]}\", " +
        "\"ad_decision_server_headers\": {\"Content-Type\": \"application/json\", \"X-Api-Key\": \"k-[session.avail_num]\"}, " +
        "\"slate_url\": \"" + fx + "/media/creatives/slate.mp4\"}}}\n");
    ssai = std::make_unique<ServerProcess>(SSAI_BINARY, std::vector<std::string>{"serve", "--config", (dir.path() / "config.json").string()});
  }

  /// Session ids and ports vary from run to run; golden files hold placeholders.
  [[nodiscard]] std::string normalize(std::string text) const {
    text = std::regex_replace(text, std::regex(fixtures.url()), "{fixtures}");
    text = std::regex_replace(text, std::regex(ssai->url()), "{ssai}");
    return std::regex_replace(text, std::regex("/[0-9a-f]{32}/"), "/{session}/");
  }

  [[nodiscard]] long hits(const std::string& key) const {
    rapidjson::Document json;
    json.Parse(http_get(fixtures.url() + "/_hits").body.c_str());
    return json.HasMember(key.c_str()) ? json[key.c_str()].GetInt64() : 0;
  }

  /// Media playlist URLs of a fresh session's master.
  [[nodiscard]] std::vector<std::string> variants(const std::string& master_url) const {
    const auto master = http_get(master_url);
    REQUIRE(master.status == 200);
    std::vector<std::string> out;
    std::istringstream lines(master.body);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("http", 0) == 0) out.push_back(line);
    }
    return out;
  }
};

std::string error_name(const test_support::HttpResult& result) {
  rapidjson::Document json;
  json.Parse(result.body.c_str());
  REQUIRE(json.IsObject());
  REQUIRE(json.HasMember("message"));
  return json["error"].GetString();
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("stitched master and media playlists match the golden files") {
  Stack stack;
  const auto master = http_get(stack.ssai->url() + "/v1/master/demo/content/master.m3u8");
  REQUIRE(master.status == 200);
  CHECK(master.content_type == "application/vnd.apple.mpegurl");
  const auto golden_dir = std::filesystem::path(kFixtures) / "golden" / "skeleton";
  CHECK(stack.normalize(master.body) == test_support::golden(golden_dir / "master.m3u8", stack.normalize(master.body)));

  const auto urls = stack.variants(stack.ssai->url() + "/v1/master/demo/content/master.m3u8");
  REQUIRE(urls.size() == 2);
  for (std::size_t i = 0; i < urls.size(); ++i) {
    const auto media = http_get(urls[i]);
    REQUIRE(media.status == 200);
    const auto actual = stack.normalize(media.body);
    CHECK(actual == test_support::golden(golden_dir / ("variant_" + std::to_string(i) + ".m3u8"), actual));
    // Asking again gives the same playlist: the decision was stored, not made anew.
    CHECK(http_get(urls[i]).body == media.body);
  }
  // Two sessions (the first master above, then this one): one ad request each, for
  // all renditions and repeats together.
  CHECK(stack.hits("/vast/pod.xml") == 1);
  CHECK(stack.hits("/track/impression") == 0);  // manifests alone fire nothing
}

TEST_CASE("an ad segment redirects to the CDN and fires its impression exactly once") {
  Stack stack;
  const auto urls = stack.variants(stack.ssai->url() + "/v1/master/demo/content/master.m3u8");
  const auto media = http_get(urls.at(1)).body;
  std::smatch first_ad;
  REQUIRE(std::regex_search(media, first_ad, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/0/1/0\\.ts")));
  const auto redirect = http_get(first_ad.str());
  CHECK(redirect.status == 302);
  CHECK(redirect.location == stack.fixtures.url() + "/media/ads/bars-15/720p/seg_000.ts");
  CHECK(http_get(redirect.location).status == 200);
  CHECK(http_get(first_ad.str()).status == 302);  // the player retries: no second beacon
  for (int i = 0; i < 100 && stack.hits("/track/impression?ad=bars-15") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(stack.hits("/track/impression?ad=bars-15") == 1);
  CHECK(stack.hits("/track/start?ad=bars-15") == 1);
  CHECK(stack.hits("/track/impression?ad=blue-10") == 0);
  CHECK(stack.hits("/track/complete?ad=bars-15") == 0);
}

TEST_CASE("unknown names and bad paths get JSON errors") {
  Stack stack;
  const auto base = stack.ssai->url();
  auto r = http_get(base + "/v1/master/nope/content/master.m3u8");
  CHECK(r.status == 404);
  CHECK(error_name(r) == "not_found");
  r = http_get(base + "/v1/master/demo/../../etc/passwd.m3u8");
  CHECK((r.status == 400 || r.status == 404));
  r = http_get(base + "/v1/master/demo/content/%2e%2e/x.m3u8");
  CHECK(r.status == 400);
  r = http_get(base + "/v1/manifest/0123456789abcdef0123456789abcdef/0.m3u8");
  CHECK(r.status == 404);
  CHECK(error_name(r) == "not_found");
  const auto urls = stack.variants(base + "/v1/master/demo/content/master.m3u8");
  r = http_get(std::regex_replace(urls[0], std::regex("/0\\.m3u8$"), "/7.m3u8"));
  CHECK(r.status == 404);
  CHECK(http_get(base + "/v1/master/demo/content/missing.m3u8").status == 404);
  CHECK(http_get(base + "/healthz").body == R"({"status":"ok"})");
}

TEST_CASE("origin unreachable: 502 with a JSON error") {
  Stack stack;
  const auto r = http_get(stack.ssai->url() + "/v1/master/no-origin/content/master.m3u8");
  CHECK(r.status == 502);
  CHECK(error_name(r) == "origin_failed");
}

TEST_CASE("ad server down, malformed VAST or too slow: the content plays without ads") {
  Stack stack;
  for (const std::string config : {"no-ad-server", "bad-vast", "slow-ads"}) {
    INFO(config);
    const auto started = std::chrono::steady_clock::now();
    const auto urls = stack.variants(stack.ssai->url() + "/v1/master/" + config + "/content/master.m3u8");
    const auto media = http_get(urls.at(0));
    const auto took = std::chrono::steady_clock::now() - started;
    REQUIRE(media.status == 200);
    CHECK(count(media.body, "#EXTINF") == 10);
    CHECK(count(media.body, "/media/content/360p/seg_") == 10);
    CHECK(count(media.body, "#EXT-X-DISCONTINUITY") == 0);
    CHECK(took < std::chrono::seconds(2));  // the 500 ms ad timeout, not the 5 s ad server
  }
  const auto log = stack.ssai->log();
  CHECK_THAT(log, Catch::Contains("ad server unreachable"));
  CHECK_THAT(log, Catch::Contains("VAST rejected (error 100)"));
  CHECK_THAT(log, Catch::Contains("no answer within 500 ms"));
}

TEST_CASE("a malformed cue: the break is ignored and logged, the content plays") {
  Stack stack;
  const auto urls = stack.variants(stack.ssai->url() + "/v1/master/bad-cue/bad-cue/master.m3u8");
  const auto media = http_get(urls.at(0));
  REQUIRE(media.status == 200);
  CHECK(count(media.body, "#EXTINF") == 5);
  CHECK(count(media.body, "#EXT-X-DISCONTINUITY") == 0);
  CHECK(count(media.body, stack.fixtures.url() + "/media/content/360p/seg_00") == 5);
  CHECK(stack.hits("/vast/pod.xml") == 0);
  CHECK_THAT(stack.ssai->log(), Catch::Contains("malformed duration 'DURATION=thirty'"));
}

TEST_CASE("an ad server answering through a 3-deep wrapper chain: the pod is stitched, every wrapper counts the impression") {
  Stack stack;
  const auto urls = stack.variants(stack.ssai->url() + "/v1/master/wrapped/content/master.m3u8");
  const auto media = http_get(urls.at(0));
  REQUIRE(media.status == 200);
  CHECK(count(media.body, "/v1/segment/") == 5);  // 3 + 2 ad segments
  CHECK(count(media.body, "#EXT-X-DISCONTINUITY") == 4);
  std::smatch first_ad;
  REQUIRE(std::regex_search(media.body, first_ad, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/0/0/0\\.ts")));
  CHECK(http_get(first_ad.str()).status == 302);
  for (int i = 0; i < 100 && stack.hits("/track/impression?ad=w1") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  for (const char* ad : {"w3", "w2", "w1", "bars-15"}) {
    INFO(ad);
    CHECK(stack.hits(std::string("/track/impression?ad=") + ad) == 1);
  }
  CHECK(stack.hits("/vast/wrapper-3.xml") == 1);
  CHECK(stack.hits("/vast/pod.xml") == 1);
}

TEST_CASE("an ad server that takes a POST: templated JSON body, player parameters escaped") {
  Stack stack;
  const auto urls = stack.variants(stack.ssai->url() + "/v1/master/posted/content/master.m3u8?device=tv%22%7D");
  const auto media = http_get(urls.at(0));
  REQUIRE(media.status == 200);
  CHECK(count(media.body, "/v1/segment/") == 5);  // the pod came back from the POST
  CHECK(stack.hits("POST /vast/pod.xml") == 1);
  const auto body = http_get(stack.fixtures.url() + "/_last_body?path=/vast/pod.xml").body;
  rapidjson::Document json;
  json.Parse(body.c_str());
  REQUIRE(json.IsObject());  // a quote in a player parameter did not break the JSON
  CHECK(std::string(json["device"].GetString()) == "tv\"}");
  CHECK(json["seconds"].GetInt() == 30);
  CHECK(std::string(json["session"].GetString()).size() == 32);

  // IAB server-side guidance: our own User-Agent, the device's in X-Device-*.
  rapidjson::Document headers;
  headers.Parse(http_get(stack.fixtures.url() + "/_last_headers?path=/vast/pod.xml").body.c_str());
  REQUIRE(headers.IsObject());
  CHECK(std::string(headers["X-Api-Key"].GetString()) == "k-1");
  CHECK(std::string(headers["Content-Type"].GetString()) == "application/json");
  CHECK(std::string(headers["X-Device-IP"].GetString()) == "127.0.0.1");
  CHECK(std::string(headers["X-Forwarded-For"].GetString()) == "127.0.0.1");
  CHECK(std::string(headers["User-Agent"].GetString()).rfind("ssai/", 0) == 0);
}

TEST_CASE("beacon macros are filled when the beacon is sent") {
  Stack stack;
  const auto urls = stack.variants(stack.ssai->url() + "/v1/master/macros/content/master.m3u8");
  const auto media = http_get(urls.at(0)).body;
  std::smatch first_ad;
  REQUIRE(std::regex_search(media, first_ad, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/0/0/0\\.ts")));
  REQUIRE(http_get(first_ad.str()).status == 302);
  std::string impression;
  std::string start;
  for (int i = 0; i < 100 && (impression.empty() || start.empty()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    rapidjson::Document hits;
    hits.Parse(http_get(stack.fixtures.url() + "/_hits").body.c_str());
    for (const auto& m : hits.GetObject()) {
      const std::string key = m.name.GetString();
      if (key.rfind("/track/impression?ad=macros&", 0) == 0) impression = key;
      if (key.rfind("/track/start?ad=macros&", 0) == 0) start = key;
    }
  }
  INFO(impression);
  CHECK(std::regex_search(impression, std::regex("&cb=[0-9]{8}&")));
  CHECK_THAT(impression, Catch::Contains("&sid=serving-macros&ss=1&asset=http%3A%2F%2F127.0.0.1%3A"));
  CHECK_THAT(impression, Catch::Contains("%2Fmedia%2Fcreatives%2Fbars-15.mp4&n=1&x=[NOTAMACRO]"));
  INFO(start);
  CHECK(std::regex_search(start, std::regex("&ts=20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}%3A[0-9]{2}%3A[0-9]{2}\\.[0-9]{3}Z&ph=0.000$")));
}
