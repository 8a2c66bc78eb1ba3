#include "adcache/rendition_library.hpp"

#include <catch2/catch.hpp>

#include "adcache/conditioner.hpp"
#include "adcache/ladder.hpp"
#include "support/files.hpp"

using test_support::write_file;

namespace {

void write_creative(const std::filesystem::path& root, const std::string& key) {
  write_file(root / key / "master.m3u8",
             "#EXTM3U\n"
             "#EXT-X-STREAM-INF:BANDWIDTH=976000,RESOLUTION=640x360\n360p/index.m3u8\n"
             "#EXT-X-STREAM-INF:BANDWIDTH=2846000,RESOLUTION=1280x720\n720p/index.m3u8\n");
  for (const char* rung : {"360p", "720p"}) {
    write_file(root / key / rung / "index.m3u8",
               "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.000,\nseg_000.ts\n#EXTINF:4.000,\nseg_001.ts\n#EXT-X-ENDLIST\n");
  }
}

}  // namespace

TEST_CASE("conditioned renditions are read from disk with exact durations and CDN URLs") {
  test_support::TempDir dir;
  write_creative(dir.path(), "blue-10");
  adcache::RenditionLibrary library(dir.path(), "http://cdn.example/ads/");
  auto creative = library.find("blue-10");
  REQUIRE(creative);
  REQUIRE((*creative)->renditions.size() == 2);
  const auto& low = (*creative)->renditions[0];
  CHECK(low.height == 360);
  CHECK(low.bandwidth == 976000);
  CHECK(low.duration == manifests::Ticks{10 * 90000});
  CHECK(low.segments[1].uri == "http://cdn.example/ads/blue-10/360p/seg_001.ts");
  CHECK((*creative)->duration() == manifests::Ticks{10 * 90000});
}

TEST_CASE("missing, unsafe or malformed renditions are errors, not crashes") {
  test_support::TempDir dir;
  adcache::RenditionLibrary library(dir.path(), "http://cdn/");
  CHECK(library.find("absent").error().code == adcache::Errc::kNotConditioned);
  CHECK(library.find("../x").error().code == adcache::Errc::kBadRendition);
  write_file(dir.path() / "bad" / "master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n../../escape.m3u8\n");
  CHECK(library.find("bad").error().code == adcache::Errc::kBadRendition);
  write_file(dir.path() / "empty" / "master.m3u8", "not a playlist");
  CHECK(library.find("empty").error().code == adcache::Errc::kBadRendition);
}

TEST_CASE("a rung's I-frame playlist is read beside it: byte ranges with their offsets, on the CDN") {
  test_support::TempDir dir;
  write_creative(dir.path(), "trick");
  write_file(dir.path() / "trick" / "master.m3u8",
             "#EXTM3U\n"
             "#EXT-X-STREAM-INF:BANDWIDTH=976000,RESOLUTION=640x360\n360p/index.m3u8\n"
             "#EXT-X-STREAM-INF:BANDWIDTH=2846000,RESOLUTION=1280x720\n720p/index.m3u8\n"
             "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=40000,RESOLUTION=1280x720,URI=\"720p/iframes.m3u8\"\n");
  // The second range has no offset: it follows the first in the same file (RFC 8216).
  write_file(dir.path() / "trick" / "720p" / "iframes.m3u8",
             "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:3\n#EXT-X-I-FRAMES-ONLY\n"
             "#EXTINF:3.000,\n#EXT-X-BYTERANGE:1000@376\nseg_000.ts\n#EXTINF:3.000,\n#EXT-X-BYTERANGE:900\nseg_000.ts\n"
             "#EXTINF:4.000,\n#EXT-X-BYTERANGE:800@0\nseg_001.ts\n#EXT-X-ENDLIST\n");
  adcache::RenditionLibrary library(dir.path(), "http://cdn.example/ads/");
  auto creative = library.find("trick");
  REQUIRE(creative);
  CHECK((*creative)->renditions[0].iframes.empty());
  const auto& frames = (*creative)->renditions[1].iframes;
  REQUIRE(frames.size() == 3);
  CHECK(frames[0].uri == "http://cdn.example/ads/trick/720p/seg_000.ts");
  CHECK(frames[0].byte_range == "1000@376");
  CHECK(frames[1].byte_range == "900@1376");
  CHECK(frames[2].byte_range == "800@0");
  CHECK(frames[2].duration == manifests::Ticks{4 * 90000});

  // An I-frame without a range, or with one that does not parse, makes the creative unusable.
  for (const char* bad : {"#EXTINF:3.000,\nseg_000.ts\n", "#EXTINF:3.000,\n#EXT-X-BYTERANGE:x@1\nseg_000.ts\n",
                          "#EXTINF:3.000,\n#EXT-X-BYTERANGE:10@-5\nseg_000.ts\n",
                          "#EXTINF:3.000,\n#EXT-X-BYTERANGE:10@9223372036854775800\nseg_000.ts\n"}) {
    INFO(bad);
    write_file(dir.path() / "trick" / "720p" / "iframes.m3u8",
               std::string("#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXT-X-I-FRAMES-ONLY\n") + bad + "#EXT-X-ENDLIST\n");
    adcache::RenditionLibrary fresh(dir.path(), "http://cdn.example/ads/");
    CHECK(fresh.find("trick").error().code == adcache::Errc::kBadRendition);
  }
}

