#include "manifests/hls/cues.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "manifests/hls/parser.hpp"

using namespace manifests::hls;
using manifests::Ticks;

namespace {

// Ten 6 s segments, with `cue_lines[i]` placed before segment i.
MediaPlaylist playlist_with(const std::vector<std::pair<int, std::string>>& cue_lines, bool endlist = true) {
  std::string text = "#EXTM3U\n#EXT-X-TARGETDURATION:6\n";
  for (int i = 0; i < 10; ++i) {
    for (const auto& [at, line] : cue_lines) {
      if (at == i) text += line + "\n";
    }
    text += "#EXTINF:6.000,\nseg_" + std::to_string(i) + ".ts\n";
  }
  if (endlist) text += "#EXT-X-ENDLIST\n";
  return *parse_media(text);
}

}  // namespace

TEST_CASE("EXT-X-CUE-OUT:DURATION / EXT-X-CUE-IN delimit a break") {
  const auto report = find_avails(playlist_with({{4, "#EXT-X-CUE-OUT:DURATION=30"}, {9, "#EXT-X-CUE-IN"}}));
  CHECK(report.warnings.empty());
  REQUIRE(report.avails.size() == 1);
  const auto& avail = report.avails[0];
  CHECK(avail.first_segment == 4);
  CHECK(avail.end_segment == 9);
  CHECK(avail.start == Ticks{24 * 90000});
  CHECK(avail.duration == Ticks{30 * 90000});
  CHECK(avail.content_duration == Ticks{30 * 90000});
  CHECK(avail.id == "t24000");
}

TEST_CASE("cue dialects: bare number, decimal, DURATION with ID") {
  for (const char* tag : {"#EXT-X-CUE-OUT:12", "#EXT-X-CUE-OUT:12.000", "#EXT-X-CUE-OUT:DURATION=12,ID=\"7\""}) {
    INFO(tag);
    const auto report = find_avails(playlist_with({{1, tag}, {3, "#EXT-X-CUE-IN"}}));
    REQUIRE(report.avails.size() == 1);
    CHECK(report.avails[0].duration == Ticks{12 * 90000});
  }
}

TEST_CASE("a break without CUE-IN ends where its duration is reached") {
  const auto report = find_avails(playlist_with({{2, "#EXT-X-CUE-OUT:DURATION=18"}}));
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].first_segment == 2);
  CHECK(report.avails[0].end_segment == 5);
}

TEST_CASE("a CUE-OUT without duration takes the length up to its CUE-IN") {
  const auto report = find_avails(playlist_with({{2, "#EXT-X-CUE-OUT"}, {4, "#EXT-X-CUE-IN"}}));
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].duration == Ticks{12 * 90000});
}

TEST_CASE("malformed and unmatched cues are ignored with a warning") {
  auto report = find_avails(playlist_with({{2, "#EXT-X-CUE-OUT:DURATION=abc"}, {4, "#EXT-X-CUE-IN"}}));
  CHECK(report.avails.empty());
  REQUIRE(report.warnings.size() == 2);  // the bad cue, then a CUE-IN with nothing open
  CHECK_THAT(report.warnings[0], Catch::Contains("malformed duration"));

  report = find_avails(playlist_with({{2, "#EXT-X-CUE-OUT"}}));
  CHECK(report.avails.empty());
  CHECK_THAT(report.warnings.at(0), Catch::Contains("never ends"));

  report = find_avails(playlist_with({{2, "#EXT-X-CUE-OUT:30"}, {3, "#EXT-X-CUE-OUT:30"}, {5, "#EXT-X-CUE-IN"}}));
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].first_segment == 2);
  CHECK(report.warnings.size() == 1);
}

TEST_CASE("two breaks in one playlist") {
  const auto report = find_avails(playlist_with(
      {{1, "#EXT-X-CUE-OUT:6"}, {2, "#EXT-X-CUE-IN"}, {6, "#EXT-X-CUE-OUT:12"}, {8, "#EXT-X-CUE-IN"}}));
  REQUIRE(report.avails.size() == 2);
  CHECK(report.avails[1].start == Ticks{36 * 90000});
  CHECK(report.avails[0].id != report.avails[1].id);
}
