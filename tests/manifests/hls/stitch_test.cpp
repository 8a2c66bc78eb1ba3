#include "manifests/hls/stitch.hpp"

#include <catch2/catch.hpp>

#include "manifests/hls/parser.hpp"
#include "manifests/hls/writer.hpp"

using namespace manifests::hls;
using manifests::Ticks;

namespace {

const char* kContent =
    "#EXTM3U\n"
    "#EXT-X-VERSION:3\n"
    "#EXT-X-TARGETDURATION:6\n"
    "#EXT-X-MEDIA-SEQUENCE:0\n"
    "#EXT-X-PLAYLIST-TYPE:VOD\n"
    "#EXTINF:6.000,\nc0.ts\n"
    "#EXT-X-CUE-OUT:DURATION=12\n"
    "#EXTINF:6.000,\nc1.ts\n"
    "#EXTINF:6.000,\nc2.ts\n"
    "#EXT-X-CUE-IN\n"
    "#EXTINF:6.000,\nc3.ts\n"
    "#EXT-X-ENDLIST\n";

InsertedSegment seg(const char* uri, double seconds, bool discontinuity = false) {
  return {uri, Ticks{static_cast<std::int64_t>(seconds * 90000)}, discontinuity};
}

}  // namespace

TEST_CASE("a break is replaced by ads and slate, with discontinuities at every switch") {
  const auto content = *parse_media(kContent);
  const std::vector<BreakFill> fills{{1, 3, {seg("ad1_0.ts", 6), seg("ad1_1.ts", 1.5), seg("ad2_0.ts", 3.5, true),
                                             seg("slate0.ts", 1, true)}}};
  auto stitched = stitch(content, fills);
  REQUIRE(stitched);
  CHECK(write(*stitched) ==
        "#EXTM3U\n"
        "#EXT-X-VERSION:3\n"
        "#EXT-X-TARGETDURATION:6\n"
        "#EXT-X-MEDIA-SEQUENCE:0\n"
        "#EXT-X-PLAYLIST-TYPE:VOD\n"
        "#EXTINF:6.000,\nc0.ts\n"
        "#EXT-X-DISCONTINUITY\n#EXTINF:6.000,\nad1_0.ts\n"
        "#EXTINF:1.500,\nad1_1.ts\n"
        "#EXT-X-DISCONTINUITY\n#EXTINF:3.500,\nad2_0.ts\n"
        "#EXT-X-DISCONTINUITY\n#EXTINF:1.000,\nslate0.ts\n"
        "#EXT-X-DISCONTINUITY\n#EXTINF:6.000,\nc3.ts\n"
        "#EXT-X-ENDLIST\n");
}

TEST_CASE("target duration grows when an ad segment is longer than the content's") {
  const auto content = *parse_media(kContent);
  auto stitched = stitch(content, std::vector<BreakFill>{{1, 3, {seg("long.ts", 10.4)}}});
  REQUIRE(stitched);
  CHECK(stitched->target_duration == 10);
  stitched = stitch(content, std::vector<BreakFill>{{1, 3, {seg("long.ts", 10.5)}}});
  CHECK(stitched->target_duration == 11);
}

TEST_CASE("no fills: the content comes back unchanged") {
  const auto content = *parse_media(kContent);
  auto stitched = stitch(content, {});
  REQUIRE(stitched);
  CHECK(write(*stitched) == kContent);
}

TEST_CASE("adjacent breaks and a break at the very end") {
  const auto content = *parse_media(kContent);
  const std::vector<BreakFill> fills{{1, 2, {seg("a.ts", 6)}}, {2, 3, {seg("b.ts", 6)}}, {3, 4, {seg("c.ts", 6)}}};
  auto stitched = stitch(content, fills);
  REQUIRE(stitched);
  REQUIRE(stitched->segments.size() == 4);
  CHECK(stitched->segments[1].uri == "a.ts");
  CHECK(stitched->segments[2].uri == "b.ts");
  CHECK(stitched->segments[3].uri == "c.ts");
  CHECK(stitched->segments[3].discontinuity());
}

TEST_CASE("fills that overlap or leave the playlist are refused") {
  const auto content = *parse_media(kContent);
  CHECK_FALSE(stitch(content, std::vector<BreakFill>{{1, 3, {}}, {2, 3, {}}}));
  CHECK_FALSE(stitch(content, std::vector<BreakFill>{{3, 5, {}}}));
  CHECK_FALSE(stitch(content, std::vector<BreakFill>{{3, 2, {}}}));
}

