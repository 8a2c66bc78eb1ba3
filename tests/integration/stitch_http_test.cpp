// The service end to end over loopback HTTP: real `ssai serve`, real fixture server
// (origin + ad server), fixture media made by ffmpeg.
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <regex>
#include <sstream>
#include <thread>

#include <rapidjson/document.h>

#include "support/beacon_audit.hpp"
#include "support/cluster.hpp"
#include "support/outbound.hpp"
#include "support/files.hpp"
#include "support/fixture_ads.hpp"
#include "support/http_get.hpp"
#include "support/process.hpp"

using test_support::http_get;
using test_support::ServerProcess;

namespace {

const std::string kFixtures = SSAI_FIXTURES_DIR;

// The fixture server, and ssai with one playback configuration per situation to test.
struct Stack {
  ServerProcess fixtures{SSAI_FIXTURES_BINARY, {"serve", "--dir", kFixtures, "--listen", "127.0.0.1:0"}};
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
        "{\"listen\": \"127.0.0.1:0\", " + test_support::outbound_allowing({fx}) + ",\n"
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
        playback("errors", fx + "/media/", fx + "/vast/errors.xml", 800) + ",\n  " +
        "\"bumpered\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + pod + "\", " +
        "\"slate_url\": \"" + fx + "/media/creatives/slate.mp4\", " +
        "\"bumpers\": {\"start_url\": \"" + fx + "/media/creatives/blue-10.mp4\"}},\n  " +
        playback("insertion", fx + "/origin/", pod, 2000) + ",\n  " +
        "\"cdn\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + pod + "\", " +
        "\"content_segment_prefix\": \"https://cdn.example/vod/\", \"ad_marker_passthrough\": true, " +
        "\"ad_segment_prefix\": \"https://ads-cdn.example/lib\", \"slate_url\": \"" + fx + "/media/creatives/slate.mp4\"},\n  " +
        "\"short-breaks-only\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + pod + "\", " +
        "\"personalization_threshold_ms\": 45000},\n  " +
        "\"vmap\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx +
        "/vast/vmap.xml?session=[session.id]\", \"vod_ad_schedule\": \"vmap\"},\n  " +
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
    text = std::regex_replace(text, std::regex("&s=[0-9a-f]{32}"), "&s={signature}");  // the store-down fallback's
    return std::regex_replace(text, std::regex("/[0-9a-f]{32}/"), "/{session}/");
  }

  [[nodiscard]] long hits(const std::string& key) const { return test_support::fixture_hits(fixtures.url(), key); }

