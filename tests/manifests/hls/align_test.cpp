// Breaks found in the main variant, laid onto an alternate rendition without cues.
#include "manifests/hls/align.hpp"

#include <catch2/catch.hpp>
#include <map>

#include "manifests/hls/cues.hpp"
#include "manifests/hls/parser.hpp"

using namespace manifests::hls;
using manifests::Ticks;

namespace {

Ticks seconds(double s) { return Ticks{static_cast<std::int64_t>(s * 90000 + 0.5)}; }

MediaPlaylist parsed(std::string text) {
  auto playlist = parse_media(std::move(text));
  REQUIRE(playlist);
  return std::move(*playlist);
}

// 10 segments; `cue_before[i]` is put before segment i.
std::string playlist_text(const std::vector<std::string>& durations, std::map<std::size_t, std::string> cue_before,
                          std::int64_t media_sequence, bool vod) {
  std::string text = "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:" + std::to_string(media_sequence) + "\n";
  for (std::size_t i = 0; i < durations.size(); ++i) {
    if (auto cue = cue_before.find(i); cue != cue_before.end()) text += cue->second + "\n";
    text += "#EXTINF:" + durations[i] + ",\nseg" + std::to_string(media_sequence + static_cast<std::int64_t>(i)) + ".ts\n";
  }
  return text + (vod ? "#EXT-X-ENDLIST\n" : "");
}

const std::vector<std::string> kVideo(10, "6.000");
// AAC frames (1024 samples at 48 kHz) do not divide 6 s: each segment ends on the frame
// after the video's boundary, and the drift is taken back now and then.
const std::vector<std::string> kAudio{"6.016", "5.995", "6.016", "5.995", "6.016", "5.995", "6.016", "5.995", "6.016", "5.931"};

}  // namespace

TEST_CASE("align: a VOD break moves to the audio rendition's nearest segment boundaries", "[align]") {
  const auto video = parsed(playlist_text(kVideo, {{4, "#EXT-X-CUE-OUT:DURATION=30"}, {9, "#EXT-X-CUE-IN"}}, 0, true));
  const auto audio = parsed(playlist_text(kAudio, {}, 0, true));
  const auto cues = find_avails(video);
  REQUIRE(cues.avails.size() == 1);
  const auto placed = align_avails(video, cues.avails, audio);
  REQUIRE(placed.size() == 1);
  CHECK(placed[0].id == cues.avails[0].id);
  CHECK(placed[0].first_segment == 4);
  CHECK(placed[0].end_segment == 9);
  CHECK(placed[0].start == seconds(24.022));
  CHECK(placed[0].content_duration == seconds(30.038));
  CHECK(placed[0].duration == cues.avails[0].duration);
}

TEST_CASE("align: a VOD insertion point stays an insertion point", "[align]") {
  const auto video = parsed(playlist_text(kVideo, {{0, "#EXT-X-CUE-OUT:0\n#EXT-X-CUE-IN"}, {5, "#EXT-X-CUE-OUT:0\n#EXT-X-CUE-IN"}}, 0, true));
  const auto audio = parsed(playlist_text(kAudio, {}, 0, true));
  const auto cues = find_avails(video);
  REQUIRE(cues.avails.size() == 2);
  const auto placed = align_avails(video, cues.avails, audio);
  REQUIRE(placed.size() == 2);
  CHECK(placed[0].first_segment == 0);
  CHECK(placed[0].end_segment == 0);
  CHECK(placed[1].first_segment == 5);
  CHECK(placed[1].end_segment == 5);
}