TEST_CASE("ads in encrypted fMP4 content clear the key, and the content after them gets its key, map and date back") {
  const auto content = *parse_media(
      "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n"
      "#EXT-X-PROGRAM-DATE-TIME:2026-11-25T10:00:00.000Z\n"
      "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://k1\",KEYFORMAT=\"com.apple.streamingkeydelivery\"\n"
      "#EXT-X-MAP:URI=\"init.mp4\"\n"
      "#EXTINF:6.000,\nc0.m4s\n"
      "#EXT-X-CUE-OUT:DURATION=12\n#EXTINF:6.000,\nc1.m4s\n"
      "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://k2\",KEYFORMAT=\"com.apple.streamingkeydelivery\"\n"
      "#EXTINF:6.000,\nc2.m4s\n#EXT-X-CUE-IN\n#EXTINF:6.000,\nc3.m4s\n#EXT-X-ENDLIST\n");
  auto stitched = stitch(content, std::vector<BreakFill>{{1, 3, {seg("ad.ts", 6), seg("ad2.ts", 6)}}});
  REQUIRE(stitched);
  CHECK(write(*stitched) ==
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n"
        "#EXT-X-PROGRAM-DATE-TIME:2026-11-25T10:00:00.000Z\n"
        "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://k1\",KEYFORMAT=\"com.apple.streamingkeydelivery\"\n"
        "#EXT-X-MAP:URI=\"init.mp4\"\n"
        "#EXTINF:6.000,\nc0.m4s\n"
        "#EXT-X-DISCONTINUITY\n#EXT-X-KEY:METHOD=NONE\n#EXTINF:6.000,\nad.ts\n"
        "#EXTINF:6.000,\nad2.ts\n"
        // The key rotated inside the break: the new one is in force after it.
        "#EXT-X-DISCONTINUITY\n"
        "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://k2\",KEYFORMAT=\"com.apple.streamingkeydelivery\"\n"
        "#EXT-X-MAP:URI=\"init.mp4\"\n#EXT-X-PROGRAM-DATE-TIME:2026-11-25T10:00:18.000Z\n"
        "#EXTINF:6.000,\nc3.m4s\n#EXT-X-ENDLIST\n");
}

TEST_CASE("clear content gets no key tags around its ads") {
  const auto content = *parse_media(kContent);
  auto stitched = stitch(content, std::vector<BreakFill>{{1, 3, {seg("ad.ts", 12)}}});
  REQUIRE(stitched);
  CHECK(write(*stitched).find("EXT-X-KEY") == std::string::npos);
  CHECK(write(*stitched).find("EXT-X-MAP") == std::string::npos);
}

TEST_CASE("ad marker passthrough keeps the break's cue on its first ad and the CUE-IN where content resumes") {
  const auto content = *parse_media(kContent);
  auto stitched = stitch(content, std::vector<BreakFill>{{1, 3, {seg("ad.ts", 6), seg("ad2.ts", 6)}}}, {true});
  REQUIRE(stitched);
  CHECK(write(*stitched) ==
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n"
        "#EXTINF:6.000,\nc0.ts\n"
        "#EXT-X-DISCONTINUITY\n#EXT-X-CUE-OUT:DURATION=12\n#EXTINF:6.000,\nad.ts\n#EXTINF:6.000,\nad2.ts\n"
        "#EXT-X-DISCONTINUITY\n#EXT-X-CUE-IN\n#EXTINF:6.000,\nc3.ts\n#EXT-X-ENDLIST\n");
}

TEST_CASE("fMP4 ads carry their own EXT-X-MAP, and the content after them gets its map back") {
  const auto content = *parse_media(
      "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI=\"init.mp4\"\n"
      "#EXTINF:6.000,\nc0.m4s\n#EXT-X-CUE-OUT:DURATION=12\n#EXTINF:6.000,\nc1.m4s\n#EXTINF:6.000,\nc2.m4s\n"
      "#EXT-X-CUE-IN\n#EXTINF:6.000,\nc3.m4s\n#EXT-X-ENDLIST\n");
  InsertedSegment first{"https://ads/a/0.m4s", Ticks{540000}, true, "https://ads/a/init.mp4"};
  InsertedSegment second{"https://ads/a/1.m4s", Ticks{540000}, false, "https://ads/a/init.mp4"};
  auto stitched = stitch(content, std::vector<BreakFill>{{1, 3, {first, second}}});
  REQUIRE(stitched);
  CHECK(write(*stitched) ==
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI=\"init.mp4\"\n"
        "#EXTINF:6.000,\nc0.m4s\n"
        "#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"https://ads/a/init.mp4\"\n#EXTINF:6.000,\nhttps://ads/a/0.m4s\n"
        "#EXTINF:6.000,\nhttps://ads/a/1.m4s\n"
        "#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6.000,\nc3.m4s\n#EXT-X-ENDLIST\n");
}

TEST_CASE("I-frames inserted keep their byte ranges, and a gap raises the version to 8") {
  const auto content = *parse_media(kContent);
  InsertedSegment first{"http://ads/a.ts", Ticks{6 * 90000}, true, "", "5000@376"};
  InsertedSegment gap{"http://ads/b.ts", Ticks{6 * 90000}, true, "", "", true};
  auto stitched = stitch(content, std::vector<BreakFill>{{1, 3, {first, gap}}});
  REQUIRE(stitched);
  const auto text = write(*stitched);
  CHECK(text.find("#EXT-X-VERSION:8\n") != std::string::npos);
  CHECK(text.find("#EXT-X-DISCONTINUITY\n#EXT-X-BYTERANGE:5000@376\n#EXTINF:6.000,\nhttp://ads/a.ts\n") != std::string::npos);
  CHECK(text.find("#EXT-X-DISCONTINUITY\n#EXT-X-GAP\n#EXTINF:6.000,\nhttp://ads/b.ts\n") != std::string::npos);
  // What we write reads back the same.
  auto reread = parse_media(text);
  REQUIRE(reread);
  CHECK(reread->segments[1].find(kByteRange)->value == "5000@376");
  CHECK(reread->segments[2].find(kGap));
}
