// Conditioning across nodes, with real ffmpeg and a real redis-server: two `ssai serve`
// processes asked for the same new creative at once transcode it once, and a worker
// killed mid-job leaves nothing half-published; another finishes the job when the lease
// runs out.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <rapidjson/document.h>
#include <regex>
#include <thread>

#include "adcache/conditioner.hpp"
#include "adcache/creative_key.hpp"
#include "ssai/conditioning.hpp"
#include "ssai/transcode_profile.hpp"
#include "ssai/redis_job_store.hpp"
#include "support/files.hpp"
#include "support/outbound_policy.hpp"
#include "support/fixture_ads.hpp"
#include "support/http_get.hpp"
#include "support/media.hpp"
#include "support/process.hpp"
#include "support/redis_server.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Occurrences of `needle` in `text`.
std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::optional<adcache::JobStatus> job_status(ssai::RedisJobStore& jobs, const std::string& key) {
  auto status = jobs.status(key);
  REQUIRE(status);
  return *status;
}

// Processes whose command line names `path`: an ffmpeg still writing there, say.
int processes_using(const fs::path& path) {
  int found = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(path.string()) != std::string::npos) ++found;
  }
  return found;
}

// Staging directories (".tmp-...", ".old-...") left in the library.
std::vector<std::string> staging_left(const fs::path& library) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(library)) {
    const auto name = entry.path().filename().string();
    if (name.starts_with(".tmp-") || name.starts_with(".old-")) names.push_back(name);
  }
  return names;
}

}  // namespace