TEST_CASE("the rung closest to the content variant is picked, height first") {
  adcache::ConditionedCreative creative{"k", {}};
  creative.renditions.push_back({976000, 640, 360, "", {}, {}});
  creative.renditions.push_back({2846000, 1280, 720, "", {}, {}});
  CHECK(adcache::pick_rendition(creative, {2846000, 1280, 720}).height == 720);
  CHECK(adcache::pick_rendition(creative, {900000, 640, 360}).height == 360);
  CHECK(adcache::pick_rendition(creative, {5000000, 1920, 1080}).height == 720);
  CHECK(adcache::pick_rendition(creative, {3000000, 0, 0}).height == 360);  // audio-only-like: lowest height
  CHECK(adcache::audio_rendition(creative) == nullptr);
  // The audio alone is for alternate audio playlists, never a video variant's pick.
  creative.renditions.push_back({96000, 0, 0, "mp4a.40.2", {}, {}, true});
  CHECK(adcache::pick_rendition(creative, {96000, 0, 0}).height == 360);
  CHECK(adcache::audio_rendition(creative) == &creative.renditions.back());
}

TEST_CASE("a creative's audio-only rendition is read from its master's EXT-X-MEDIA") {
  test_support::TempDir dir;
  write_file(dir.path() / "k" / "master.m3u8",
             "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"ad-audio\",NAME=\"ad\",URI=\"audio/index.m3u8\"\n"
             "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"s\",NAME=\"x\",URI=\"subs/index.m3u8\"\n"
             "#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360\n360p/index.m3u8\n");
  write_file(dir.path() / "k" / "audio" / "index.m3u8",
             "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.016,\nseg_000.ts\n#EXTINF:3.984,\nseg_001.ts\n#EXT-X-ENDLIST\n");
  write_file(dir.path() / "k" / "360p" / "index.m3u8",
             "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\nseg_000.ts\n#EXTINF:4,\nseg_001.ts\n#EXT-X-ENDLIST\n");
  adcache::RenditionLibrary library(dir.path(), "http://cdn/ads/");
  auto creative = library.find("k");
  REQUIRE(creative);
  REQUIRE((*creative)->renditions.size() == 2);  // the subtitles group is not media of the ad
  const auto* audio = adcache::audio_rendition(**creative);
  REQUIRE(audio != nullptr);
  CHECK(audio->segments[1].uri == "http://cdn/ads/k/audio/seg_001.ts");
  CHECK(audio->duration == manifests::Ticks{10 * 90000});
  CHECK(adcache::pick_rendition(**creative, {900000, 640, 360}).segments[0].uri == "http://cdn/ads/k/360p/seg_000.ts");
}

TEST_CASE("a creative still gaining rungs is re-read until complete, then cached") {
  test_support::TempDir dir;
  const auto creative = dir.path() / "growing";
  auto rung = [&](const char* name) {
    write_file(creative / name / "index.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.000,\nseg_000.ts\n#EXT-X-ENDLIST\n");
    return std::string("#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=") + (name[0] == '3' ? "640x360" : "1280x720") + "\n" + name + "/index.m3u8\n";
  };
  const std::string low = rung("360p");
  write_file(creative / "master.m3u8", "#EXTM3U\n" + low);
  write_file(creative / adcache::kPartialMarker, "");
  adcache::RenditionLibrary library(dir.path(), "http://cdn/");
  CHECK((*library.find("growing"))->renditions.size() == 1);
  const std::string high = rung("720p");
  write_file(creative / "master.m3u8", "#EXTM3U\n" + low + high);
  CHECK((*library.find("growing"))->renditions.size() == 2);  // the new rung is seen
  std::filesystem::remove(creative / adcache::kPartialMarker);
  CHECK((*library.find("growing"))->renditions.size() == 2);
  write_file(creative / "master.m3u8", "#EXTM3U\n" + low);
  CHECK((*library.find("growing"))->renditions.size() == 2);  // complete: cached
}

TEST_CASE("finding a creative marks it used, for least-recently-used eviction") {
  test_support::TempDir dir;
  write_creative(dir.path(), "blue-10");
  adcache::RenditionLibrary library(dir.path(), "http://cdn.example/ads/");
  REQUIRE(library.find("blue-10"));
  const auto marker = dir.path() / "blue-10" / ".used";
  REQUIRE(std::filesystem::exists(marker));
  CHECK(std::filesystem::file_time_type::clock::now() - std::filesystem::last_write_time(marker) < std::chrono::seconds(5));
}

TEST_CASE("a creative is found for the content's ladder, else as conditioned with no ladder named") {
  test_support::TempDir dir;
  write_creative(dir.path(), "blue-10");          // pre-conditioned by hand: no ladder in its key
  write_creative(dir.path(), "bars-15_0a1b2c3d");  // conditioned for one ladder
  adcache::RenditionLibrary library(dir.path(), "http://cdn/");
  std::string found;
  CHECK(library.find_for_ladder("bars-15", "0a1b2c3d", found));
  CHECK(found == "bars-15_0a1b2c3d");
  // Another ladder: not conditioned for it yet, and no ladder-less one to fall back on.
  auto other = library.find_for_ladder("bars-15", "99999999", found);
  REQUIRE_FALSE(other);
  CHECK(other.error().code == adcache::Errc::kNotConditioned);
  CHECK(found == "bars-15_99999999");  // the key its conditioning goes under
  CHECK(library.find_for_ladder("blue-10", "99999999", found));
  CHECK(found == "blue-10");
  CHECK(library.find_for_ladder("blue-10", "", found));
  CHECK(found == "blue-10");
}
