// `ssai condition` with the real ffmpeg: a creative unlike the content (854x480, 30 fps,
// mono 44.1 kHz, very loud) conditioned to the content's 2-rung ladder, checked with
// ffprobe, then stitched by the service.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <rapidjson/document.h>
#include <regex>
#include <thread>

#include "adcache/conditioner.hpp"
#include "adcache/creative_key.hpp"
#include "adcache/ladder.hpp"
#include "adcache/rendition_library.hpp"
#include "manifests/hls/parser.hpp"
#include "ssai/transcode_profile.hpp"
#include "support/files.hpp"
#include "support/outbound.hpp"
#include "support/fixture_ads.hpp"
#include "support/http_get.hpp"
#include "support/media.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using test_support::first_packet_time;
using test_support::run_command;
using test_support::stream_info;

namespace {

const std::string kContentMaster = std::string(SSAI_FIXTURES_DIR) + "/media/content/master.m3u8";

// The first I-frame of a rung's iframes.m3u8, cut out by its byte range (after the init
// segment for fMP4) and decoded by ffmpeg: the key_frame flag of each frame, "1" when it is
// exactly one keyframe.
std::string first_iframe_decoded(const fs::path& rung, const fs::path& scratch, const std::string& init = "") {
  const auto text = test_support::read_file(rung / "iframes.m3u8");
  std::smatch range;
  if (!std::regex_search(text, range, std::regex("#EXT-X-BYTERANGE:([0-9]+)@([0-9]+)\n([^\n]+)"))) return "no byte range";
  const auto segment = test_support::read_file(rung / range[3].str());
  const auto length = std::stoul(range[1].str());
  const auto offset = std::stoul(range[2].str());
  if (offset + length > segment.size()) return "range past the segment";
  test_support::write_file(scratch, (init.empty() ? "" : test_support::read_file(rung / init)) + segment.substr(offset, length));
  const auto frames = run_command("ffprobe -v error -select_streams v -show_entries frame=key_frame -of csv=p=0 " + scratch.string()).out;
  return std::regex_replace(frames, std::regex("[,\\s]"), "");
}


// 8 s of fMP4 content in 4 s segments (640x360, AAC at `audio_rate`), its master ending
// with `master_extra`; a `seconds`-long 720p creative conditioned to it under `key` with
// `ssai condition`. Answers the library.
fs::path condition_for_fmp4_content(const fs::path& dir, int audio_rate, int seconds, const std::string& master_extra,
                                    const std::string& key) {
  const auto content = dir / "content";
  fs::create_directories(content / "360p");
  REQUIRE(run_command("ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i "
              "sine=frequency=300:sample_rate=" + std::to_string(audio_rate) + " -t 8 -ac 1 -c:v libx264 -preset ultrafast -g 25 "
              "-c:a aac -f hls -hls_time 4 -hls_playlist_type vod -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 "
              "-hls_segment_filename " + (content / "360p" / "s_%03d.m4s").string() + " " +
              (content / "360p" / "index.m3u8").string()).exit_code == 0);
  test_support::write_file(content / "master.m3u8",
      "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS=\"avc1.64001e,mp4a.40.2\","
      "FRAME-RATE=25.000\n360p/index.m3u8\n" + master_extra);
  const auto creative = dir / "ad.mp4";
  REQUIRE(run_command("ffmpeg -hide_banner -loglevel error -y -f lavfi -i smptebars=size=1280x720:rate=30 -f lavfi -i "
              "sine=frequency=1000:sample_rate=48000 -t " + std::to_string(seconds) + " -c:v libx264 -preset ultrafast -c:a aac " +
              creative.string()).exit_code == 0);
  const auto library = dir / "lib";
  REQUIRE(run_command(std::string(SSAI_BINARY) + " condition " + creative.string() + " --ladder " + (content / "master.m3u8").string() +
              " --out " + library.string() + " --key " + key).exit_code == 0);
  return library;
}
}  // namespace