  /// Media playlist URLs of a fresh session's master.
  [[nodiscard]] std::vector<std::string> variants(const std::string& master_url) const {
    auto urls = test_support::variant_urls(master_url);
    REQUIRE_FALSE(urls.empty());
    return urls;
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
  // The dispatcher sends beacons apart from the redirect: settled once the audit says so.
  REQUIRE(test_support::wait_beacons_settled(stack.ssai->url(), test_support::session_id_in(urls.at(1)), 2));
  CHECK(stack.hits("/track/impression?ad=bars-15") == 1);
  CHECK(stack.hits("/track/start?ad=bars-15") == 1);
  CHECK(stack.hits("/track/impression?ad=blue-10") == 0);
  CHECK(stack.hits("/track/complete?ad=bars-15") == 0);
}

TEST_CASE("each dropped ad's Error URIs are told the VAST code of its reason") {
  Stack stack;
  const auto urls = stack.variants(stack.ssai->url() + "/v1/master/errors/content/master.m3u8");
  const auto media = http_get(urls.at(1));
  REQUIRE(media.status == 200);
  CHECK(media.body.find("/v1/segment/") != std::string::npos);  // the good ad plays
  const std::pair<const char*, const char*> expected[] = {
      {"/track/error?ad=vpaid&code=403", "no playable media file: VPAID only"},
      {"/track/error?ad=unconditioned&code=405", "not conditioned for this content yet"},
      {"/track/error?ad=slow&code=301", "the wrapper's target timed out"}};
  // The slow wrapper's Error beacon is recorded once its timeout passed.
  REQUIRE(test_support::wait_beacons_settled(stack.ssai->url(), test_support::session_id_in(urls.at(1)), 3));
  for (const auto& [hit, why] : expected) {
    INFO(why);
    CHECK(stack.hits(hit) == 1);
  }
  CHECK(stack.hits("/track/error?ad=good&code=403") + stack.hits("/track/error?ad=good&code=405") +
            stack.hits("/track/error?ad=good&code=301") == 0);
}

TEST_CASE("a start bumper opens every break with ads: not an ad, no beacons, its time taken from the break") {
  Stack stack;
  const auto urls = stack.variants(stack.ssai->url() + "/v1/master/bumpered/content/master.m3u8");
  const auto media = http_get(urls.at(1)).body;
  // The 30 s break: the 10 s bumper, then bars-15 (blue-10 no longer fits), then 5 s of slate.
  std::smatch bumper, first_ad;
  REQUIRE(std::regex_search(media, bumper, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/0/1/0\\.ts[^\\n]*")));
  REQUIRE(std::regex_search(media, first_ad, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/1/1/0\\.ts[^\\n]*")));
  CHECK(media.find("/2/1/0.ts") == std::string::npos);
  CHECK(http_get(bumper.str()).location == stack.fixtures.url() + "/media/ads/blue-10/720p/seg_000.ts");
  CHECK(http_get(first_ad.str()).location == stack.fixtures.url() + "/media/ads/bars-15/720p/seg_000.ts");
  // The dispatcher sends beacons apart from the redirect: settled once the audit says so.
  REQUIRE(test_support::wait_beacons_settled(stack.ssai->url(), test_support::session_id_in(urls.at(1)), 2));
  CHECK(stack.hits("/track/impression?ad=bars-15") == 1);
  CHECK(stack.hits("/track/impression?ad=blue-10") == 0);  // the bumper fired nothing
  // Trackers see one ad, at the break's start plus the bumper.
  const auto id = test_support::session_id_in(urls.at(1));
  rapidjson::Document tracking;
  tracking.Parse(http_get(stack.ssai->url() + "/v1/tracking/" + id).body.c_str());
  REQUIRE(tracking.IsObject());
  const auto& ads = tracking["avails"][0]["ads"];
  REQUIRE(ads.Size() == 1);
  CHECK(std::string(ads[0]["creativeKey"].GetString()) == "bars-15");
  CHECK(ads[0]["startTimeInSeconds"].GetDouble() == Approx(34));
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
  r = http_get(std::regex_replace(urls[0], std::regex("/0\\.m3u8"), "/7.m3u8"));
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
  const auto urls = stack.variants(stack.ssai->url() + "/v1/master/macros/content/master.m3u8"
                                   "?ifa=6D92078A-8246-4BA4-AE5B-76104861E7DC&lat=1&gdpr_consent=CO-consent"
                                   "&regulations=gdpr,coppa&player_width=1280&player_height=720");
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
  CHECK(std::regex_search(start, std::regex("&ts=20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}%3A[0-9]{2}%3A[0-9]{2}\\.[0-9]{3}Z&")));
  // The break stands 24 s into the content, mid-roll; the rest comes from the player's
  // parameters and the connection.
  CHECK_THAT(start, Catch::Contains("&ph=00%3A00%3A00.000&cph=00%3A00%3A24.000&mph=00%3A00%3A24.000&bp=2"
                                    "&ifa=6D92078A-8246-4BA4-AE5B-76104861E7DC&lat=1&gdpr=CO-consent"
                                    "&reg=gdpr%2Ccoppa&ps=1280%2C720&ip=127.0.0.1&sua=ssai%2F0.1&type=video"));
}

namespace {

struct Entry {
  std::string uri;
  double duration = 0;
  bool discontinuity = false;
};

std::vector<Entry> entries(const std::string& playlist) {
  std::vector<Entry> out;
  std::istringstream lines(playlist);
  Entry next;
  for (std::string line; std::getline(lines, line);) {
    if (line == "#EXT-X-DISCONTINUITY") next.discontinuity = true;
    if (line.rfind("#EXTINF:", 0) == 0) next.duration = std::stod(line.substr(8));
    if (!line.empty() && line[0] != '#') {
      next.uri = line;
      out.push_back(next);
      next = {};
    }
  }
  return out;
}

double seconds_of(const std::vector<Entry>& list, const std::string& uri_part) {
  double total = 0;
  for (const auto& e : list) {
    if (e.uri.find(uri_part) != std::string::npos) total += e.duration;
  }
  return total;
}

}  // namespace

TEST_CASE("VOD zero-length cues: the pod is inserted, the content all stays and the timeline grows") {
  Stack stack;
  const auto urls = stack.variants(stack.ssai->url() + "/v1/master/insertion/insertion/master.m3u8");
  REQUIRE(urls.size() == 2);
  for (const auto& url : urls) {
    const auto media = http_get(url);
    REQUIRE(media.status == 200);
    const auto list = entries(media.body);
    INFO(media.body);
    // Every content segment, in order; the pod (bars 15 s + blue 10 s) before segment 0
    // and again before segment 5; no slate, since an insertion lasts what its ads last.
    std::vector<std::string> content;
    for (const auto& e : list) {
      if (e.uri.find("/media/content/") != std::string::npos) content.push_back(e.uri.substr(e.uri.size() - 10));
    }
    CHECK(content == std::vector<std::string>{"seg_000.ts", "seg_001.ts", "seg_002.ts", "seg_003.ts", "seg_004.ts",
                                              "seg_005.ts", "seg_006.ts", "seg_007.ts", "seg_008.ts", "seg_009.ts"});
    CHECK(seconds_of(list, "/media/content/") == Approx(60.0));
    CHECK(seconds_of(list, "/v1/segment/") == Approx(50.0).margin(0.5));
    CHECK(seconds_of(list, "slate") == 0);
    REQUIRE(list.front().uri.find("/v1/segment/") != std::string::npos);  // a pre-roll
    CHECK(list.front().discontinuity);
    // Content resumes with a discontinuity after each break: 2 ads + resume, twice.
    CHECK(count(media.body, "#EXT-X-DISCONTINUITY\n") == 6);
    CHECK(media.body.find("#EXT-X-CUE-OUT") == std::string::npos);  // the markers went with the breaks
  }
  CHECK(stack.hits("/vast/pod.xml") == 2);  // one decision per break, shared by the renditions
}

TEST_CASE("VOD with a VMAP: pre-roll, mid-roll at 50% and post-roll inserted, break events fired") {
  Stack stack;
  const auto urls = stack.variants(stack.ssai->url() + "/v1/master/vmap/content/master.m3u8");
  REQUIRE(urls.size() == 2);
  std::string first_media;
  for (const auto& url : urls) {
    const auto media = http_get(url);
    REQUIRE(media.status == 200);
    if (first_media.empty()) first_media = media.body;
    const auto list = entries(media.body);
    INFO(media.body);
    CHECK(seconds_of(list, "/media/content/") == Approx(60.0));
    // Pre-roll: the pod by URL (25 s); mid-roll: the inline VAST (15 s) at the boundary
    // nearest 30 s; post-roll: one ad of the buffet (allowMultipleAds=false).
    CHECK(seconds_of(list, "/v1/segment/" ) == Approx(25.0 + 15.0 + 10.0).margin(1.0));
    REQUIRE(list.size() > 2);
    CHECK(list.front().uri.find("/v1/segment/") != std::string::npos);
    CHECK(list.back().uri.find("/v1/segment/") != std::string::npos);
    std::size_t at = 0;
    while (at < list.size() && list[at].uri.find("seg_005.ts") == std::string::npos) ++at;
    REQUIRE(at < list.size());
    CHECK(list[at - 1].uri.find("/v1/segment/") != std::string::npos);
    CHECK(list[at].discontinuity);
    // The content's own cue is content here: the VMAP is the schedule.
    CHECK(media.body.find("seg_004.ts") != std::string::npos);
  }
  // One VMAP per session, one request per break's tag, for all renditions together.
  CHECK(stack.hits("/vast/vmap.xml") == 1);
  CHECK(stack.hits("/vast/pod.xml") == 1);
  CHECK(stack.hits("/vast/buffet.xml") == 1);

  // The pre-roll's first segment starts the break and its first ad.
  std::smatch first_ad;
  REQUIRE(std::regex_search(first_media, first_ad, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/v1/0/[0-9]+/0\\.ts")));
  REQUIRE(http_get(first_ad.str()).status == 302);
  for (int i = 0; i < 100 && stack.hits("/track/breakStart?break=preroll") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(stack.hits("/track/breakStart?break=preroll") == 1);
  CHECK(stack.hits("/track/breakEnd?break=preroll") == 0);
}

TEST_CASE("many sessions on one content cost one origin fetch per playlist per cache period") {
  Stack stack;
  std::vector<std::string> urls;
  for (int i = 0; i < 50; ++i) {
    for (auto& url : stack.variants(stack.ssai->url() + "/v1/master/demo/content/master.m3u8")) urls.push_back(url);
  }
  // Every session's playlists at once, from 8 threads.
  std::vector<std::future<int>> statuses;
  for (int t = 0; t < 8; ++t) {
    statuses.push_back(std::async(std::launch::async, [&urls, t] {
      int ok = 0;
      for (std::size_t i = static_cast<std::size_t>(t); i < urls.size(); i += 8) ok += http_get(urls[i]).status == 200;
      return ok;
    }));
  }
  int ok = 0;
  for (auto& s : statuses) ok += s.get();
  CHECK(ok == 100);
  CHECK(stack.hits("/media/content/master.m3u8") == 1);
  CHECK(stack.hits("/media/content/360p/index.m3u8") == 1);
  CHECK(stack.hits("/media/content/720p/index.m3u8") == 1);
}

TEST_CASE("a content CDN prefix, ad marker passthrough and the personalization threshold apply to the stitched playlist") {
  Stack stack;
  const auto cdn = http_get(stack.variants(stack.ssai->url() + "/v1/master/cdn/content/master.m3u8")[0]).body;
  // Content segments under the CDN; ads still through our redirect.
  CHECK(count(cdn, "\nhttps://cdn.example/vod/content/360p/seg_") == 5);
  CHECK(count(cdn, "/v1/segment/") == 5);  // 15 s + 10 s of ads in 6 s segments
  // The origin's cue on the first ad, its CUE-IN where the content resumes.
  const auto cue_out = cdn.find("#EXT-X-CUE-OUT:DURATION=30");
  REQUIRE(cue_out != std::string::npos);
  CHECK(cdn.find("/v1/segment/", cue_out) < cdn.find("seg_", cue_out));
  CHECK(cdn.find("#EXT-X-CUE-IN\n#EXTINF:6.000000,\nhttps://cdn.example/vod/content/360p/seg_009.ts") != std::string::npos);
  // Ads and slate from the configuration's ad CDN: the redirect's target, the slate's URIs.
  CHECK(count(cdn, "\nhttps://ads-cdn.example/lib/slate/360p/seg_") == 5);
  const auto line_start = cdn.rfind('\n', cdn.find("/v1/segment/")) + 1;
  const auto redirect = http_get(cdn.substr(line_start, cdn.find('\n', line_start) - line_start));
  CHECK(redirect.status == 302);
  CHECK(redirect.location == "https://ads-cdn.example/lib/bars-15/360p/seg_000.ts");

  // The 30 s break is under the 45 s threshold: untouched, and no ad request.
  const auto before = stack.hits("/vast/pod.xml");
  const auto untouched = http_get(stack.variants(stack.ssai->url() + "/v1/master/short-breaks-only/content/master.m3u8")[0]).body;
  CHECK(count(untouched, "/v1/segment/") == 0);
  CHECK(count(untouched, "#EXT-X-CUE-OUT:DURATION=30") == 1);
  CHECK(stack.hits("/vast/pod.xml") == before);
}
