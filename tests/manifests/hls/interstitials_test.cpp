// HLS Interstitials: each break becomes an EXT-X-DATERANGE of class
// com.apple.hls.interstitial placed by date, with the attributes RFC 8216bis Appendix D
// defines; a playlist without dates gets a fixed one; the asset list URL refers to a
// variable the playlist imports from its multivariant playlist. hls.js reads the result.
#include <catch2/catch.hpp>

#include "manifests/hls/interstitials.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/writer.hpp"

using namespace manifests;
using namespace manifests::hls;

namespace {

constexpr Ticks kSecond{90000};

MediaPlaylist vod() {
  return parse_media(
             "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n"
             "#EXTINF:6.000,\na.ts\n#EXTINF:6.000,\nb.ts\n#EXTINF:6.000,\nc.ts\n#EXT-X-ENDLIST\n")
      .value();
}

}  // namespace

TEST_CASE("interstitials: pre-roll, mid-roll and post-roll of a VOD playlist without dates") {
  auto playlist = vod();
  const std::vector<Interstitial> breaks = {
      {"pre", 0, std::nullopt, std::nullopt, kSecond * 30, Ticks{}, "/v1/assets/{$s}/pre.json", true, false, true},
      {"mid", 2, std::nullopt, std::nullopt, std::nullopt, Ticks{}, "/v1/assets/{$s}/mid.json", false, false, true},
      {"post", 3, std::nullopt, std::nullopt, std::nullopt, Ticks{}, "/v1/assets/{$s}/post.json", false, true, true},
  };
  REQUIRE(add_interstitials(playlist, breaks, {"s"}));
  const auto text = write(playlist);
  CHECK(text ==
        "#EXTM3U\n#EXT-X-VERSION:8\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-DEFINE:IMPORT=\"s\"\n"
        "#EXT-X-PROGRAM-DATE-TIME:2000-01-01T00:00:00.000Z\n"
        "#EXT-X-DATERANGE:ID=\"pre\",CLASS=\"com.apple.hls.interstitial\",START-DATE=\"2000-01-01T00:00:00.000Z\",CUE=\"PRE\","
        "PLANNED-DURATION=30.000,X-ASSET-LIST=\"/v1/assets/{$s}/pre.json\",X-RESUME-OFFSET=0.000,X-RESTRICT=\"SKIP,JUMP\","
        "X-SNAP=\"OUT,IN\",X-TIMELINE-OCCUPIES=\"POINT\",X-TIMELINE-STYLE=\"HIGHLIGHT\"\n"
        "#EXTINF:6.000,\na.ts\n#EXTINF:6.000,\nb.ts\n"
        "#EXT-X-DATERANGE:ID=\"mid\",CLASS=\"com.apple.hls.interstitial\",START-DATE=\"2000-01-01T00:00:12.000Z\","
        "X-ASSET-LIST=\"/v1/assets/{$s}/mid.json\",X-RESUME-OFFSET=0.000,X-RESTRICT=\"SKIP,JUMP\",X-SNAP=\"OUT,IN\","
        "X-TIMELINE-OCCUPIES=\"POINT\",X-TIMELINE-STYLE=\"HIGHLIGHT\"\n"
        "#EXTINF:6.000,\nc.ts\n"
        "#EXT-X-DATERANGE:ID=\"post\",CLASS=\"com.apple.hls.interstitial\",START-DATE=\"2000-01-01T00:00:18.000Z\",CUE=\"POST\","
        "X-ASSET-LIST=\"/v1/assets/{$s}/post.json\",X-RESUME-OFFSET=0.000,X-RESTRICT=\"SKIP,JUMP\",X-SNAP=\"OUT,IN\","
        "X-TIMELINE-OCCUPIES=\"POINT\",X-TIMELINE-STYLE=\"HIGHLIGHT\"\n"
        "#EXT-X-ENDLIST\n");
  // What we write reads back: the dates and ranges are where they were put.
  const auto reread = parse_media(text);
  REQUIRE(reread);
  CHECK(reread->segments[2].find(kDateRange) != nullptr);
}

