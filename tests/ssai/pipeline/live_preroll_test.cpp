// The live pre-roll's place in a window: where a player joins, how far it reaches, and
// what the window's own breaks keep of themselves where they overlap it.
#include <catch2/catch.hpp>

#include "manifests/hls/parser.hpp"
#include "ssai/live_preroll.hpp"

namespace {

using manifests::Ticks;
constexpr Ticks kSecond{90000};

// `count` 6 s segments from media sequence `top`; `header` goes before them.
manifests::hls::MediaPlaylist window(std::int64_t top, int count, const std::string& header = "") {
  std::string text = "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:" + std::to_string(top) + "\n" + header;
  for (int k = 0; k < count; ++k) text += "#EXTINF:6.000,\nseg" + std::to_string(top + k) + ".ts\n";
  auto parsed = manifests::hls::parse_media(text);
  REQUIRE(parsed);
  return std::move(*parsed);
}

manifests::Avail avail(std::size_t first, std::size_t end, bool open_at_end = false) {
  manifests::Avail a;
  a.id = "b" + std::to_string(first);
  a.first_segment = first;
  a.end_segment = end;
  a.start = kSecond * 6 * static_cast<std::int64_t>(first);
  a.duration = kSecond * 6 * static_cast<std::int64_t>(end - first);
  a.content_duration = a.duration;
  a.open_at_end = open_at_end;
  return a;
}

}  // namespace

TEST_CASE("a player joins a live window three target durations from its end, or at EXT-X-START") {
  CHECK(ssai::live_join_msn(window(100, 6)) == 103);
  CHECK(ssai::live_join_msn(window(100, 6, "#EXT-X-START:TIME-OFFSET=-7\n")) == 104);
  CHECK(ssai::live_join_msn(window(100, 6, "#EXT-X-START:TIME-OFFSET=-7.0,PRECISE=YES\n")) == 104);
  CHECK(ssai::live_join_msn(window(100, 6, "#EXT-X-START:TIME-OFFSET=12\n")) == 102);
  // A window shorter than three target durations: its first segment.
  CHECK(ssai::live_join_msn(window(100, 2)) == 100);
  // An unreadable EXT-X-START is ignored, as players ignore it.
  CHECK(ssai::live_join_msn(window(100, 6, "#EXT-X-START:TIME-OFFSET=soon\n")) == 103);
}

TEST_CASE("the pre-roll replaces whole segments up to the one its last ad ends in, the same way on every reload") {
  // 15 s of ads from segment 103: 103, 104 and 105 (to 18 s) give way to them.
  const auto first = ssai::place_preroll(window(100, 6), 103, kSecond * 15);
  REQUIRE(first);
  CHECK(first->first_segment == 3);
  CHECK(first->end_segment == 6);
  CHECK(first->ended);
  CHECK(first->elapsed_before == Ticks{});
  // Its start scrolled out: the same segments, 104 and 105, are still its.
  const auto later = ssai::place_preroll(window(104, 6), 103, kSecond * 15);
  REQUIRE(later);
  CHECK(later->first_segment == 0);
  CHECK(later->end_segment == 2);
  CHECK(later->elapsed_before == kSecond * 6);
  CHECK(later->ended);
  // 20 s of ads go on past the window's end.
  const auto open = ssai::place_preroll(window(100, 6), 103, kSecond * 20);
  REQUIRE(open);
  CHECK(open->end_segment == 6);
  CHECK_FALSE(open->ended);
  // Ads a little shorter than the content they cover still end with its segment.
  CHECK(ssai::place_preroll(window(100, 6), 103, kSecond * 18 - Ticks{900})->end_segment == 6);
  // Outside the window: not there yet (a cache behind), or long over.
  CHECK_FALSE(ssai::place_preroll(window(100, 6), 106, kSecond * 15));
  CHECK_FALSE(ssai::place_preroll(window(110, 6), 103, kSecond * 15));
}