TEST_CASE("two ssai processes asked for one new creative at once condition it once, to the content's ladder") {
  test_support::TempDir dir;
  test_support::RedisServer redis;
  // A creative unlike the content in size, frame rate and audio: 854x480, 30 fps, mono 44.1 kHz.
  fs::create_directories(dir.path() / "media");
  REQUIRE(test_support::run_command("ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=854x480:rate=30 -f lavfi -i "
                                    "sine=frequency=500:sample_rate=44100 -t 8 -ac 1 -c:v libx264 -preset ultrafast -c:a aac " +
                                    (dir.path() / "media" / "odd.mp4").string()).exit_code == 0);
  test_support::ServerProcess content(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  test_support::ServerProcess ads(SSAI_FIXTURES_BINARY, {"serve", "--dir", dir.path().string(), "--listen", "127.0.0.1:0"});
  auto odd = test_support::InlineAd::of("odd", "shared-odd", ads.url() + "/media/odd.mp4");
  odd.seconds = 8;
  odd.width = 854;
  odd.height = 480;
  test_support::write_file(dir.path() / "vast" / "odd.xml", test_support::vast_document({odd}));
  const auto library = dir.path() / "lib";  // shared by both nodes, as a network file system would be
  fs::create_directories(library);
  fs::create_directory_symlink(fs::path(SSAI_FIXTURES_DIR) / "media" / "ads" / "slate", library / "slate");
  test_support::write_file(dir.path() / "config.json",
      "{" + test_support::outbound_allowing({content.url(), ads.url()}) + ", \"ad_renditions\": {\"dir\": \"" + library.string() + "\"}, \"conditioning_workers\": 1,"
      " \"admin_token\": \"cluster-admin-token-42\", \"playback_configurations\": {\"odd\": {\"content_origin\": \"" + content.url() + "/media/\","
      " \"ad_decision_server\": \"" + ads.url() + "/vast/odd.xml\"}}}");
  const std::vector<std::string> serve = {"serve", "--config", (dir.path() / "config.json").string(), "--listen",
                                          "127.0.0.1:0", "--store", redis.url()};
  test_support::ServerProcess node_a(SSAI_BINARY, serve);
  test_support::ServerProcess node_b(SSAI_BINARY, serve);

  auto stitched_variant = [](const std::string& node) {
    const auto variants = test_support::variant_urls(node + "/v1/master/odd/content/master.m3u8");
    return variants.size() < 2 ? std::string() : test_support::http_get(variants[1]).body;  // 720p
  };
  // First sight on both nodes at once: content without the ad, and one job between them.
  auto first_a = std::async(std::launch::async, stitched_variant, node_a.url());
  auto first_b = std::async(std::launch::async, stitched_variant, node_b.url());
  CHECK(first_a.get().find("/v1/segment/") == std::string::npos);
  CHECK(first_b.get().find("/v1/segment/") == std::string::npos);

  // Keyed by the content's ladder, as a conditioning worker reads it (another content of
  // another ladder would get its own conditioning).
  const auto fingerprint = ssai::read_ladder_fingerprint(content.url() + "/media/content/master.m3u8", test_support::loopback_policy(content.url()));
  REQUIRE(fingerprint);
  const auto key = adcache::ladder_key("shared-odd", *fingerprint);
  CHECK(test_support::laddered_key(library, "shared-odd").empty());  // nothing published yet, or just this

  // The lowest rung plays as soon as it is published; wait for the whole ladder.
  ssai::RedisJobStore jobs(*ssai::parse_redis_url(redis.url()));
  bool played_on_both = false;
  std::optional<adcache::JobStatus> status;
  for (int i = 0; i < 120 && !(played_on_both && status && status->state == adcache::JobState::kReady); ++i) {
    std::this_thread::sleep_for(500ms);
    status = job_status(jobs, key);
    played_on_both = stitched_variant(node_b.url()).find("/v1/segment/") != std::string::npos &&
                     stitched_variant(node_a.url()).find("/v1/segment/") != std::string::npos;
  }
  REQUIRE(played_on_both);
  const std::string playlist_b = stitched_variant(node_b.url());
  REQUIRE(status);
  CHECK(status->state == adcache::JobState::kReady);
  CHECK(status->attempts == 1);
  rapidjson::Document hits;
  hits.Parse(test_support::http_get(ads.url() + "/_hits").body.c_str());
  CHECK(hits["/media/odd.mp4"].GetInt() == 1);  // downloaded once: transcoded once
  CHECK(test_support::laddered_key(library, "shared-odd") == key);
  CHECK(count(node_a.log() + node_b.log(), key + " ready in") == 1);

  // The 720p rung (variant 1) plays it, conditioned to the content: 1280x720 at 25 fps,
  // stereo 48 kHz AAC, keyframe first, 6 s segments as the content's.
  std::smatch first_ad;
  REQUIRE(std::regex_search(playlist_b, first_ad, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/0/[0-9]+/0\\.ts")));
  CHECK(test_support::http_get(first_ad.str()).location == node_b.url() + "/v1/ads/" + key + "/720p/seg_000.ts");
  const auto rung = library / key / "720p";
  CHECK_THAT(test_support::read_file(rung / "index.m3u8"), Catch::Contains("#EXTINF:6.000000,\nseg_000.ts\n#EXTINF:2.000000,\nseg_001.ts"));
  const auto info = test_support::stream_info(rung / "seg_000.ts");
  CHECK_THAT(info, Catch::Contains("codec_name=h264|width=1280|height=720|has_b_frames=0|r_frame_rate=25/1"));
  CHECK_THAT(info, Catch::Contains("codec_name=aac|sample_rate=48000|channels=2"));
  CHECK(staging_left(library).empty());

  // Ad-ops see what conditioning did, from either node.
  rapidjson::Document record;
  record.Parse(test_support::http_request({"GET", node_a.url() + "/v1/creatives/" + key,
                                           {"Authorization: Bearer cluster-admin-token-42"}, ""}).body.c_str());
  REQUIRE(record.IsObject());
  CHECK(std::string(record["state"].GetString()) == "ready");
  CHECK(record["attempts"].GetInt() == 1);
  REQUIRE(record["renditions"].Size() == 3);  // two rungs, then the audio alone
  CHECK(record["renditions"][2]["audio_only"].GetBool());
  REQUIRE(record.HasMember("report"));
  CHECK(record["report"]["input"]["width"].GetInt() == 854);
  CHECK(record["report"]["input"]["sample_rate"].GetInt() == 44100);
  std::string changes;
  for (const auto& change : record["report"]["changes"].GetArray()) changes += std::string(change.GetString()) + "; ";
  CHECK_THAT(changes, Catch::Contains("scaled 854x480 to the ladder") && Catch::Contains("frame rate 30.000 -> 25.000") &&
                          Catch::Contains("audio 44100 Hz x1 -> 48000 Hz x2") && Catch::Contains("LUFS"));
}

TEST_CASE("a worker killed mid-job: nothing half-published, another worker finishes after the lease runs out") {
  test_support::TempDir dir;
  test_support::RedisServer redis;
  test_support::ServerProcess content(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  const auto library = dir.path() / "lib";
  fs::create_directories(library);
  test_support::write_file(dir.path() / "config.json",
      "{" + test_support::outbound_allowing({content.url()}) + ", \"ad_renditions\": {\"dir\": \"" + library.string() + "\"}, \"conditioning_workers\": 1,"
      " \"conditioning_lease_seconds\": 2, \"playback_configurations\": {\"c\": {\"content_origin\": \"" + content.url() +
      "/media/\", \"ad_decision_server\": \"" + content.url() + "/vast/pod.xml\"}}}");
  const std::vector<std::string> worker = {"worker", "--config", (dir.path() / "config.json").string(), "--store", redis.url()};

  ssai::RedisJobStore jobs(*ssai::parse_redis_url(redis.url()));
  adcache::ConditioningJob doomed;
  doomed.key = "doomed-blue";
  doomed.media_url = content.url() + "/media/creatives/blue-10.mp4";
  doomed.ladder_url = content.url() + "/media/content/master.m3u8";
  REQUIRE(jobs.submit(doomed));
  auto first = std::make_unique<test_support::ServerProcess>(SSAI_BINARY, worker, "working");
  // Kill it once ffmpeg is writing its staging directory.
  bool transcoding = false;
  for (int i = 0; i < 500 && !transcoding; ++i) {
    std::this_thread::sleep_for(20ms);
    transcoding = !staging_left(library).empty() && processes_using(library) > 0;
  }
  REQUIRE(transcoding);
  first->kill_hard();
  const auto killed = job_status(jobs, "doomed-blue");
  REQUIRE(killed);
  CHECK(killed->state == adcache::JobState::kConditioning);  // the store cannot know yet
  // The worker's ffmpeg dies with it, and nothing complete-looking was published: either
  // no creative at all, or the lowest rung marked partial.
  std::this_thread::sleep_for(300ms);
  CHECK(processes_using(library) == 0);
  if (fs::exists(library / "doomed-blue")) CHECK(fs::exists(library / "doomed-blue" / adcache::kPartialMarker));

  test_support::ServerProcess second(SSAI_BINARY, worker, "working");
  std::optional<adcache::JobStatus> done;
  for (int i = 0; i < 240; ++i) {
    std::this_thread::sleep_for(250ms);
    done = job_status(jobs, "doomed-blue");
    if (done && done->state != adcache::JobState::kConditioning && done->state != adcache::JobState::kPending) break;
  }
  REQUIRE(done);
  CHECK(done->state == adcache::JobState::kReady);
  CHECK(done->attempts == 2);
  CHECK(done->worker.empty());
  CHECK_THAT(second.log(), Catch::Contains("doomed-blue ready in"));
  const auto master = test_support::read_file(library / "doomed-blue" / "master.m3u8");
  CHECK(count(master, "#EXT-X-STREAM-INF:") == 2);
  CHECK_FALSE(fs::exists(library / "doomed-blue" / adcache::kPartialMarker));
  CHECK(staging_left(library).empty());  // the killed worker's staging was cleared
}

TEST_CASE("creatives that cannot be conditioned fail with the reason, shown by the API and tag-check, and the session plays without them") {
  test_support::TempDir dir;
  test_support::RedisServer redis;
  test_support::ServerProcess content(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  test_support::ServerProcess ads(SSAI_FIXTURES_BINARY, {"serve", "--dir", dir.path().string(), "--listen", "127.0.0.1:0"});
  test_support::write_file(dir.path() / "media" / "text.mp4", "this is not a video");
  auto missing_source = test_support::InlineAd::of("gone-404", "gone-404", ads.url() + "/media/gone.mp4");
  missing_source.sequence = 1;
  auto text_file = test_support::InlineAd::of("not-video", "not-video", ads.url() + "/media/text.mp4");
  text_file.sequence = 2;
  test_support::write_file(dir.path() / "vast" / "bad.xml", test_support::vast_document({missing_source, text_file}));
  const auto library = dir.path() / "lib";
  fs::create_directories(library);
  fs::create_directory_symlink(fs::path(SSAI_FIXTURES_DIR) / "media" / "ads" / "slate", library / "slate");
  const std::string token = "test-admin-token-0123456789";
  test_support::write_file(dir.path() / "config.json",
      "{" + test_support::outbound_allowing({content.url(), ads.url()}) + ", \"ad_renditions\": {\"dir\": \"" + library.string() + "\"}, \"conditioning_workers\": 1, \"admin_token\": \"" + token + "\","
      " \"playback_configurations\": {\"bad\": {\"content_origin\": \"" + content.url() + "/media/\","
      " \"ad_decision_server\": \"" + ads.url() + "/vast/bad.xml\", \"slate_url\": \"" + content.url() + "/media/creatives/slate.mp4\"}}}");
  test_support::ServerProcess ssai(SSAI_BINARY, {"serve", "--config", (dir.path() / "config.json").string(), "--listen",
                                                 "127.0.0.1:0", "--store", redis.url()});
  const auto content_master = content.url() + "/media/content/master.m3u8";
  const auto master = test_support::http_get(ssai.url() + "/v1/master/bad/content/master.m3u8");
  std::smatch variant;
  REQUIRE(std::regex_search(master.body, variant, std::regex("http://[^\\n]+/0\\.m3u8")));
  const auto media = test_support::http_get(variant.str());
  REQUIRE(media.status == 200);
  CHECK(media.body.find("/v1/segment/") == std::string::npos);  // no ad plays: content (or slate) instead
  // Explain tells ad-ops why: both ads skipped as not ready.
  const auto id = std::regex_replace(variant.str(), std::regex(".*/v1/manifest/([0-9a-f]{32})/.*"), "$1");
  rapidjson::Document explained;
  explained.Parse(test_support::http_request({"GET", ssai.url() + "/v1/sessions/" + id + "/explain",
                                              {"Authorization: Bearer " + token}, ""}).body.c_str());
  REQUIRE(explained.IsObject());
  CHECK(explained["skips_by_reason"]["creative_not_ready"].GetInt() == 2);

  auto creative = [&](const std::string& key, bool with_token) {
    return test_support::http_request({"GET", ssai.url() + "/v1/creatives/" + key,
                                       with_token ? std::vector<std::string>{"Authorization: Bearer " + token} : std::vector<std::string>{}, ""});
  };
  const auto fingerprint = ssai::read_ladder_fingerprint(content_master, test_support::loopback_policy(content.url()));
  REQUIRE(fingerprint);
  const auto gone_key = adcache::ladder_key("gone-404", *fingerprint);
  const auto not_video_key = adcache::ladder_key("not-video", *fingerprint);
  CHECK(creative(gone_key, false).status == 401);
  CHECK(test_support::http_request({"GET", ssai.url() + "/v1/creatives/gone-404", {"Authorization: Bearer wrong-token-wrong-token"}, ""}).status == 401);
  rapidjson::Document gone, not_video;
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(100ms);
    gone.Parse(creative(gone_key, true).body.c_str());
    not_video.Parse(creative(not_video_key, true).body.c_str());
    if (gone.IsObject() && not_video.IsObject() && gone.HasMember("state") && not_video.HasMember("state") &&
        std::string(gone["state"].GetString()) == "failed" && std::string(not_video["state"].GetString()) == "failed") {
      break;
    }
  }
  REQUIRE(gone.IsObject());
  REQUIRE(gone.HasMember("reason"));
  CHECK(std::string(gone["state"].GetString()) == "failed");
  CHECK_THAT(gone["reason"].GetString(), Catch::Contains("HTTP 404"));
  CHECK(gone["renditions"].Size() == 0);
  REQUIRE(not_video.HasMember("reason"));
  CHECK_THAT(not_video["reason"].GetString(), Catch::Contains("not a media file"));
  CHECK(creative("never-seen", true).status == 404);
  CHECK(creative("gone-404", true).status == 404);  // the plain key: not what the service used
  CHECK(creative("%2e%2e", true).status == 400);  // never a path out of the library
  CHECK_THAT(ssai.log(), Catch::Contains(gone_key + " failed: cannot download"));

  // tag-check finds them for the content's ladder; without --content it looks up the
  // plain keys, which the service did not use.
  const auto checked = test_support::run_command(std::string(SSAI_BINARY) + " tag-check " + ads.url() + "/vast/bad.xml --store " +
                                                 redis.url() + " --content " + content_master);
  CHECK_THAT(checked.out, Catch::Contains("conditioning " + gone_key + ": failed, 1 attempts: cannot download"));
  CHECK_THAT(checked.out, Catch::Contains("conditioning " + not_video_key + ": failed, 1 attempts: not a media file"));
  const auto plain = test_support::run_command(std::string(SSAI_BINARY) + " tag-check " + ads.url() + "/vast/bad.xml --store " + redis.url());
  CHECK_THAT(plain.out, Catch::Contains("conditioning gone-404: never submitted"));
  // Nothing of theirs was published.
  CHECK_FALSE(fs::exists(library / gone_key));
  CHECK_FALSE(fs::exists(library / not_video_key));
  CHECK(staging_left(library).empty());
}

TEST_CASE("at start-up the slate is conditioned for every ladder its configuration is known to use") {
  test_support::TempDir dir;
  test_support::RedisServer redis;
  test_support::ServerProcess content(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  const auto library = dir.path() / "lib";
  fs::create_directories(library);
  const std::string profile =
      R"({"segment_seconds": 2, "rungs": [{"name": "small", "width": 480, "height": 270, "video_bitrate": 400000}]})";
  auto config = [&](bool with_slate) {
    const std::string slate = with_slate ? ", \"slate_url\": \"" + content.url() + "/media/creatives/slate.mp4\"" : "";
    return "{" + test_support::outbound_allowing({content.url()}) + ", \"ad_renditions\": {\"dir\": \"" + library.string() + "\"}, \"playback_configurations\": {"
           "\"c\": {\"content_origin\": \"" + content.url() + "/media/\", \"ad_decision_server\": \"" + content.url() +
           "/vast/empty.xml\"" + slate + "}, "
           "\"p\": {\"content_origin\": \"" + content.url() + "/media/\", \"ad_decision_server\": \"" + content.url() +
           "/vast/empty.xml\", \"transcode_profile\": " + profile + slate + "}}}";
  };
  // A node without a slate or workers meets the content's ladder: the store remembers it.
  test_support::write_file(dir.path() / "first.json", config(false));
  {
    test_support::ServerProcess first(SSAI_BINARY, {"serve", "--config", (dir.path() / "first.json").string(), "--listen",
                                                    "127.0.0.1:0", "--store", redis.url(), "--no-workers"});
    REQUIRE(test_support::http_get(first.url() + "/v1/master/c/content/master.m3u8").status == 200);
  }
  // A node that has a slate and a worker conditions it, before any session asks, for that
  // ladder and for the other configuration's profile.
  test_support::write_file(dir.path() / "second.json", config(true));
  test_support::ServerProcess second(SSAI_BINARY, {"serve", "--config", (dir.path() / "second.json").string(), "--listen",
                                                   "127.0.0.1:0", "--store", redis.url()});
  const auto content_ladder = ssai::read_ladder_fingerprint(content.url() + "/media/content/master.m3u8", test_support::loopback_policy(content.url()));
  REQUIRE(content_ladder);
  const auto ladder = ssai::parse_transcode_profile(profile, "test");
  REQUIRE(ladder);
  const auto for_content = library / adcache::ladder_key("slate", *content_ladder) / "master.m3u8";
  const auto for_profile = library / adcache::ladder_key("slate", adcache::ladder_fingerprint(*ladder)) / "master.m3u8";
  for (int i = 0; i < 240 && !(fs::exists(for_content) && fs::exists(for_profile)); ++i) std::this_thread::sleep_for(250ms);
  CHECK(fs::exists(for_content));
  CHECK(fs::exists(for_profile));
  CHECK_THAT(second.log(), Catch::Contains("c: slate queued for 1 ladders in use") &&
                               Catch::Contains("p: slate queued for 1 ladders in use"));
  CHECK_THAT(test_support::read_file(for_profile), Catch::Contains("RESOLUTION=480x270"));
}
