#include "ssai/config.hpp"

#include <catch2/catch.hpp>

#include "support/files.hpp"

namespace {

const char* kGood = R"({
  "listen": "127.0.0.1:9000",
  "ad_renditions": {"dir": "ads", "base_url": "http://cdn.example/ads"},
  "playback_configurations": {
    "demo": {
      "content_origin": "http://origin.example/vod",
      "ad_decision_server": "http://ads.example/vast?sid=[session.id]&d=[session.avail_duration_secs]",
      "slate_url": "http://cdn.example/slate.mp4",
      "ads_timeout_ms": 1500
    }
  }
})";

std::string error_of(const std::string& json) {
  auto config = ssai::parse_config(json, "/etc/ssai");
  REQUIRE_FALSE(config);
  CHECK(config.error().code == ssai::Errc::kBadConfig);
  return config.error().detail;
}

}  // namespace

TEST_CASE("a good configuration, with defaults filled in and paths made absolute") {
  auto config = ssai::parse_config(kGood, "/etc/ssai");
  REQUIRE(config);
  CHECK(config->listen == "127.0.0.1:9000");
  CHECK(config->ad_renditions_dir == "/etc/ssai/ads");
  CHECK(config->ad_renditions_base_url == "http://cdn.example/ads/");
  const auto& demo = config->playback_configurations.at("demo");
  CHECK(demo.content_origin == "http://origin.example/vod/");
  CHECK(demo.ads_timeout == std::chrono::milliseconds(1500));
  CHECK(demo.origin_timeout == std::chrono::milliseconds(3000));
  CHECK(demo.manifest_max_bytes == 2 * 1024 * 1024);
}

TEST_CASE("the committed demo configuration loads") {
  auto config = ssai::load_config(std::string(SSAI_FIXTURES_DIR) + "/config/demo.json");
  REQUIRE(config);
  CHECK(config->playback_configurations.count("demo") == 1);
}

TEST_CASE("bad configurations are rejected with the field named") {
  CHECK_THAT(error_of("{"), Catch::Contains("invalid JSON"));
  CHECK_THAT(error_of("[]"), Catch::Contains("JSON object"));
  CHECK_THAT(error_of(R"({"ad_renditions": {"dir": "a", "base_url": "http://c/"}})"),
             Catch::Contains("playback_configurations"));
  std::string bad_origin = kGood;
  bad_origin.replace(bad_origin.find("http://origin.example/vod"), 25, "ftp://origin.example/vod");
  CHECK_THAT(error_of(bad_origin), Catch::Contains("playback_configurations.demo.content_origin"));
  std::string bad_timeout = kGood;
  bad_timeout.replace(bad_timeout.find("1500"), 4, "-3");
  CHECK_THAT(error_of(bad_timeout), Catch::Contains("ads_timeout_ms"));
  std::string no_ads = kGood;
  no_ads.replace(no_ads.find("\"ad_decision_server\""), 20, "\"ad_decision_serverX\"");
  CHECK_THAT(error_of(no_ads), Catch::Contains("ad_decision_server: is required"));
  CHECK_THAT(error_of(R"({"ad_renditions": {"dir": "a", "base_url": "http://c/"},
      "playback_configurations": {"a/b": {}}})"), Catch::Contains("one path segment"));
  std::string short_token = kGood;
  short_token.replace(short_token.find("\"listen\""), 0, R"("admin_token": "secret", )");
  CHECK_THAT(error_of(short_token), Catch::Contains("admin_token: must be at least 16 characters"));
  std::string zero_lease = kGood;
  zero_lease.replace(zero_lease.find("\"listen\""), 0, R"("conditioning_lease_seconds": 0, )");
  CHECK_THAT(error_of(zero_lease), Catch::Contains("conditioning_lease_seconds"));
}

TEST_CASE("ad request bodies and headers: strings only, no header injection") {
  std::string good = kGood;
  good.replace(good.find("\"ads_timeout_ms\""), 0,
               "\"ad_decision_server_body\": \"{}\", \"ad_decision_server_headers\": {\"X-Key\": \"[session.id]\"}, ");
  auto config = ssai::parse_config(good, "/");
  REQUIRE(config);
  CHECK(config->playback_configurations.at("demo").ad_decision_server_body == "{}");
  CHECK(config->playback_configurations.at("demo").ad_decision_server_headers.size() == 1);
  std::string injected = kGood;
  injected.replace(injected.find("\"ads_timeout_ms\""), 0, "\"ad_decision_server_headers\": {\"X-Key\": \"a\\r\\nHost: evil\"}, ");
  CHECK_THAT(error_of(injected), Catch::Contains("ad_decision_server_headers.X-Key"));
}

TEST_CASE("a missing file is an error, not a crash") {
  CHECK_FALSE(ssai::load_config("/nonexistent/ssai.json"));
}

TEST_CASE("break rules: threshold, avail suppression, marker passthrough and the content CDN prefix") {
  const char* origin = R"("content_origin": "http://o/", "ad_decision_server": "http://a/")";
  auto parsed = ssai::parse_playback_configuration("c", std::string("{") + origin + R"(,
      "personalization_threshold_ms": 8000, "ad_marker_passthrough": true, "content_segment_prefix": "https://cdn.example/live",
      "avail_suppression": {"mode": "after_live_edge", "value_ms": 0, "fill_policy": "partial_avail"}})");
  REQUIRE(parsed);
  CHECK(parsed->personalization_threshold == std::chrono::milliseconds(8000));
  CHECK(parsed->ad_marker_passthrough);
  CHECK(parsed->content_segment_prefix == "https://cdn.example/live/");
  CHECK(parsed->avail_suppression == ssai::AvailSuppression::kAfterLiveEdge);
  CHECK(parsed->suppression_partial_avail);
  CHECK_FALSE(parsed->session_ttl);  // the service's
  auto own_ttl = ssai::parse_playback_configuration("c", std::string("{") + origin + R"(, "session_ttl_seconds": 600})");
  REQUIRE(own_ttl);
  CHECK(own_ttl->session_ttl == std::chrono::seconds(600));
  auto error = [&](const std::string& fields) {
    auto bad = ssai::parse_playback_configuration("c", std::string("{") + origin + "," + fields + "}");
    REQUIRE_FALSE(bad);
    return bad.error().detail;
  };
  CHECK_THAT(error(R"("personalization_threshold_ms": -1)"), Catch::Contains("personalization_threshold_ms"));
  CHECK_THAT(error(R"("ad_marker_passthrough": "yes")"), Catch::Contains("ad_marker_passthrough: must be true or false"));
  CHECK_THAT(error(R"("avail_suppression": {"mode": "sometimes"})"), Catch::Contains("avail_suppression.mode"));
  CHECK_THAT(error(R"("avail_suppression": {"mode": "off", "value_ms": "1"})"), Catch::Contains("avail_suppression.value_ms"));
  CHECK_THAT(error(R"("avail_suppression": {"mode": "off", "fill_policy": "most"})"), Catch::Contains("fill_policy"));
  CHECK_THAT(error(R"("content_segment_prefix": "cdn")"), Catch::Contains("content_segment_prefix"));
  CHECK_THAT(error(R"("ad_segment_prefix": 7)"), Catch::Contains("ad_segment_prefix"));
  CHECK_THAT(error(R"("session_ttl_seconds": 0)"), Catch::Contains("session_ttl_seconds: must be a positive integer"));
}