TEST_CASE("breaks overlapping the pre-roll yield to it") {
  const auto playlist = window(100, 10);
  const ssai::PrerollPlacement preroll{3, 6, {}, true};
  std::vector<manifests::Avail> avails{avail(1, 4), avail(4, 5), avail(5, 8), avail(7, 9), avail(0, 1)};
  ssai::yield_to_preroll(avails, preroll, playlist);
  // Under way when the pre-roll starts: cut short there.
  CHECK(avails[0].first_segment == 1);
  CHECK(avails[0].end_segment == 3);
  CHECK(avails[0].ended_early);
  CHECK_FALSE(avails[0].open_at_end);
  CHECK(avails[0].content_duration == kSecond * 12);
  // Wholly under it: nothing left to fill.
  CHECK(avails[1].first_segment == avails[1].end_segment);
  // Starting under it: resumes after it, 6 s into its pod.
  CHECK(avails[2].first_segment == 6);
  CHECK(avails[2].end_segment == 8);
  CHECK(avails[2].elapsed_before == kSecond * 6);
  CHECK(avails[2].start == kSecond * 36);
  CHECK(avails[2].content_duration == kSecond * 12);
  // Apart from it: untouched.
  CHECK(avails[3].first_segment == 7);
  CHECK(avails[3].end_segment == 9);
  CHECK(avails[4].end_segment == 1);
  // A pre-roll still going at the window's end takes every break after its start.
  std::vector<manifests::Avail> open{avail(5, 10, true)};
  ssai::yield_to_preroll(open, {3, 10, {}, false}, playlist);
  CHECK(open[0].first_segment == open[0].end_segment);
}

namespace {

// `count` dated 6 s segments from media sequence `top`, the first at `start_s` seconds
// past midnight; with `iframes`, the same time as one keyframe a second, numbered from
// `top` * 6. Without `with_dates`, the same entries undated.
manifests::hls::MediaPlaylist dated(std::int64_t top, int count, int start_s, bool iframes, bool with_dates = true) {
  const int step = iframes ? 1 : 6;
  const std::int64_t first = iframes ? top * 6 : top;
  std::string text = "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:" + std::to_string(first) +
                     "\n" + (iframes ? "#EXT-X-I-FRAMES-ONLY\n" : "");
  for (int k = 0; k < count * 6 / step; ++k) {
    const int t = start_s + k * step;
    char date[64];
    std::snprintf(date, sizeof date, "2026-11-26T00:%02d:%02d.000Z", t / 60, t % 60);
    if (with_dates) text += std::string("#EXT-X-PROGRAM-DATE-TIME:") + date + "\n";
    text += "#EXTINF:" + std::to_string(step) + ".000,\n";
    if (iframes) text += "#EXT-X-BYTERANGE:1000@" + std::to_string(k * 1000) + "\n";
    text += "seg" + std::to_string(first + k) + ".ts\n";
  }
  auto parsed = manifests::hls::parse_media(text);
  REQUIRE(parsed);
  return std::move(*parsed);
}

}  // namespace

TEST_CASE("an I-frame playlist gives way to the pre-roll at the video's segments, found by date") {
  // The video joins at 103 (18 s into the window); 15 s of ads replace 103 to 105, 18 s:
  // the keyframes of those 18 s.
  const auto video = dated(100, 6, 0, false);
  const auto placed = ssai::place_preroll_by_date(video, dated(100, 6, 0, true), 103, kSecond * 15);
  REQUIRE(placed);
  CHECK(placed->first_segment == 18);
  CHECK(placed->end_segment == 36);
  CHECK(placed->ended);
  // An I-frame window a little ahead of the video's (its start scrolled out, 4 s of it):
  // the pre-roll's first 4 s are gone from it, and its end is where the video's is.
  const auto ahead = ssai::place_preroll_by_date(video, dated(100, 6, 22, true), 103, kSecond * 15);
  REQUIRE(ahead);
  CHECK(ahead->first_segment == 0);
  CHECK(ahead->end_segment == 14);
  CHECK(ahead->elapsed_before == kSecond * 4);
  // Ads that go on past the video's window stay open in the I-frames too.
  const auto open = ssai::place_preroll_by_date(video, dated(100, 6, 0, true), 103, kSecond * 20);
  REQUIRE(open);
  CHECK(open->end_segment == 36);
  CHECK_FALSE(open->ended);
  // No dates, nothing to place by: the I-frames show the content.
  CHECK_FALSE(ssai::place_preroll_by_date(window(100, 6), dated(100, 6, 0, true), 103, kSecond * 15));
  CHECK_FALSE(ssai::place_preroll_by_date(video, dated(100, 6, 0, true, false), 103, kSecond * 15));
  // Wholly before the I-frame window.
  CHECK_FALSE(ssai::place_preroll_by_date(video, dated(100, 6, 40, true), 103, kSecond * 15));
}
