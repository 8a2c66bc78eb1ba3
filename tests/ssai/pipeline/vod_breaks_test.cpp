// VMAP breaks placed into VOD content: time offsets to the nearest segment boundary,
// "#n" to the content's own cue points, breaks a server-side stream cannot show left out.
#include <catch2/catch.hpp>

#include "manifests/hls/cues.hpp"
#include "manifests/hls/parser.hpp"
#include "ssai/vod_breaks.hpp"

namespace {

// 10 segments of 6 s (the 4th one 5 s), a CUE-OUT of 12 s at 18 s.
manifests::hls::MediaPlaylist content() {
  std::string text = "#EXTM3U\n#EXT-X-TARGETDURATION:6\n";
  for (int i = 0; i < 10; ++i) {
    if (i == 3) text += "#EXT-X-CUE-OUT:12\n";
    if (i == 5) text += "#EXT-X-CUE-IN\n";
    text += std::string("#EXTINF:") + (i == 3 ? "5.0" : "6.0") + ",\ns" + std::to_string(i) + ".ts\n";
  }
  text += "#EXT-X-ENDLIST\n";
  auto playlist = manifests::hls::parse_media(text);
  REQUIRE(playlist);
  return std::move(*playlist);
}

std::string ad_break(std::string_view offset, std::string_view type = "linear") {
  return std::string("<vmap:AdBreak timeOffset=\"") + std::string(offset) + "\" breakType=\"" + std::string(type) +
         "\"><vmap:AdSource><vmap:AdTagURI><![CDATA[http://ads.example/vast]]></vmap:AdTagURI></vmap:AdSource>"
         "</vmap:AdBreak>";
}

vast::Vmap vmap(const std::vector<std::string>& breaks) {
  std::string text = "<vmap:VMAP xmlns:vmap=\"http://www.iab.net/videoadvertising\" version=\"1.0\">";
  for (const auto& b : breaks) text += b;
  text += "</vmap:VMAP>";
  auto parsed = vast::parse_vmap(text);
  REQUIRE(parsed);
  return std::move(*parsed);
}

std::vector<std::size_t> boundaries(const ssai::BreakSchedule& schedule) {
  std::vector<std::size_t> out;
  for (const auto& b : schedule.breaks) {
    CHECK(b.avail.first_segment == b.avail.end_segment);  // insertion points replace nothing
    out.push_back(b.avail.first_segment);
  }
  return out;
}

}  // namespace

TEST_CASE("VMAP time offsets go to the nearest segment boundary") {
  const auto playlist = content();  // 59 s; boundaries 0, 6, 12, 18, 23, 29, 35, ...
  const auto cues = manifests::hls::find_avails(playlist).avails;
  const auto map = vmap({ad_break("start"), ad_break("00:00:20.000"), ad_break("00:00:21.000"), ad_break("50%"),
                         ad_break("end")});
  const auto schedule = ssai::place_vmap_breaks(map, playlist, cues);
  CHECK(schedule.warnings.empty());
  // 20 s is nearer 18 than 23; 21 s nearer 23; 50% = 29.5 s, nearest 29.
  CHECK(boundaries(schedule) == std::vector<std::size_t>{0, 3, 4, 5, 10});
  CHECK(schedule.breaks[1].avail.start.count() == 18 * 90000);
  CHECK(schedule.breaks.front().avail.id == "v1");
  CHECK(schedule.breaks.back().avail.id == "v5");
  CHECK(schedule.breaks.back().ad_break->ad_source->ad_tag_uri == "http://ads.example/vast");
}

TEST_CASE("VMAP #n offsets stand at the content's n-th cue, what cannot be placed is said") {
  const auto playlist = content();
  const auto cues = manifests::hls::find_avails(playlist).avails;
  REQUIRE(cues.size() == 1);
  const auto map = vmap({ad_break("#1"), ad_break("#2"), ad_break("start", "nonlinear"),
                         "<vmap:AdBreak timeOffset=\"end\" breakType=\"linear\"></vmap:AdBreak>"});
  const auto schedule = ssai::place_vmap_breaks(map, playlist, cues);
  CHECK(boundaries(schedule) == std::vector<std::size_t>{3});
  REQUIRE(schedule.warnings.size() == 3);
  CHECK_THAT(schedule.warnings[0], Catch::Contains("#2") && Catch::Contains("has 1"));
  CHECK_THAT(schedule.warnings[1], Catch::Contains("not linear"));
  CHECK_THAT(schedule.warnings[2], Catch::Contains("no VAST source"));
}

TEST_CASE("breaks on one boundary keep their VMAP order, the schedule is in playlist order") {
  const auto playlist = content();
  const auto map = vmap({ad_break("end"), ad_break("start"), ad_break("00:00:00.100")});
  const auto schedule = ssai::place_vmap_breaks(map, playlist, {});
  CHECK(boundaries(schedule) == std::vector<std::size_t>{0, 0, 10});
  CHECK(schedule.breaks[0].avail.id == "v2");
  CHECK(schedule.breaks[1].avail.id == "v3");
}
