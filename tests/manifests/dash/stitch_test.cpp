// The DASH stitch: periods split at the break, ad periods between, every number right.
#include <catch2/catch.hpp>
#include <filesystem>

#include "manifests/dash/cues.hpp"
#include "manifests/dash/segments.hpp"
#include "manifests/dash/stitch.hpp"
#include "sample_mpd.hpp"
#include "support/files.hpp"

using namespace manifests;
using namespace manifests::dash;

namespace {

constexpr Ticks kSecond{90000};

InsertedPeriod ad_period(const std::string& id, int seconds) {
  InsertedPeriod period{id, kSecond * seconds, {}};
  AdRepresentation video{"v", 800000, 640, 360, "avc1.4d401e", 0, "https://ads.example/init.mp4", {}};
  AdRepresentation audio{"a", 96000, 0, 0, "mp4a.40.2", 48000, "https://ads.example/a/init.mp4", {}};
  for (int s = 0; s < seconds; s += 6) {
    const Ticks d = kSecond * std::min(6, seconds - s);
    video.segments.push_back({"https://ads.example/v/" + std::to_string(s / 6) + ".m4s", d});
    audio.segments.push_back({"https://ads.example/a/" + std::to_string(s / 6) + ".m4s", d});
  }
  period.adaptation_sets.push_back({"video", "video/mp4", "", {video}});
  period.adaptation_sets.push_back({"audio", "audio/mp4", "en", {audio}});
  return period;
}

std::vector<PeriodTiming> periods_of(const Mpd& mpd) { return mpd.periods(); }

std::string attr(const pugi::xml_node& node, const char* name) { return node.attribute(name).value(); }

pugi::xml_node adaptation_set(const pugi::xml_node& period, std::size_t index) {
  return children(period, "AdaptationSet").at(index);
}

}  // namespace

TEST_CASE("a zero-length break is inserted: content split, the timeline grows") {
  auto content = Mpd::parse(dash_samples::vod_mpd());
  REQUIRE(content);
  const std::vector<PeriodBreak> breaks{{"d1", kSecond * 24, Ticks{}, {ad_period("d1-ad0", 10)}}};
  auto stitched = stitch(*content, breaks);
  REQUIRE(stitched);
  const auto periods = periods_of(*stitched);
  REQUIRE(periods.size() == 3);
  CHECK(attr(periods[0].node, "id") == "main");
  CHECK(attr(periods[1].node, "id") == "d1-ad0");
  CHECK(attr(periods[2].node, "id") == "main-d1");
  CHECK(periods[1].start == kSecond * 24);
  CHECK(periods[2].start == kSecond * 34);
  CHECK(periods[2].duration == kSecond * 36);
  CHECK(stitched->media_presentation_duration() == kSecond * 70);

  // Video (@duration template): the rest starts at segment 5, 24 s into its media.
  const auto after_video = child(adaptation_set(periods[2].node, 0), "SegmentTemplate");
  CHECK(attr(after_video, "startNumber") == "5");
  CHECK(attr(after_video, "presentationTimeOffset") == std::to_string(24 * 12800));
  const auto before_video = segment_info(child(adaptation_set(periods[0].node, 0), "Representation"), periods[0].duration);
  CHECK(list_segments(before_video, periods[0].duration).size() == 4);

  // Audio (timeline, segments not on the video's boundaries): the straddling segment is
  // in both pieces, each player trimming it to its period.
  const auto before_audio = segment_info(child(adaptation_set(periods[0].node, 1), "Representation"), periods[0].duration);
  REQUIRE(before_audio.timeline.size() == 4);
  CHECK(before_audio.timeline.back().time == 3 * 288768);
  const auto after_audio = segment_info(child(adaptation_set(periods[2].node, 1), "Representation"), periods[2].duration);
  REQUIRE(after_audio.timeline.size() == 7);
  CHECK(after_audio.timeline.front().time == 3 * 288768);
  CHECK(after_audio.presentation_time_offset == 24 * 48000);
  CHECK(after_audio.start_number == 4);

  // The cue that opened the break is gone from the content that resumes.
  CHECK(children(child(periods[2].node, "EventStream"), "Event").empty());
  CHECK(children(child(periods[0].node, "EventStream"), "Event").empty());

  // The ad period: one SegmentList per representation, one S per segment.
  const auto ad_video = child(adaptation_set(periods[1].node, 0), "Representation");
  const auto list = child(ad_video, "SegmentList");
  CHECK(attr(child(list, "Initialization"), "sourceURL") == "https://ads.example/init.mp4");
  CHECK(children(child(list, "SegmentTimeline"), "S").size() == 2);
  CHECK(children(list, "SegmentURL").size() == 2);
  CHECK(attr(adaptation_set(periods[1].node, 1), "lang") == "en");

  // What we write parses back to the same periods.
  auto again = Mpd::parse(stitched->write());
  REQUIRE(again);
  CHECK(again->periods().size() == 3);
}