TEST_CASE("a creative unlike the content is conditioned to its ladder, checked with ffprobe") {
  test_support::TempDir dir;
  const auto creative = dir.path() / "odd.mp4";
  REQUIRE(run_command("ffmpeg -hide_banner -loglevel error -y -f lavfi -i mandelbrot=size=854x480:rate=30 -f lavfi -i "
              "sine=frequency=660:sample_rate=44100,volume=8 -t 8 -ac 1 -c:v libx264 -preset ultrafast -c:a aac " +
              creative.string()).exit_code == 0);
  const auto library = dir.path() / "lib";
  const auto result = run_command(std::string(SSAI_BINARY) + " condition " + creative.string() + " --ladder " + kContentMaster +
                          " --out " + library.string() + " --key odd-8 --json");
  REQUIRE(result.exit_code == 0);
  rapidjson::Document report;
  report.Parse(result.out.c_str());
  REQUIRE(report.IsObject());
  CHECK(report["input"]["width"].GetInt() == 854);
  CHECK(std::abs(report["loudness_after_lufs"].GetDouble() - (-23.0)) < 2.0);
  CHECK(report["loudness_before_lufs"].GetDouble() > -10.0);
  REQUIRE(report["rungs"].Size() == 2);

  const std::pair<const char*, const char*> rungs[] = {{"360p", "width=640|height=360"}, {"720p", "width=1280|height=720"}};
  for (const auto& [name, size] : rungs) {
    INFO(name);
    const auto rung = library / "odd-8" / name;
    const auto playlist = test_support::read_file(rung / "index.m3u8");
    CHECK_THAT(playlist, Catch::Contains("#EXTINF:6.000000,\nseg_000.ts\n#EXTINF:2.000000,\nseg_001.ts"));
    for (const char* segment : {"seg_000.ts", "seg_001.ts"}) {
      INFO(segment);
      const auto info = stream_info(rung / segment);
      CHECK_THAT(info, Catch::Contains(std::string("codec_name=h264|") + size + "|has_b_frames=0|r_frame_rate=25/1"));
      CHECK_THAT(info, Catch::Contains("codec_name=aac|sample_rate=48000|channels=2"));
      const auto keyframe = run_command("ffprobe -v error -select_streams v -show_entries packet=flags -of csv=p=0 -read_intervals %+#1 " +
                                (rung / segment).string()).out;
      CHECK(keyframe.rfind("K", 0) == 0);  // every segment opens on a keyframe
      // Audio and video start together, within one AAC frame (1024 samples at 48 kHz).
      CHECK(std::abs(first_packet_time(rung / segment, "v") - first_packet_time(rung / segment, "a")) < 0.0215);
    }
  }
  // The audio alone, for content with alternate audio renditions: same segmenting,
  // same rate, no video.
  const auto audio = library / "odd-8" / adcache::kAudioRendition;
  CHECK_THAT(test_support::read_file(audio / "index.m3u8"), Catch::Contains("seg_001.ts"));
  const auto audio_info = stream_info(audio / "seg_000.ts");
  CHECK_THAT(audio_info, Catch::Contains("codec_name=aac|sample_rate=48000|channels=2"));
  CHECK_THAT(audio_info, !Catch::Contains("h264"));
  REQUIRE(report.HasMember("audio"));
  CHECK(report["audio"]["segments"].GetInt() == 2);
  CHECK_FALSE(fs::exists(library / "odd-8" / adcache::kPartialMarker));  // complete
  std::size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(library)) {
    ++entries;
    CHECK(entry.path().filename() == "odd-8");  // no staging left behind
  }
  CHECK(entries == 1);
  adcache::RenditionLibrary found(library, "http://cdn/");
  auto creative_renditions = found.find("odd-8");
  REQUIRE(creative_renditions);
  CHECK((*creative_renditions)->duration() == manifests::Ticks{8 * 90000});
  const auto* audio_only = adcache::audio_rendition(**creative_renditions);
  REQUIRE(audio_only != nullptr);
  CHECK(audio_only->codecs.empty());
  CHECK(&adcache::pick_rendition(**creative_renditions, {0, 0, 0}) != audio_only);
}