TEST_CASE("align: a live break goes by media sequence, whichever window is ahead", "[align]") {
  const std::vector<std::string> two(6, "2.000");
  // The break opens at 103 for 12 s and is still going at the reference's edge.
  const auto video = parsed(playlist_text(two, {{3, "#EXT-X-CUE-OUT:DURATION=12"}}, 100, false));
  const auto cues = find_avails(video);
  REQUIRE(cues.avails.size() == 1);
  REQUIRE(cues.avails[0].open_at_end);

  SECTION("the audio window is two segments ahead: it shows more of the break") {
    const auto placed = align_avails(video, cues.avails, parsed(playlist_text(two, {}, 102, false)));
    REQUIRE(placed.size() == 1);
    CHECK(placed[0].first_segment == 1);
    CHECK(placed[0].end_segment == 6);
    CHECK(placed[0].open_at_end);
    CHECK(placed[0].elapsed_before == Ticks{});
  }
  SECTION("ahead far enough to see the planned end") {
    const auto placed = align_avails(video, cues.avails, parsed(playlist_text(two, {}, 105, false)));
    REQUIRE(placed.size() == 1);
    CHECK(placed[0].first_segment == 0);
    CHECK(placed[0].elapsed_before == seconds(4));
    CHECK(placed[0].end_segment == 4);
    CHECK_FALSE(placed[0].open_at_end);
  }
  SECTION("behind: the break has only just begun in the audio window") {
    const auto placed = align_avails(video, cues.avails, parsed(playlist_text(two, {}, 98, false)));
    REQUIRE(placed.size() == 1);
    CHECK(placed[0].first_segment == 5);
    CHECK(placed[0].end_segment == 6);
    CHECK(placed[0].open_at_end);
  }
  SECTION("far behind: the break is not in the audio window yet") {
    CHECK(align_avails(video, cues.avails, parsed(playlist_text(two, {}, 90, false))).empty());
  }
}

TEST_CASE("align: a live break that began above the window and ended in it", "[align]") {
  const std::vector<std::string> two(6, "2.000");
  const auto video = parsed(playlist_text(
      two, {{0, "#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=12"}, {1, "#EXT-X-CUE-OUT-CONT:ElapsedTime=4.000,Duration=12"},
            {2, "#EXT-X-CUE-OUT-CONT:ElapsedTime=6.000,Duration=12"}, {5, "#EXT-X-CUE-IN"}},
      104, false));
  const auto cues = find_avails(video);
  REQUIRE(cues.avails.size() == 1);
  REQUIRE(cues.avails[0].end_segment == 5);
  REQUIRE(cues.avails[0].elapsed_before == seconds(2));

  const auto placed = align_avails(video, cues.avails, parsed(playlist_text(two, {}, 106, false)));
  REQUIRE(placed.size() == 1);
  CHECK(placed[0].first_segment == 0);
  CHECK(placed[0].elapsed_before == seconds(6));
  CHECK(placed[0].end_segment == 3);
  CHECK_FALSE(placed[0].open_at_end);
  CHECK(placed[0].id == cues.avails[0].id);
  // The window has moved past it.
  CHECK(align_avails(video, cues.avails, parsed(playlist_text(two, {}, 109, false))).empty());
}

TEST_CASE("align: breaks rounded onto coarser segments never overlap", "[align]") {
  // Two 6 s breaks back to back (12-18 s and 18-24 s) laid onto 12 s segments: both
  // edges at 18 s round to the same boundary, and each break keeps a segment.
  const auto video = parsed(playlist_text(kVideo, {{2, "#EXT-X-CUE-OUT:DURATION=6"}, {3, "#EXT-X-CUE-IN\n#EXT-X-CUE-OUT:DURATION=6"},
                                                   {4, "#EXT-X-CUE-IN"}}, 0, true));
  const auto coarse = parsed(playlist_text(std::vector<std::string>(5, "12.000"), {}, 0, true));
  const auto cues = find_avails(video);
  REQUIRE(cues.avails.size() == 2);
  const auto placed = align_avails(video, cues.avails, coarse);
  REQUIRE(placed.size() == 2);
  CHECK(placed[0].first_segment < placed[0].end_segment);
  CHECK(placed[1].first_segment >= placed[0].end_segment);
  CHECK(placed[1].end_segment <= coarse.segments.size());
}

