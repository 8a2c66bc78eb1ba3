// The fixture server's live channel: what tests and the demo stitch as "live" must be a
// well-formed live playlist whose breaks cue detection finds, named the same in every
// window, whichever dialect signals them.
#include "ssai/fixture_live.hpp"

#include <catch2/catch.hpp>
#include <map>

#include "manifests/hls/cues.hpp"
#include "manifests/hls/parser.hpp"

using manifests::Ticks;

namespace {

// Like the fixture content: 10 segments of 6 s, a 30 s break from 24 s.
const char* kVod =
    "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n"
    "#EXTINF:6.000,\ns0.ts\n#EXTINF:6.000,\ns1.ts\n#EXTINF:6.000,\ns2.ts\n#EXTINF:6.000,\ns3.ts\n"
    "#EXT-X-CUE-OUT:DURATION=30\n#EXTINF:6.000,\ns4.ts\n#EXTINF:6.000,\ns5.ts\n#EXTINF:6.000,\ns6.ts\n"
    "#EXTINF:6.000,\ns7.ts\n#EXTINF:6.000,\ns8.ts\n#EXT-X-CUE-IN\n#EXTINF:6.000,\ns9.ts\n#EXT-X-ENDLIST\n";

}  // namespace

TEST_CASE("the live channel slides, loops with a discontinuity, and names each break the same in every window") {
  const auto vod = manifests::hls::parse_media(kVod);
  REQUIRE(vod);
  for (const char* name : {"cue-out", "elemental", "daterange"}) {
    INFO(name);
    const auto dialect = ssai::live_cue_dialect(name);
    REQUIRE(dialect);
    std::map<std::int64_t, std::string> id_of_break_at;  // true start (media sequence) -> id
    std::int64_t previous_sequence = -1;
    for (double seconds = 0; seconds < 150; seconds += 2.5) {
      auto text = ssai::live_window(*vod, seconds, {*dialect, 6, "/media/"});
      REQUIRE(text);
      auto window = manifests::hls::parse_media(*text);
      REQUIRE(window);
      CHECK_FALSE(window->endlist);
      CHECK(window->segments.size() == 6);
      CHECK(window->media_sequence >= previous_sequence);
      previous_sequence = window->media_sequence;
      CHECK(std::string(window->segments.front().uri).starts_with("/media/s"));
      // Segment k of the channel is s(k mod 10); loops start with a discontinuity.
      for (std::size_t i = 0; i < window->segments.size(); ++i) {
        const auto k = window->media_sequence + static_cast<std::int64_t>(i);
        CHECK(window->segments[i].uri == "/media/s" + std::to_string(k % 10) + ".ts");
        CHECK(window->segments[i].discontinuity() == (k % 10 == 0 && k > 0));
      }
      CHECK(window->discontinuity_sequence == std::max<std::int64_t>(0, (window->media_sequence - 1) / 10));
      const auto report = manifests::hls::find_avails(*window);
      INFO(*text);
      for (const auto& warning : report.warnings) INFO(warning);
      CHECK(report.warnings.empty());
      for (const auto& avail : report.avails) {
        const auto start = window->media_sequence + static_cast<std::int64_t>(avail.first_segment) -
                           avail.elapsed_before.count() / (6 * 90000);
        CHECK(start % 10 == 4);
        CHECK(avail.duration == Ticks{30 * 90000});
        auto [known, added] = id_of_break_at.emplace(start, avail.id);
        CHECK(known->second == avail.id);
      }
    }
    CHECK(id_of_break_at.size() >= 2);
  }
}

TEST_CASE("the live channel refuses what it cannot loop") {
  CHECK_FALSE(ssai::live_cue_dialect("scte-42"));
  auto empty = manifests::hls::parse_media("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-ENDLIST\n");
  REQUIRE(empty);
  CHECK_FALSE(ssai::live_window(*empty, 10, {}));
}

TEST_CASE("the live channel's I-frame playlists span the same time as its segments, on the same clock") {
  const auto vod = manifests::hls::parse_media(kVod);
  REQUIRE(vod);
  // The same 60 s as keyframes a second apart, byte ranges into the segments.
  std::string iframes_text = "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:1\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-I-FRAMES-ONLY\n";
  for (int s = 0; s < 60; ++s) {
    iframes_text += "#EXTINF:1.000,\n#EXT-X-BYTERANGE:500@" + std::to_string(188 * (s % 6) * 100) + "\ns" + std::to_string(s / 6) + ".ts\n";
  }
  const auto iframes_vod = manifests::hls::parse_media(iframes_text + "#EXT-X-ENDLIST\n");
  REQUIRE(iframes_vod);
  for (double seconds : {0.0, 7.5, 61.0}) {
    INFO(seconds);
    auto video = manifests::hls::parse_media(*ssai::live_window(*vod, seconds, {ssai::LiveCueDialect::kDateRange, 6, "/m/"}));
    auto iframes = manifests::hls::parse_media(*ssai::live_window(*iframes_vod, seconds, {ssai::LiveCueDialect::kDateRange, 6, "/m/"}));
    REQUIRE(video);
    REQUIRE(iframes);
    CHECK(manifests::hls::is_iframes_only(*iframes));
    CHECK_FALSE(manifests::hls::is_iframes_only(*video));
    // 36 s of keyframes, ending where the segments end, each entry keeping its range.
    CHECK(iframes->segments.size() == 36);
    CHECK(iframes->segments.front().find(manifests::hls::kByteRange));
    std::vector<std::string> warnings;
    const auto video_dates = manifests::hls::program_dates(*video, warnings);
    const auto iframe_dates = manifests::hls::program_dates(*iframes, warnings);
    REQUIRE(video_dates.front());
    REQUIRE(iframe_dates.front());
    CHECK(*iframe_dates.front() == *video_dates.front());
    CHECK(*iframe_dates.back() + 1000 == *video_dates.back() + 6000);
  }
}