TEST_CASE("a transcode profile given instead of the content: its rungs, segment length and audio rate") {
  test_support::TempDir dir;
  const auto creative = dir.path() / "blue.mp4";
  REQUIRE(run_command("ffmpeg -hide_banner -loglevel error -y -f lavfi -i color=c=blue:size=640x360:rate=25 -f lavfi -i "
                      "sine=frequency=440:sample_rate=48000 -t 5 -ac 2 -c:v libx264 -preset ultrafast -c:a aac " +
                      creative.string()).exit_code == 0);
  test_support::write_file(dir.path() / "profile.json",
      R"({"segment_seconds": 2, "audio": {"sample_rate": 44100, "channels": 1},
          "rungs": [{"name": "small", "width": 480, "height": 270, "video_bitrate": 400000, "frame_rate": 30}]})");
  const auto library = dir.path() / "lib";
  const auto result = run_command(std::string(SSAI_BINARY) + " condition " + creative.string() + " --ladder " +
                                  (dir.path() / "profile.json").string() + " --out " + library.string() + " --key profiled");
  REQUIRE(result.exit_code == 0);
  const auto rung = library / "profiled" / "small";
  CHECK_THAT(test_support::read_file(rung / "index.m3u8"), Catch::Contains("#EXT-X-TARGETDURATION:2\n"));
  const auto info = stream_info(rung / "seg_000.ts");
  CHECK_THAT(info, Catch::Contains("codec_name=h264|width=480|height=270|has_b_frames=0|r_frame_rate=30/1"));
  CHECK_THAT(info, Catch::Contains("codec_name=aac|sample_rate=44100|channels=1"));
  CHECK_THAT(test_support::read_file(library / "profiled" / "master.m3u8"), Catch::Contains("CODECS=\"avc1.4d001f,mp4a.40.2\""));
  const auto refused = run_command(std::string(SSAI_BINARY) + " condition " + creative.string() + " --ladder " +
                                   (dir.path() / "bad.json").string() + " --out " + library.string() + " --key bad");
  CHECK(refused.exit_code != 0);
}

TEST_CASE("content with I-frame playlists: each ad rung gets one, every byte range a decodable keyframe") {
  test_support::TempDir dir;
  // The fixture content's master with trick-play playlists listed (their files are not
  // needed: the ladder only notes that the content has them).
  std::string master = test_support::read_file(kContentMaster);
  master += "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=120000,RESOLUTION=640x360,CODECS=\"avc1.4d401e\",URI=\"360p/iframes.m3u8\"\n";
  fs::create_directories(dir.path() / "content");
  for (const char* rung : {"360p", "720p"}) {
    fs::create_directory_symlink(fs::path(kContentMaster).parent_path() / rung, dir.path() / "content" / rung);
  }
  test_support::write_file(dir.path() / "content" / "master.m3u8", master);
  const auto creative = dir.path() / "bars.mp4";
  REQUIRE(run_command("ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i "
                      "sine=frequency=500:sample_rate=48000 -t 8 -ac 2 -c:v libx264 -preset ultrafast -c:a aac " +
                      creative.string()).exit_code == 0);
  const auto library = dir.path() / "lib";
  REQUIRE(run_command(std::string(SSAI_BINARY) + " condition " + creative.string() + " --ladder " +
                      (dir.path() / "content" / "master.m3u8").string() + " --out " + library.string() + " --key trick")
              .exit_code == 0);
  const auto ad_master = test_support::read_file(library / "trick" / "master.m3u8");
  CHECK_THAT(ad_master, Catch::Contains("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=") &&
                            Catch::Contains("RESOLUTION=1280x720,CODECS=\"avc1.4d401f\",URI=\"720p/iframes.m3u8\""));
  for (const char* rung : {"360p", "720p"}) {
    INFO(rung);
    const auto text = test_support::read_file(library / "trick" / rung / "iframes.m3u8");
    auto playlist = manifests::hls::parse_media(text);
    REQUIRE(playlist);
    CHECK_THAT(text, Catch::Contains("#EXT-X-I-FRAMES-ONLY"));
    REQUIRE(playlist->segments.size() == 2);  // a keyframe at each 6 s segment's start
    CHECK(manifests::hls::total_duration(*playlist) == manifests::Ticks{8 * 90000});
    // Cut the first I-frame out by its byte range: ffmpeg decodes exactly one keyframe.
    CHECK(first_iframe_decoded(library / "trick" / rung, dir.path() / "frame.ts") == "1");
    std::smatch range;
    REQUIRE(std::regex_search(text, range, std::regex("#EXT-X-BYTERANGE:[0-9]+@([0-9]+)")));
    CHECK(std::stoul(range[1].str()) % 188 == 0);  // on a TS packet boundary
  }
  // The library reads the creative as before: two rungs and the audio, I-frames aside.
  adcache::RenditionLibrary found(library, "http://cdn/");
  auto renditions = found.find("trick");
  REQUIRE(renditions);
  CHECK((*renditions)->renditions.size() == 3);
}