namespace {

// A live playlist with a PROGRAM-DATE-TIME on its first entry, `seconds` after 10:00:00Z;
// an I-frame playlist when `iframes`.
std::string dated_text(const std::vector<std::string>& durations, std::map<std::size_t, std::string> cue_before,
                       std::int64_t media_sequence, int seconds_in, bool iframes) {
  std::string text = "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:" + std::to_string(media_sequence) +
                     "\n" + (iframes ? "#EXT-X-I-FRAMES-ONLY\n" : "");
  text += "#EXT-X-PROGRAM-DATE-TIME:2026-11-26T10:" + std::string(seconds_in / 60 < 10 ? "0" : "") +
          std::to_string(seconds_in / 60) + ":" + (seconds_in % 60 < 10 ? "0" : "") + std::to_string(seconds_in % 60) + ".000Z\n";
  for (std::size_t i = 0; i < durations.size(); ++i) {
    if (auto cue = cue_before.find(i); cue != cue_before.end()) text += cue->second + "\n";
    text += "#EXTINF:" + durations[i] + ",\n" + (iframes ? "#EXT-X-BYTERANGE:100@" + std::to_string(i * 100) + "\n" : "") +
            "seg" + std::to_string(media_sequence + static_cast<std::int64_t>(i)) + ".ts\n";
  }
  return text;
}

}  // namespace

TEST_CASE("align: a live I-frame playlist, numbered by keyframe, is placed by program date", "[align]") {
  // The video: 6 s segments from 10:00:00, a 12 s break from its 4th segment (10:00:18).
  const auto video = parsed(dated_text(kVideo, {{3, "#EXT-X-CUE-OUT:DURATION=12"}, {5, "#EXT-X-CUE-IN"}}, 500, 0, false));
  const auto cues = find_avails(video);
  REQUIRE(cues.avails.size() == 1);
  REQUIRE(cues.avails[0].start_date_ms);
  const std::vector<std::string> keyframes(20, "1.000");  // a keyframe a second

  SECTION("the I-frames from 10:00:10: the break's keyframes are its 9th to its 20th") {
    const auto placed = align_avails(video, cues.avails, parsed(dated_text(keyframes, {}, 7000, 10, true)));
    REQUIRE(placed.size() == 1);
    CHECK(placed[0].first_segment == 8);
    CHECK(placed[0].end_segment == 20);
    CHECK(placed[0].elapsed_before == Ticks{});
    CHECK_FALSE(placed[0].open_at_end);
    CHECK(placed[0].start == seconds(8));
  }
  SECTION("from 10:00:22: the break began 4 s before the window, and ends at its 9th keyframe") {
    const auto placed = align_avails(video, cues.avails, parsed(dated_text(keyframes, {}, 7012, 22, true)));
    REQUIRE(placed.size() == 1);
    CHECK(placed[0].first_segment == 0);
    CHECK(placed[0].elapsed_before == seconds(4));
    CHECK(placed[0].end_segment == 8);
  }
  SECTION("from 09:59:50: the break is still to come past the window's end (10:00:10)") {
    std::string text = dated_text(keyframes, {}, 6990, 0, true);
    text.replace(text.find("10:00:00"), 8, "09:59:50");
    CHECK(align_avails(video, cues.avails, parsed(text)).empty());
  }
  SECTION("an I-frame playlist without dates: no break can be placed") {
    std::string text = dated_text(keyframes, {}, 7000, 10, true);
    text.erase(text.find("#EXT-X-PROGRAM-DATE-TIME"), text.find('\n', text.find("#EXT-X-PROGRAM-DATE-TIME")) -
                                                         text.find("#EXT-X-PROGRAM-DATE-TIME") + 1);
    CHECK(align_avails(video, cues.avails, parsed(text)).empty());
  }
}