TEST_CASE("beacon delivery settings: defaults, values, and bad ones named") {
  auto defaults = ssai::parse_config(kGood, "/");
  REQUIRE(defaults);
  CHECK(defaults->beacons.presence_window == std::chrono::seconds(30));
  CHECK(defaults->beacons.per_host == 8);
  auto with = [](const std::string& beacons) {
    std::string json = kGood;
    json.replace(json.find("\"listen\""), 0, "\"beacons\": " + beacons + ", ");
    return json;
  };
  auto set = ssai::parse_config(with(R"({"presence_window_seconds": 90, "per_host": 2, "forward_device": true})"), "/");
  REQUIRE(set);
  CHECK(set->beacons.presence_window == std::chrono::seconds(90));
  CHECK(set->beacons.per_host == 2);
  CHECK(set->beacons.forward_device);
  CHECK_THAT(error_of(with(R"({"presence_window_seconds": 0})")), Catch::Contains("beacons.presence_window_seconds"));
  CHECK_THAT(error_of(with(R"({"lease_seconds": 2, "timeout_ms": 5000})")), Catch::Contains("beacons.lease_seconds"));
  CHECK_THAT(error_of(with(R"([])")), Catch::Contains("beacons"));
}

TEST_CASE("a transcode profile: the ladder creatives are conditioned to, instead of the content's") {
  auto with = [](const std::string& profile) {
    std::string json = kGood;
    json.replace(json.find("\"ads_timeout_ms\""), 0, "\"transcode_profile\": " + profile + ", ");
    return json;
  };
  auto config = ssai::parse_config(with(R"({"segment_seconds": 4, "container": "fmp4", "audio": {"sample_rate": 44100},
      "rungs": [{"name": "720p", "width": 1280, "height": 720, "video_bitrate": 2500000, "frame_rate": 30, "profile": "high", "level": "4.0"},
                {"name": "360p", "width": 640, "height": 360, "video_bitrate": 700000}]})"), "/");
  REQUIRE(config);
  const auto& demo = config->playback_configurations.at("demo");
  REQUIRE(demo.transcode_profile);
  const auto& ladder = *demo.transcode_profile;
  CHECK(ladder.segment_seconds == 4);
  CHECK(ladder.fmp4);
  CHECK(ladder.audio_sample_rate == 44100);
  REQUIRE(ladder.rungs.size() == 2);
  CHECK(ladder.rungs[0].name == "360p");  // lowest first: conditioned first
  CHECK(ladder.rungs[1].codecs == "avc1.640028,mp4a.40.2");
  CHECK(ladder.rungs[1].frame_rate == 30);
  // Jobs carry it, so a worker needs no configuration to honour it.
  CHECK(demo.ladder_source("http://origin/a/master.m3u8").starts_with("profile:{"));
  CHECK(demo.ladder_source("http://origin/a/manifest.mpd") == "http://origin/a/manifest.mpd");  // DASH: its MPD
  auto plain = ssai::parse_config(kGood, "/");
  CHECK(plain->playback_configurations.at("demo").ladder_source("http://o/m.m3u8") == "http://o/m.m3u8");

  CHECK_THAT(error_of(with(R"({"rungs": []})")), Catch::Contains("demo.transcode_profile.rungs: must be an array of 1 to 12"));
  CHECK_THAT(error_of(with(R"({"rungs": [{"name": "a", "width": 641, "height": 360, "video_bitrate": 800000}]})")),
             Catch::Contains("rungs[0]: width and height must be even"));
  CHECK_THAT(error_of(with(R"({"rungs": [{"name": "../x", "width": 640, "height": 360, "video_bitrate": 800000}]})")),
             Catch::Contains("rungs[0].name"));
  CHECK_THAT(error_of(with(R"({"rungs": [{"name": "audio", "width": 640, "height": 360, "video_bitrate": 800000}]})")),
             Catch::Contains("names the audio-only rendition"));
  CHECK_THAT(error_of(with(R"({"container": "mkv", "rungs": [{"name": "a", "width": 640, "height": 360, "video_bitrate": 800000}]})")),
             Catch::Contains("transcode_profile.container"));
  CHECK_THAT(error_of(with(R"({"rungs": [{"name": "a", "width": 640, "height": 360, "video_bitrate": 800000, "level": 3.1}]})")),
             Catch::Contains("rungs[0].level"));
  CHECK_THAT(error_of(with(R"("fast")")), Catch::Contains("transcode_profile: must be a JSON object"));
}