TEST_CASE("conditioning failures say why and publish nothing") {
  test_support::TempDir dir;
  test_support::write_file(dir.path() / "not-video.mp4", "this is not a video");
  const auto library = dir.path() / "lib";
  const auto result = run_command(std::string(SSAI_BINARY) + " condition " + (dir.path() / "not-video.mp4").string() +
                          " --ladder " + kContentMaster + " --out " + library.string() + " --key broken");
  CHECK(result.exit_code == 2);
  CHECK_FALSE(fs::exists(library / "broken"));
  if (fs::exists(library)) CHECK(fs::is_empty(library));  // no half-written staging left
  CHECK(run_command(std::string(SSAI_BINARY) + " condition http://127.0.0.1:9/missing.mp4 --ladder " + kContentMaster +
            " --out " + library.string()).exit_code == 2);
}

TEST_CASE("the service stitches a creative conditioned moments before") {
  test_support::TempDir dir;
  const auto creative = dir.path() / "media" / "odd.mp4";
  fs::create_directories(creative.parent_path());
  REQUIRE(run_command("ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc=size=854x480:rate=30 -t 8 -c:v libx264 "
              "-preset ultrafast " + creative.string()).exit_code == 0);  // no audio at all
  REQUIRE(run_command(std::string(SSAI_BINARY) + " condition " + creative.string() + " --ladder " + kContentMaster + " --out " +
              (dir.path() / "lib").string() + " --key odd-8").exit_code == 0);
  // A second fixture server plays the ad server and CDN for the conditioned creative.
  auto odd = test_support::InlineAd::of("odd", "odd-8", "{{FIXTURE_BASE}}/media/odd.mp4");
  odd.seconds = 8;
  odd.width = 854;
  odd.height = 480;
  odd.impression = "{{FIXTURE_BASE}}/track/impression?ad=odd";
  test_support::write_file(dir.path() / "vast" / "odd.xml", test_support::vast_document({odd}));
  test_support::ServerProcess content(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  test_support::ServerProcess ads(SSAI_FIXTURES_BINARY, {"serve", "--dir", dir.path().string(), "--listen", "127.0.0.1:0"});
  test_support::write_file(dir.path() / "config.json",
      "{" + test_support::outbound_allowing({content.url(), ads.url()}) + ", \"ad_renditions\": {\"dir\": \"" + (dir.path() / "lib").string() + "\", \"base_url\": \"" + ads.url() + "/lib/\"},"
      " \"playback_configurations\": {\"odd\": {\"content_origin\": \"" + content.url() + "/media/\","
      " \"ad_decision_server\": \"" + ads.url() + "/vast/odd.xml\", \"slate_url\": \"" + content.url() + "/media/creatives/slate.mp4\"}}}");
  // The slate lives with the content's fixtures; point the library at both via a link.
  fs::create_directory_symlink(fs::path(SSAI_FIXTURES_DIR) / "media" / "ads" / "slate", dir.path() / "lib" / "slate");
  test_support::ServerProcess ssai(SSAI_BINARY, {"serve", "--config", (dir.path() / "config.json").string(), "--listen", "127.0.0.1:0"});
  const auto master = test_support::http_get(ssai.url() + "/v1/master/odd/content/master.m3u8");
  REQUIRE(master.status == 200);
  std::smatch variant;
  REQUIRE(std::regex_search(master.body, variant, std::regex("http://[^\\n]+/0\\.m3u8")));
  const auto media = test_support::http_get(variant.str());
  REQUIRE(media.status == 200);
  CHECK_THAT(media.body, Catch::Contains("#EXTINF:6.000,\n" + ssai.url() + "/v1/segment/"));
  CHECK_THAT(media.body, Catch::Contains("#EXTINF:2.000,\n" + ssai.url() + "/v1/segment/"));
  std::smatch first;
  REQUIRE(std::regex_search(media.body, first, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/0/0/0\\.ts")));
  const auto redirect = test_support::http_get(first.str());
  CHECK(redirect.location == ads.url() + "/lib/odd-8/360p/seg_000.ts");
  CHECK(test_support::http_get(redirect.location).status == 200);
}

TEST_CASE("a creative seen for the first time is conditioned once by the service, then plays") {
  test_support::TempDir dir;
  // The ad server names a creative nobody has conditioned: the fixture's blue 10 s mp4
  // under a new UniversalAdId.
  test_support::ServerProcess content(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  test_support::write_file(dir.path() / "vast" / "fresh.xml",
                           test_support::vast_document({test_support::InlineAd::of(
                               "fresh", "fresh-blue", content.url() + "/media/creatives/blue-10.mp4")}));
  test_support::ServerProcess ads(SSAI_FIXTURES_BINARY, {"serve", "--dir", dir.path().string(), "--listen", "127.0.0.1:0"});
  fs::create_directories(dir.path() / "lib");  // empty: the slate is conditioned on demand too
  // No base_url: the service serves the renditions itself.
  test_support::write_file(dir.path() / "config.json",
      "{" + test_support::outbound_allowing({content.url(), ads.url()}) + ", \"ad_renditions\": {\"dir\": \"" + (dir.path() / "lib").string() + "\"},"
      " \"conditioning_workers\": 1, \"playback_configurations\": {\"fresh\": {\"content_origin\": \"" + content.url() +
      "/media/\", \"ad_decision_server\": \"" + ads.url() + "/vast/fresh.xml\", \"slate_url\": \"" + content.url() +
      "/media/creatives/slate.mp4\"}}}");
  test_support::ServerProcess ssai(SSAI_BINARY, {"serve", "--config", (dir.path() / "config.json").string(), "--listen", "127.0.0.1:0"});

  auto stitched_variant = [&] {
    const auto variants = test_support::variant_urls(ssai.url() + "/v1/master/fresh/content/master.m3u8");
    REQUIRE_FALSE(variants.empty());
    return test_support::http_get(variants[0]).body;
  };
  // First sight: no ad yet, the content plays; conditioning has started.
  CHECK(stitched_variant().find("/v1/segment/") == std::string::npos);
  bool played = false;
  std::string last;
  // The blue 10 s ad and then the slate take a few seconds on an idle machine; on a
  // loaded one (more test jobs than cores) ffmpeg took over 40 s, so the bound is as
  // wide as the test's 120 s allows.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(100);
  while (!played && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    last = stitched_variant();
    played = last.find("/v1/segment/") != std::string::npos &&
             std::regex_search(last, std::regex(ssai.url() + "/v1/ads/slate_[0-9a-f]{8}/"));
  }
  CHECK(played);
  // Both conditioned to this content's ladder, under keys that say so.
  const auto creative = test_support::laddered_key(dir.path() / "lib", "fresh-blue");
  const auto slate_key = test_support::laddered_key(dir.path() / "lib", "slate");
  REQUIRE_FALSE(creative.empty());
  REQUIRE(slate_key == "slate" + creative.substr(10));  // the same ladder's fingerprint
  std::smatch first_ad;
  REQUIRE(std::regex_search(last, first_ad, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/0/0/0\\.ts")));
  const auto redirect = test_support::http_get(first_ad.str());
  CHECK(redirect.location == ssai.url() + "/v1/ads/" + creative + "/360p/seg_000.ts");
  const auto segment = test_support::http_get(redirect.location);
  CHECK(segment.status == 200);
  CHECK(segment.content_type == "video/mp2t");
  CHECK(segment.body.size() > 10000);
  CHECK(test_support::http_get(ssai.url() + "/v1/ads/../config.json").status == 404);
  CHECK(test_support::http_get(ssai.url() + "/v1/ads/" + creative + "/%2e%2e/%2e%2e/config.json").status == 404);
  const auto slate = test_support::read_file(dir.path() / "lib" / slate_key / "360p" / "index.m3u8");
  CHECK_THAT(slate, Catch::Contains("#EXT-X-TARGETDURATION:1\n"));  // 1 s segments: fills any gap to the second
  // The slate was queued as the session began, so the creative may still be adding rungs.
  for (int i = 0; i < 60 && ssai.log().find(creative + " ready in") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  CHECK(fs::exists(dir.path() / "lib" / creative / "720p" / "index.m3u8"));
  // Many sessions asked while it was being conditioned; the source was fetched once.
  rapidjson::Document hits;
  hits.Parse(test_support::http_get(content.url() + "/_hits").body.c_str());
  CHECK(hits["/media/creatives/blue-10.mp4"].GetInt() == 1);
  CHECK_THAT(ssai.log(), Catch::Contains(creative + " ready in"));
  // Counted for dashboards (the creative; the slate may still be adding rungs).
  const auto metrics = test_support::http_get(ssai.url() + "/metrics").body;
  CHECK_THAT(metrics, Catch::Contains("ssai_conditioning_jobs_total{outcome=\"ready\"} "));
  CHECK_THAT(metrics, Catch::Contains("ssai_conditioning_duration_seconds_bucket{le=\"0.0005\"} 0\n"));
  CHECK_THAT(metrics, Catch::Contains("ssai_conditioning_duration_seconds_count "));
}

TEST_CASE("a playback configuration's transcode profile: the service conditions to it, keyed by its fingerprint") {
  test_support::TempDir dir;
  test_support::ServerProcess content(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  test_support::write_file(dir.path() / "vast" / "fresh.xml",
                           test_support::vast_document({test_support::InlineAd::of(
                               "fresh", "profiled-blue", content.url() + "/media/creatives/blue-10.mp4")}));
  test_support::ServerProcess ads(SSAI_FIXTURES_BINARY, {"serve", "--dir", dir.path().string(), "--listen", "127.0.0.1:0"});
  fs::create_directories(dir.path() / "lib");
  const std::string profile =
      R"({"segment_seconds": 2, "rungs": [{"name": "small", "width": 480, "height": 270, "video_bitrate": 400000}]})";
  const std::string token = "profile-test-admin-token";
  test_support::write_file(dir.path() / "config.json",
      "{" + test_support::outbound_allowing({content.url(), ads.url()}) + ", \"ad_renditions\": {\"dir\": \"" + (dir.path() / "lib").string() + "\"}, \"admin_token\": \"" + token + "\","
      " \"conditioning_workers\": 1, \"playback_configurations\": {\"p\": {\"content_origin\": \"" + content.url() +
      "/media/\", \"ad_decision_server\": \"" + ads.url() + "/vast/fresh.xml\", \"transcode_profile\": " + profile + "}}}");
  test_support::ServerProcess ssai(SSAI_BINARY, {"serve", "--config", (dir.path() / "config.json").string(), "--listen", "127.0.0.1:0"});
  const auto ladder = ssai::parse_transcode_profile(profile, "test");
  REQUIRE(ladder);
  const auto key = adcache::ladder_key("profiled-blue", adcache::ladder_fingerprint(*ladder));

  const auto variants = test_support::variant_urls(ssai.url() + "/v1/master/p/content/master.m3u8");
  REQUIRE_FALSE(variants.empty());
  CHECK(test_support::http_get(variants[0]).status == 200);  // the decision queues the job
  std::string state;
  for (int i = 0; i < 120 && state != "ready"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    rapidjson::Document record;
    record.Parse(test_support::http_request({"GET", ssai.url() + "/v1/creatives/" + key, {"Authorization: Bearer " + token}, ""}).body.c_str());
    if (record.IsObject() && record.HasMember("state")) state = record["state"].GetString();
  }
  REQUIRE(state == "ready");
  const auto rung = dir.path() / "lib" / key / "small";
  CHECK_THAT(test_support::read_file(rung / "index.m3u8"), Catch::Contains("#EXT-X-TARGETDURATION:2\n"));
  CHECK_THAT(stream_info(rung / "seg_000.ts"), Catch::Contains("codec_name=h264|width=480|height=270"));
  CHECK_FALSE(fs::exists(dir.path() / "lib" / key / "720p"));  // the content's rungs are not what it was asked for
}

TEST_CASE("fMP4 content: the creative gets an init segment, the content's segment length and audio format") {
  test_support::TempDir dir;
  const auto library = condition_for_fmp4_content(dir.path(), 44100, 6, "", "bars-fmp4");
  const auto rung = library / "bars-fmp4" / "360p";
  const auto playlist = test_support::read_file(rung / "index.m3u8");
  CHECK_THAT(playlist, Catch::Contains("#EXT-X-MAP:URI=\"init.mp4\""));
  CHECK_THAT(playlist, Catch::Contains("#EXTINF:4.000000,\nseg_000.m4s\n#EXTINF:2.000000,\nseg_001.m4s"));
  CHECK(fs::exists(rung / "init.mp4"));
  const auto info = stream_info(rung / "init.mp4");
  CHECK_THAT(info, Catch::Contains("codec_name=aac|sample_rate=44100|channels=1"));  // the content's audio format
  CHECK_THAT(info, Catch::Contains("width=640|height=360"));
}

TEST_CASE("fMP4 content with I-frame playlists: each ad rung's I-frames run from a moof through its keyframe") {
  test_support::TempDir dir;
  const auto library = condition_for_fmp4_content(
      dir.path(), 48000, 8,
      "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,RESOLUTION=640x360,CODECS=\"avc1.64001e\",URI=\"360p/iframes.m3u8\"\n",
      "bars-trick");
  const auto rung = library / "bars-trick" / "360p";
  const auto text = test_support::read_file(rung / "iframes.m3u8");
  CHECK_THAT(text, Catch::Contains("#EXT-X-I-FRAMES-ONLY\n#EXT-X-MAP:URI=\"init.mp4\"\n"));
  auto playlist = manifests::hls::parse_media(text);
  REQUIRE(playlist);
  CHECK(playlist->segments.size() == 2);  // a fragment per 4 s segment, a keyframe at each start
  CHECK(manifests::hls::total_duration(*playlist) == manifests::Ticks{8 * 90000});
  CHECK_THAT(test_support::read_file(library / "bars-trick" / "master.m3u8"), Catch::Contains("URI=\"360p/iframes.m3u8\""));
  CHECK(first_iframe_decoded(rung, dir.path() / "frame.mp4", "init.mp4") == "1");
}

TEST_CASE("a slate that lasts nothing leaves the gap unfilled instead of hanging the server") {
  test_support::TempDir dir;
  const auto lib = dir.path() / "lib";
  fs::create_directories(lib);
  fs::create_directory_symlink(fs::path(SSAI_FIXTURES_DIR) / "media" / "ads" / "bars-15", lib / "bars-15");
  test_support::write_file(lib / "slate" / "master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=640x360\n360p/index.m3u8\n");
  test_support::write_file(lib / "slate" / "360p" / "index.m3u8",
                           "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:0,\nseg_000.ts\n#EXTINF:0,\nseg_001.ts\n#EXT-X-ENDLIST\n");
  test_support::ServerProcess content(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  test_support::write_file(dir.path() / "config.json",
      "{" + test_support::outbound_allowing({content.url()}) + ", \"ad_renditions\": {\"dir\": \"" + lib.string() + "\", \"base_url\": \"http://cdn.example/\"}, \"conditioning_workers\": 0,"
      " \"playback_configurations\": {\"z\": {\"content_origin\": \"" + content.url() + "/media/\","
      " \"ad_decision_server\": \"" + content.url() + "/vast/pod.xml\", \"slate_url\": \"" + content.url() + "/media/creatives/slate.mp4\"}}}");
  test_support::ServerProcess ssai(SSAI_BINARY, {"serve", "--config", (dir.path() / "config.json").string(), "--listen", "127.0.0.1:0"});
  const auto master = test_support::http_get(ssai.url() + "/v1/master/z/content/master.m3u8");
  std::smatch variant;
  REQUIRE(std::regex_search(master.body, variant, std::regex("http://[^\\n]+/0\\.m3u8")));
  const auto started = std::chrono::steady_clock::now();
  const auto media = test_support::http_get(variant.str());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  REQUIRE(media.status == 200);
  CHECK_THAT(media.body, Catch::Contains("/v1/segment/"));  // the 15 s ad still plays
  CHECK_THAT(ssai.log(), Catch::Contains("has no duration"));
}

TEST_CASE("a creative offered as HLS that fits the ladder plays without a transcode, from the ad's own CDN") {
  test_support::TempDir dir;
  // The ad server's CDN holds the creative as HLS, already at the content's ladder:
  // 640x360 and 1280x720, 25 fps, 6 s MPEG-TS segments, AAC.
  for (const auto& [name, size] : {std::pair{"low", "640x360"}, std::pair{"high", "1280x720"}}) {
    const auto rung = dir.path() / "cdn" / "hls-ad" / name;
    fs::create_directories(rung);
    REQUIRE(run_command("ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=" + std::string(size) +
                        ":rate=25 -f lavfi -i sine=frequency=700:sample_rate=48000 -t 10 -ac 2 -c:v libx264 -preset ultrafast "
                        "-g 25 -force_key_frames 'expr:gte(t,n_forced*6)' -c:a aac -f hls -hls_time 6 -hls_playlist_type vod "
                        "-hls_segment_filename " + (rung / "s_%03d.ts").string() + " " + (rung / "index.m3u8").string()).exit_code == 0);
  }
  test_support::write_file(dir.path() / "cdn" / "hls-ad" / "master.m3u8",
      "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS=\"avc1.64001e,mp4a.40.2\"\nlow/index.m3u8\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,CODECS=\"avc1.64001f,mp4a.40.2\"\nhigh/index.m3u8\n");
  test_support::ServerProcess content(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  test_support::ServerProcess ads(SSAI_FIXTURES_BINARY, {"serve", "--dir", dir.path().string(), "--listen", "127.0.0.1:0"});
  auto hls = test_support::InlineAd::of("h", "ready-hls", ads.url() + "/cdn/hls-ad/master.m3u8");
  hls.type = "application/x-mpegURL";
  hls.delivery = "streaming";
  test_support::write_file(dir.path() / "vast" / "hls.xml", test_support::vast_document({hls}));
  const auto library = dir.path() / "lib";
  fs::create_directories(library);
  fs::create_directory_symlink(fs::path(SSAI_FIXTURES_DIR) / "media" / "ads" / "slate", library / "slate");
  test_support::write_file(dir.path() / "config.json",
      "{" + test_support::outbound_allowing({content.url(), ads.url()}) + ", \"ad_renditions\": {\"dir\": \"" + library.string() + "\"}, \"conditioning_workers\": 1,"
      " \"playback_configurations\": {\"hls\": {\"content_origin\": \"" + content.url() + "/media/\","
      " \"ad_decision_server\": \"" + ads.url() + "/vast/hls.xml\", \"slate_url\": \"" + content.url() + "/media/creatives/slate.mp4\"}}}");
  test_support::ServerProcess ssai(SSAI_BINARY, {"serve", "--config", (dir.path() / "config.json").string(), "--listen", "127.0.0.1:0"});
  auto stitched_variant = [&](std::size_t index) {
    const auto variants = test_support::variant_urls(ssai.url() + "/v1/master/hls/content/master.m3u8");
    REQUIRE(variants.size() > index);
    return test_support::http_get(variants[index]).body;
  };
  const auto started = std::chrono::steady_clock::now();
  CHECK(stitched_variant(0).find("/v1/segment/") == std::string::npos);  // first sight: not published yet
  std::string played;
  for (int i = 0; i < 50 && played.find("/v1/segment/") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    played = stitched_variant(1);
  }
  const auto waited = std::chrono::steady_clock::now() - started;
  REQUIRE(played.find("/v1/segment/") != std::string::npos);
  CHECK(waited < std::chrono::seconds(3));  // no transcode: a few playlist fetches
  std::smatch first_ad;
  REQUIRE(std::regex_search(played, first_ad, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/0/1/0\\.ts[^\\n]*")));
  CHECK(test_support::http_get(first_ad.str()).location == ads.url() + "/cdn/hls-ad/high/s_000.ts");
  CHECK_THAT(played, Catch::Contains("#EXTINF:6.000,\n") && Catch::Contains("#EXTINF:4.000,\n"));
  const auto adopted = test_support::laddered_key(library, "ready-hls");
  REQUIRE_FALSE(adopted.empty());
  CHECK_THAT(ssai.log(), Catch::Contains(adopted + " ready: its own HLS renditions fit the ladder"));
  for (const auto& entry : fs::recursive_directory_iterator(library / adopted)) {
    CHECK(entry.path().extension() != ".ts");  // nothing transcoded, nothing copied
  }
}
