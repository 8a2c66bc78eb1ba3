// Explicit sessions (POST /v1/session/...) and what a player hears when it comes back to
// a session that has expired (410) or never existed (404).
#include <catch2/catch.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <regex>
#include <sstream>
#include <thread>

#include "support/files.hpp"
#include "support/outbound.hpp"
#include "support/fixture_ads.hpp"
#include "support/http_get.hpp"
#include "support/process.hpp"

using test_support::http_get;
using test_support::http_request;
using test_support::ServerProcess;

namespace {

const std::string kToken = "explain-admin-token-99";

struct ShortSessions {
  ServerProcess fixtures{SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"}};
  test_support::TempDir dir;
  std::unique_ptr<ServerProcess> ssai;

  ShortSessions() {
    const std::string fx = fixtures.url();
    test_support::write_file(dir.path() / "config.json",
        "{" + test_support::outbound_allowing({fx}) + ", \"session_ttl_seconds\": 2, \"admin_token\": \"" + kToken + "\", \"ad_renditions\": {\"dir\": \"" +
        std::string(SSAI_FIXTURES_DIR) + "/media/ads\", \"base_url\": \"" + fx + "/media/ads/\"}, "
        "\"playback_configurations\": {\"demo\": {"
        "\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx +
        "/vast/pod.xml?device=[player_params.device]\", \"slate_url\": \"" + fx + "/media/creatives/slate.mp4\"}, "
        "\"slow\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx +
        "/vast/pod.xml?delay_ms=3000\", \"ads_timeout_ms\": 300}, "
        "\"macros\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx + "/vast/macros.xml\"}, "
        "\"vmap\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx +
        "/vast/vmap.xml\", \"vod_ad_schedule\": \"vmap\"}}}");
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

namespace {

// The tracking document of a session: its avails, once its first media playlist was asked.
rapidjson::Document tracking_of(const ShortSessions& s, const std::string& content, const std::string& body) {
  const auto created = s.post("/v1/session/" + content, body);
  REQUIRE(created.status == 200);
  rapidjson::Document answer;
  answer.Parse(created.body.c_str());
  const std::string id = answer["sessionId"].GetString();
  const std::string tracking_url = answer["trackingUrl"].GetString();
  CHECK(tracking_url == s.ssai->url() + "/v1/tracking/" + id);
  rapidjson::Document before;
  before.Parse(http_get(tracking_url).body.c_str());
  CHECK(before["avails"].Size() == 0);  // nothing decided until a playlist is asked for
  REQUIRE(http_get(first_variant(http_get(answer["manifestUrl"].GetString()).body)).status == 200);
  const auto tracking = http_get(tracking_url);
  REQUIRE(tracking.status == 200);
  rapidjson::Document document;
  document.Parse(tracking.body.c_str());
  REQUIRE(document.IsObject());
  CHECK(std::string(document["sessionId"].GetString()) == id);
  return document;
}

double at(const rapidjson::Value& item) { return item["startTimeInSeconds"].GetDouble(); }

}  // namespace

TEST_CASE("client-side tracking: each avail's ads and their timed beacons on the stitched timeline") {
  ShortSessions s;
  const auto document = tracking_of(s, "demo/content/master.m3u8", "{}");
  const auto& avails = document["avails"];
  REQUIRE(avails.Size() == 1);
  const auto& avail = avails[0];
  CHECK(at(avail) == Approx(24));
  CHECK(avail["durationInSeconds"].GetDouble() == Approx(30));
  CHECK(avail["slateSeconds"].GetDouble() == Approx(5));
  const auto& ads = avail["ads"];
  REQUIRE(ads.Size() == 2);
  CHECK(std::string(ads[0]["creativeKey"].GetString()) == "bars-15");
  CHECK(at(ads[0]) == Approx(24));
  CHECK(at(ads[1]) == Approx(39));
  CHECK(ads[1]["durationInSeconds"].GetDouble() == Approx(10));
  // impression and start at the ad's start, the quartiles and complete through it.
  const std::pair<const char*, double> expected[] = {{"impression", 24},    {"start", 24},        {"firstQuartile", 27.75},
                                                     {"midpoint", 31.5},    {"thirdQuartile", 35.25}, {"complete", 39}};
  const auto& events = ads[0]["trackingEvents"];
  REQUIRE(events.Size() == 6);
  for (rapidjson::SizeType i = 0; i < events.Size(); ++i) {
    INFO(expected[i].first);
    CHECK(std::string(events[i]["eventType"].GetString()) == expected[i].first);
    CHECK(at(events[i]) == Approx(expected[i].second));
    REQUIRE(events[i]["beaconUrls"].Size() == 1);
    CHECK_THAT(std::string(events[i]["beaconUrls"][0].GetString()),
               Catch::EndsWith(std::string("/track/") + expected[i].first + "?ad=bars-15"));
  }
}

TEST_CASE("client-side tracking: inserted VMAP breaks move what follows them on the timeline") {
  ShortSessions s;
  const auto document = tracking_of(s, "vmap/content/master.m3u8", "{}");
  const auto& avails = document["avails"];
  // The fixture VMAP: a 25 s pre-roll pod, 15 s at 30 s of content, 10 s at the end.
  REQUIRE(avails.Size() == 3);
  CHECK(at(avails[0]) == Approx(0));
  CHECK(at(avails[1]) == Approx(30 + 25));
  CHECK(at(avails[2]) == Approx(60 + 25 + 15));
  CHECK(avails[1]["inserted"].GetBool());
  // The pre-roll's VMAP breakStart at its start, breakEnd where it ends.
  const auto& break_events = avails[0]["adBreakTrackingEvents"];
  REQUIRE(break_events.Size() == 2);
  CHECK(std::string(break_events[0]["eventType"].GetString()) == "breakStart");
  CHECK(at(break_events[0]) == Approx(0));
  CHECK(at(break_events[1]) == Approx(25));
  CHECK_THAT(std::string(break_events[1]["beaconUrls"][0].GetString()), Catch::EndsWith("/track/breakEnd?break=preroll"));
}

TEST_CASE("client-side tracking: the macros the server knows are filled, the ones a sender must fill are left") {
  ShortSessions s;
  const auto document = tracking_of(s, "macros/content/master.m3u8", R"({"adsParams": {"ifa": "abc-123"}})");
  REQUIRE(document["avails"].Size() == 1);
  const auto& ad = document["avails"][0]["ads"][0];
  const std::string impression = ad["trackingEvents"][0]["beaconUrls"][0].GetString();
  CHECK_THAT(impression, Catch::Contains("cb=[CACHEBUSTING]") && Catch::Contains("ss=0") && Catch::Contains("n=1") &&
                             Catch::Contains("asset=http%3A%2F%2F127.0.0.1") && Catch::Contains("x=[NOTAMACRO]"));
  const std::string start = ad["trackingEvents"][1]["beaconUrls"][0].GetString();
  CHECK_THAT(start, Catch::Contains("ts=[TIMESTAMP]") && Catch::Contains("ph=00%3A00%3A00.000") &&
                        Catch::Contains("ifa=abc-123") && Catch::Contains("bp=2") && Catch::Contains("type=video"));

  // What SSAI cannot play is handed on: the companion banner and the overlay, with their
  // own beacons, macros filled as for the ad's.
  REQUIRE(ad.HasMember("companionAds"));
  const auto& companions = ad["companionAds"];
  CHECK(std::string(companions["required"].GetString()) == "any");
  REQUIRE(companions["companions"].Size() == 1);
  const auto& banner = companions["companions"][0];
  CHECK(banner["width"].GetInt() == 300);
  CHECK(banner["height"].GetInt() == 250);
  CHECK(std::string(banner["adSlotId"].GetString()) == "side");
  CHECK_THAT(std::string(banner["staticResource"].GetString()), Catch::EndsWith("/media/creatives/banner.png"));
  CHECK(std::string(banner["creativeType"].GetString()) == "image/png");
  CHECK(std::string(banner["clickThrough"].GetString()) == "https://advertiser.example/banner");
  CHECK_THAT(std::string(banner["clickTrackingUrls"][0].GetString()), Catch::EndsWith("/track/companionClick?ad=macros"));
  CHECK(std::string(banner["trackingEvents"][0]["eventType"].GetString()) == "creativeView");
  CHECK_THAT(std::string(banner["trackingEvents"][0]["beaconUrls"][0].GetString()), Catch::EndsWith("creativeView?ad=macros&n=1"));
  REQUIRE(ad.HasMember("nonLinearAds"));
  const auto& overlay = ad["nonLinearAds"]["nonLinears"][0];
  CHECK(overlay["width"].GetInt() == 480);
  CHECK(std::string(overlay["htmlResource"].GetString()) == "<p>Offer</p>");
  CHECK(overlay["minSuggestedDurationInSeconds"].GetDouble() == Approx(10));
  CHECK_THAT(std::string(ad["nonLinearAds"]["trackingEvents"][0]["beaconUrls"][0].GetString()),
             Catch::EndsWith("/track/overlayView?ad=macros"));
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

namespace {

test_support::HttpResult lab(const ShortSessions& s, const std::string& body, const std::string& token = kToken) {
  return http_request({"POST", s.ssai->url() + "/v1/explain", {"Authorization: Bearer " + token}, body});
}

std::string json_string(const std::string& text) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  writer.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  return out.GetString();
}

// The lab's answer for the 360p content with the fixture VAST file `vast` given.
rapidjson::Document lab_with_vast(const ShortSessions& s, const std::string& vast) {
  const auto document = http_get(s.fixtures.url() + "/vast/" + vast).body;
  const auto answer = lab(s, R"({"config": "macros", "content": "content/360p/index.m3u8", "vast": )" + json_string(document) + "}");
  REQUIRE(answer.status == 200);
  rapidjson::Document result;
  result.Parse(answer.body.c_str());
  REQUIRE(result.IsObject());
  return result;
}

}  // namespace

TEST_CASE("the explain lab stitches a playlist with the VAST given, in the ad server's place, storing nothing") {
  ShortSessions s;
  // The "macros" configuration's ad server would answer its one-ad document: the lab
  // answers with the pod given instead.
  const auto result = lab_with_vast(s, "pod.xml");
  CHECK(std::string(result["ad_source"].GetString()) == "the VAST given");
  REQUIRE(result["avails"].Size() == 1);
  const auto& avail = result["avails"][0];
  CHECK(avail["ads"].Size() == 2);
  CHECK(std::string(avail["slate_seconds"].GetString()) == "5.000");  // what the 25 s pod leaves of the 30 s break
  const std::string manifest = result["manifest"].GetString();
  // Ads straight from the CDN: the lab's session is not stored, so no beacon redirect.
  CHECK_THAT(manifest, Catch::Contains("/media/ads/bars-15/360p/seg_000.ts") && Catch::Contains("/media/ads/blue-10/360p/seg_001.ts"));
  CHECK_THAT(manifest, !Catch::Contains("/v1/segment/"));
  rapidjson::Document hits;
  hits.Parse(http_get(s.fixtures.url() + "/_hits").body.c_str());
  CHECK_FALSE(hits.HasMember("/vast/macros.xml"));
}

TEST_CASE("the explain lab: a pod ad that cannot play is replaced by the response's first stand-alone ad that can") {
  ShortSessions s;
  const auto result = lab_with_vast(s, "pod-buffet.xml");
  const auto& ads = result["avails"][0]["ads"];
  REQUIRE(ads.Size() == 2);
  CHECK(std::string(ads[0]["ad_id"].GetString()) == "pod-bars-15");
  CHECK(std::string(ads[1]["ad_id"].GetString()) == "buffet-blue");
  CHECK(ads[1]["standalone"].GetBool());
  CHECK(std::string(result["avails"][0]["skipped"][0]["ad_id"].GetString()) == "vpaid");
  CHECK_THAT(std::string(result["manifest"].GetString()), Catch::Contains("/media/ads/blue-10/360p/seg_000.ts"));
}

TEST_CASE("the explain lab: an inline playlist, skipped ads counted by reason, a VMAP given, bad requests") {
  ShortSessions s;
  const std::string playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n"
                               "#EXTINF:6,\ncontent/360p/seg_000.ts\n#EXT-X-CUE-OUT:DURATION=12\n#EXTINF:6,\ncontent/360p/seg_001.ts\n"
                               "#EXTINF:6,\ncontent/360p/seg_002.ts\n#EXT-X-CUE-IN\n#EXTINF:6,\ncontent/360p/seg_003.ts\n#EXT-X-ENDLIST\n";
  SECTION("a 12 s break and a pod that does not fit it") {
    const auto pod = http_get(s.fixtures.url() + "/vast/pod.xml").body;
    const auto answer = lab(s, R"({"config": "demo", "manifest": )" + json_string(playlist) + R"(, "vast": )" + json_string(pod) + "}");
    REQUIRE(answer.status == 200);
    rapidjson::Document result;
    result.Parse(answer.body.c_str());
    const auto& avail = result["avails"][0];
    CHECK(avail["ads"].Size() == 1);  // the 10 s ad; the 15 s one does not fit in 12 s
    CHECK(result["skips_by_reason"]["duration_exceeded"].GetInt() == 1);
    // Relative URIs resolved against the configuration's origin.
    CHECK_THAT(std::string(result["manifest"].GetString()), Catch::Contains(s.fixtures.url() + "/media/content/360p/seg_003.ts"));
  }
  SECTION("a VMAP given schedules the breaks") {
    const auto vmap = http_get(s.fixtures.url() + "/vast/vmap.xml").body;
    const auto answer = lab(s, R"({"config": "demo", "content": "content/360p/index.m3u8", "vast": )" + json_string(vmap) + "}");
    REQUIRE(answer.status == 200);
    rapidjson::Document result;
    result.Parse(answer.body.c_str());
    CHECK(std::string(result["ad_source"].GetString()) == "the VMAP given");
    CHECK(result["avails"].Size() == 3);
    for (const auto& avail : result["avails"].GetArray()) CHECK(avail["inserted"].GetBool());
  }
  SECTION("a creative not conditioned yet is reported, and nothing is queued for it") {
    const auto vast = test_support::vast_document(
        {test_support::InlineAd::of("lab-ad", "lab-never-queued", s.fixtures.url() + "/media/creatives/blue-10.mp4")});
    const auto answer = lab(s, R"({"config": "demo", "manifest": )" + json_string(playlist) + R"(, "vast": )" + json_string(vast) + "}");
    REQUIRE(answer.status == 200);
    rapidjson::Document result;
    result.Parse(answer.body.c_str());
    CHECK(result["skips_by_reason"]["creative_not_ready"].GetInt() == 1);
    // The lab's decider has no conditioning queue; a submission would have been made
    // before the answer, so nothing is waited for here.
    CHECK(http_request({"GET", s.ssai->url() + "/v1/creatives/lab-never-queued", {"Authorization: Bearer " + kToken}, ""}).status == 404);
  }
  SECTION("bad requests get JSON errors") {
    CHECK(lab(s, R"({"config": "demo", "content": "content/360p/index.m3u8"})", "wrong-token").status == 401);
    CHECK(lab(s, "not json").status == 400);
    CHECK(lab(s, R"({"config": "demo"})").status == 400);  // neither content nor manifest
    CHECK(lab(s, R"({"config": "demo", "content": "a.m3u8", "manifest": "#EXTM3U"})").status == 400);
    CHECK(lab(s, R"({"config": "demo", "content": "../etc/passwd"})").status == 400);
    CHECK(lab(s, R"({"config": "nope", "content": "content/360p/index.m3u8"})").status == 404);
    CHECK(lab(s, R"({"config": "demo", "manifest": "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n"})").status == 400);
  }
}