TEST_CASE("a break spanning content is replaced: ads and slate over exactly its length") {
  auto content = Mpd::parse(dash_samples::vod_mpd());
  REQUIRE(content);
  const auto avails = find_avails(*content).avails;
  REQUIRE(avails.size() == 1);
  const std::vector<PeriodBreak> breaks{
      {avails[0].id, avails[0].start, avails[0].content_duration, {ad_period("d1-ad0", 10), ad_period("d1-slate", 20)}}};
  auto stitched = stitch(*content, breaks);
  REQUIRE(stitched);
  const auto periods = periods_of(*stitched);
  REQUIRE(periods.size() == 4);
  CHECK(attr(periods[3].node, "id") == "main-d1");
  CHECK(periods[3].start == kSecond * 54);
  CHECK(periods[3].duration == kSecond * 6);
  CHECK(stitched->media_presentation_duration() == kSecond * 60);
  const auto after_video = child(adaptation_set(periods[3].node, 0), "SegmentTemplate");
  CHECK(attr(after_video, "startNumber") == "10");
  CHECK(attr(after_video, "presentationTimeOffset") == std::to_string(54 * 12800));
  CHECK(children(stitched->root(), "Period").size() == 4);
}

TEST_CASE("pre-rolls and post-rolls, several breaks, and bad plans") {
  auto content = Mpd::parse(dash_samples::vod_mpd(""));
  REQUIRE(content);
  const std::vector<PeriodBreak> breaks{{"pre", Ticks{}, Ticks{}, {ad_period("pre-ad", 6)}},
                                        {"mid", kSecond * 30, Ticks{}, {ad_period("mid-ad", 12)}},
                                        {"post", kSecond * 60, Ticks{}, {ad_period("post-ad", 6)}}};
  auto stitched = stitch(*content, breaks);
  REQUIRE(stitched);
  std::vector<std::string> ids;
  for (const auto& p : stitched->periods()) ids.push_back(attr(p.node, "id"));
  CHECK(ids == std::vector<std::string>{"pre-ad", "main", "mid-ad", "main-mid", "post-ad"});
  CHECK(stitched->media_presentation_duration() == kSecond * 84);

  const std::vector<PeriodBreak> outside{{"late", kSecond * 61, Ticks{}, {ad_period("x", 6)}}};
  CHECK_FALSE(stitch(*content, outside));
  const std::vector<PeriodBreak> overlapping{{"a", kSecond * 6, kSecond * 12, {}}, {"b", kSecond * 12, Ticks{}, {}}};
  CHECK_FALSE(stitch(*content, overlapping));
}

TEST_CASE("the stitched sample MPD, as written (golden)") {
  auto content = Mpd::parse(dash_samples::vod_mpd());
  REQUIRE(content);
  const auto avails = find_avails(*content).avails;
  REQUIRE(avails.size() == 1);
  const std::vector<PeriodBreak> breaks{{"pre", Ticks{}, Ticks{}, {ad_period("pre-ad0", 6)}},
                                        {avails[0].id, avails[0].start, avails[0].content_duration,
                                         {ad_period("d1-ad0", 10), ad_period("d1-slate", 20)}}};
  auto stitched = stitch(*content, breaks);
  REQUIRE(stitched);
  const auto written = stitched->write();
  CHECK(written == test_support::golden(std::filesystem::path(SSAI_FIXTURES_DIR) / "golden" / "dash" / "stitched_vod.mpd", written));
}

TEST_CASE("live: periods that start after the live edge are left for a later update, the first always stays") {
  std::string text = dash_samples::vod_mpd();
  text.replace(text.find("type=\"static\" mediaPresentationDuration=\"PT60S\""), 47, "type=\"dynamic\"");
  auto content = Mpd::parse(text);
  REQUIRE(content);
  REQUIRE(content->dynamic());
  const std::vector<PeriodBreak> breaks{{"d1", kSecond * 24, kSecond * 30, {ad_period("d1-ad0", 15), ad_period("d1-ad1", 15)}}};
  auto ids_at = [&](Ticks edge) {
    auto stitched = stitch(*content, breaks, {false, edge});
    REQUIRE(stitched);
    std::vector<std::string> ids;
    for (const auto& p : stitched->periods()) ids.push_back(attr(p.node, "id"));
    return ids;
  };
  CHECK(ids_at(kSecond * 30) == std::vector<std::string>{"main", "d1-ad0"});
  CHECK(ids_at(kSecond * 39) == std::vector<std::string>{"main", "d1-ad0", "d1-ad1"});
  CHECK(ids_at(kSecond * 54) == std::vector<std::string>{"main", "d1-ad0", "d1-ad1", "main-d1"});
  CHECK(ids_at(Ticks{-kSecond}) == std::vector<std::string>{"main"});
  // The resumed content stays open, as the live period it was cut from.
  auto stitched = stitch(*content, breaks, {false, kSecond * 60});
  REQUIRE(stitched);
  CHECK_FALSE(stitched->periods().back().duration);
}