TEST_CASE("interstitials: a live break that replaces content takes its range, dated by the content's clock") {
  auto playlist = parse_media(
                      "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:100\n"
                      "#EXT-X-PROGRAM-DATE-TIME:2026-12-07T10:00:00.000Z\n#EXTINF:6.000,\na.ts\n#EXTINF:6.000,\nb.ts\n")
                      .value();
  const Interstitial brk{"c7", 1, std::nullopt, kSecond * 30, std::nullopt, kSecond * 30, "https://ssai.example/v1/assets/{$s}/c7.json"};
  REQUIRE(add_interstitials(playlist, std::span(&brk, 1), {"s"}));
  const auto text = write(playlist);
  CHECK(text.find("#EXT-X-DATERANGE:ID=\"c7\",CLASS=\"com.apple.hls.interstitial\",START-DATE=\"2026-12-07T10:00:06.000Z\","
                  "DURATION=30.000,X-ASSET-LIST=\"https://ssai.example/v1/assets/{$s}/c7.json\",X-RESUME-OFFSET=30.000,"
                  "X-RESTRICT=\"SKIP,JUMP\",X-SNAP=\"OUT,IN\",X-TIMELINE-OCCUPIES=\"RANGE\",X-TIMELINE-STYLE=\"HIGHLIGHT\"\n"
                  "#EXTINF:6.000,\nb.ts\n") != std::string::npos);
  // The content's own date stays the only one.
  CHECK(text.find("2000-01-01") == std::string::npos);
}

TEST_CASE("interstitials: a break played once says so in its CUE, alone or with PRE") {
  auto playlist = parse_media(
                      "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:100\n"
                      "#EXT-X-PROGRAM-DATE-TIME:2026-12-07T10:00:00.000Z\n#EXTINF:6.000,\na.ts\n#EXTINF:6.000,\nb.ts\n")
                      .value();
  Interstitial live{"c7", 1, std::nullopt, kSecond * 30, std::nullopt, kSecond * 30, "/c7.json"};
  live.once = true;
  Interstitial pre{"pre", 0, std::nullopt, std::nullopt, std::nullopt, Ticks{}, "/pre.json", true};
  pre.once = true;
  pre.snap_in = false;
  const std::vector<Interstitial> breaks{pre, live};
  REQUIRE(add_interstitials(playlist, breaks, {}));
  const auto text = write(playlist);
  CHECK(text.find("ID=\"c7\",CLASS=\"com.apple.hls.interstitial\",START-DATE=\"2026-12-07T10:00:06.000Z\",CUE=\"ONCE\",") !=
        std::string::npos);
  CHECK(text.find("ID=\"pre\",CLASS=\"com.apple.hls.interstitial\",START-DATE=\"2026-12-07T10:00:00.000Z\",CUE=\"PRE,ONCE\",") !=
        std::string::npos);
  CHECK(text.find("X-SNAP=\"OUT\",") != std::string::npos);
}

TEST_CASE("interstitials: a live playlist without dates cannot place its breaks") {
  auto playlist = parse_media("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:6.000,\na.ts\n").value();
  const Interstitial brk{"c1", 0, std::nullopt, Ticks{90000}, std::nullopt, Ticks{90000}, "/a.json"};
  CHECK_FALSE(add_interstitials(playlist, std::span(&brk, 1), {}));
}

TEST_CASE("interstitials: without breaks a playlist stays as it was, dates or not") {
  const std::string live = "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:6.000,\na.ts\n";
  auto playlist = parse_media(live).value();
  REQUIRE(add_interstitials(playlist, {}, {"s"}));
  CHECK(write(playlist) == live);
  auto on_demand = vod();
  const auto before = write(on_demand);
  REQUIRE(add_interstitials(on_demand, {}, {"s"}));
  CHECK(write(on_demand) == before);
}

TEST_CASE("interstitials: a break outside the playlist, or an id that cannot be quoted, is an error") {
  auto playlist = vod();
  const Interstitial outside{"x", 4, std::nullopt, std::nullopt, std::nullopt, Ticks{}, "/a.json"};
  CHECK_FALSE(add_interstitials(playlist, std::span(&outside, 1), {}));
  const Interstitial quoted{"x\"y", 0, std::nullopt, std::nullopt, std::nullopt, Ticks{}, "/a.json"};
  CHECK_FALSE(add_interstitials(playlist, std::span(&quoted, 1), {}));
}