TEST_CASE("bumpers: start and end URLs, each optional, checked like the slate's") {
  auto with = [](const std::string& bumpers) {
    std::string json = kGood;
    json.replace(json.find("\"ads_timeout_ms\""), 0, "\"bumpers\": " + bumpers + ", ");
    return json;
  };
  auto config = ssai::parse_config(with(R"({"start_url": "http://cdn.example/in.mp4"})"), "/");
  REQUIRE(config);
  CHECK(config->playback_configurations.at("demo").bumper_start_url == "http://cdn.example/in.mp4");
  CHECK(config->playback_configurations.at("demo").bumper_end_url.empty());
  CHECK_THAT(error_of(with(R"({"end_url": "file:///etc/passwd"})")), Catch::Contains("demo.bumpers.end_url"));
  CHECK_THAT(error_of(with(R"("http://cdn.example/in.mp4")")), Catch::Contains("demo.bumpers: must be an object"));
}

TEST_CASE("live pre-roll: an ad server URL template and a maximum duration, both required") {
  auto with = [](const std::string& preroll) {
    std::string json = kGood;
    json.replace(json.find("\"ads_timeout_ms\""), 0, "\"live_preroll\": " + preroll + ", ");
    return json;
  };
  auto config = ssai::parse_config(
      with(R"({"ad_decision_server": "http://ads.example/pre?s=[session.id]", "max_duration_seconds": 30})"), "/");
  REQUIRE(config);
  const auto& demo = config->playback_configurations.at("demo");
  CHECK(demo.live_preroll_ads == "http://ads.example/pre?s=[session.id]");
  CHECK(demo.live_preroll_max == std::chrono::seconds{30});
  CHECK(ssai::parse_config(kGood, "/")->playback_configurations.at("demo").live_preroll_ads.empty());
  CHECK_THAT(error_of(with(R"({"max_duration_seconds": 30})")), Catch::Contains("demo.live_preroll.ad_decision_server: is required"));
  CHECK_THAT(error_of(with(R"({"ad_decision_server": "", "max_duration_seconds": 30})")),
             Catch::Contains("demo.live_preroll.ad_decision_server"));
  CHECK_THAT(error_of(with(R"({"ad_decision_server": "ftp://ads.example/", "max_duration_seconds": 30})")),
             Catch::Contains("demo.live_preroll.ad_decision_server"));
  CHECK_THAT(error_of(with(R"({"ad_decision_server": "http://ads.example/"})")),
             Catch::Contains("demo.live_preroll.max_duration_seconds: is required"));
  CHECK_THAT(error_of(with(R"({"ad_decision_server": "http://ads.example/", "max_duration_seconds": 0})")),
             Catch::Contains("demo.live_preroll.max_duration_seconds"));
  CHECK_THAT(error_of(with(R"(true)")), Catch::Contains("demo.live_preroll: must be an object"));
}
