// The MPD model: parsing, lossless writing, period timing, segment addressing.
#include <catch2/catch.hpp>

#include "manifests/dash/mpd.hpp"
#include "manifests/dash/segments.hpp"
#include "sample_mpd.hpp"

using namespace manifests;
using namespace manifests::dash;

TEST_CASE("xs:duration as MPDs write it") {
  CHECK(parse_iso_duration("PT0H0M9.600S") == Ticks{864000});
  CHECK(parse_iso_duration("PT1M30.5S") == Ticks{90000 * 905 / 10});
  CHECK(parse_iso_duration("P1DT2H") == Ticks{90000LL * (86400 + 7200)});
  CHECK(parse_iso_duration("P0D") == Ticks{0});
  CHECK_FALSE(parse_iso_duration("P1Y"));
  CHECK_FALSE(parse_iso_duration("PT"));
  CHECK_FALSE(parse_iso_duration("P"));
  CHECK_FALSE(parse_iso_duration("-PT5S"));
  CHECK_FALSE(parse_iso_duration("PT5"));
  CHECK(format_iso_duration(Ticks{864000}) == "PT9.6S");
  CHECK(format_iso_duration(Ticks{0}) == "PT0S");
  CHECK(parse_iso_duration(format_iso_duration(Ticks{1})) == Ticks{1});
}

TEST_CASE("an MPD parses and writes back to the same tree") {
  auto mpd = Mpd::parse(dash_samples::vod_mpd());
  REQUIRE(mpd);
  CHECK_FALSE(mpd->dynamic());
  CHECK(mpd->media_presentation_duration() == Ticks{60 * 90000});
  const auto written = mpd->write();
  // Unknown elements and namespaces survive.
  CHECK(written.find("<ProgramInformation>") != std::string::npos);
  CHECK(written.find("xmlns:scte35=\"http://www.scte.org/schemas/35/2016\"") != std::string::npos);
  auto again = Mpd::parse(written);
  REQUIRE(again);
  CHECK(again->write() == written);
  // Copies are deep: editing one leaves the other alone.
  Mpd copy = *mpd;
  copy.root().remove_child(child(copy.root(), "ProgramInformation"));
  CHECK(mpd->write() == written);
}

TEST_CASE("bad MPDs are errors, not crashes") {
  CHECK_FALSE(Mpd::parse(""));
  CHECK_FALSE(Mpd::parse("<MPD><Period></MPD>"));
  CHECK(Mpd::parse("<html/>").error().code == Errc::kNotAPlaylist);
  auto no_periods = Mpd::parse("<MPD type=\"static\"/>");
  REQUIRE(no_periods);
  CHECK(no_periods->periods().empty());
}

TEST_CASE("period timing follows @start, @duration and mediaPresentationDuration") {
  auto mpd = Mpd::parse(R"(<MPD type="static" mediaPresentationDuration="PT100S">
    <Period id="a" duration="PT30S"/><Period id="b"/><Period id="c" start="PT70S"/></MPD>)");
  REQUIRE(mpd);
  const auto periods = mpd->periods();
  REQUIRE(periods.size() == 3);
  CHECK(periods[0].start == Ticks{0});
  CHECK(periods[1].start == Ticks{30 * 90000});
  CHECK(periods[1].duration == Ticks{40 * 90000});  // up to c's start
  CHECK(periods[2].duration == Ticks{30 * 90000});  // up to the presentation's end
}

TEST_CASE("segment addressing: @duration templates, timelines with repeats, inheritance") {
  auto mpd = Mpd::parse(dash_samples::vod_mpd());
  REQUIRE(mpd);
  const auto period = mpd->periods().front();
  const auto sets = children(period.node, "AdaptationSet");
  const auto video = segment_info(child(sets[0], "Representation"), period.duration);
  CHECK(video.addressing == Addressing::kTemplate);
  CHECK(video.timescale == 12800);
  const auto video_segments = list_segments(video, period.duration);
  REQUIRE(video_segments.size() == 10);
  CHECK(video_segments[4].number == 5);
  CHECK(video_segments[4].time == 4 * 76800);

  const auto audio = segment_info(child(sets[1], "Representation"), period.duration);
  CHECK(audio.has_timeline);
  const auto audio_segments = list_segments(audio, period.duration);
  REQUIRE(audio_segments.size() == 10);
  CHECK(audio_segments[9].time == 9 * 288768);
  CHECK(audio_segments[9].duration == 281088);

  // r="-1" runs to the period's end; a hostile repeat count stays bounded.
  auto open = Mpd::parse(R"(<MPD type="static" mediaPresentationDuration="PT20S"><Period><AdaptationSet>
    <SegmentTemplate timescale="10" media="$Time$"><SegmentTimeline><S t="0" d="40" r="-1"/></SegmentTimeline></SegmentTemplate>
    <Representation id="r"/></AdaptationSet></Period></MPD>)");
  REQUIRE(open);
  const auto p = open->periods().front();
  const auto info = segment_info(child(child(p.node, "AdaptationSet"), "Representation"), p.duration);
  CHECK(list_segments(info, p.duration).size() == 5);
  auto hostile = Mpd::parse(R"(<MPD><Period><AdaptationSet><SegmentTemplate timescale="1">
    <SegmentTimeline><S t="0" d="1" r="4000000000"/></SegmentTimeline></SegmentTemplate>
    <Representation id="r"/></AdaptationSet></Period></MPD>)");
  REQUIRE(hostile);
  const auto hp = hostile->periods().front();
  CHECK(segment_info(child(child(hp.node, "AdaptationSet"), "Representation"), hp.duration).timeline.size() <= 1'000'000);
}

TEST_CASE("segment templates expand identifiers and widths") {
  CHECK(expand_template("chunk-$RepresentationID$-$Number%05d$.m4s", "v0", 42, 0, 0) == "chunk-v0-00042.m4s");
  CHECK(expand_template("$Time$/$Bandwidth$.mp4", "", 0, 900900, 800000) == "900900/800000.mp4");
  CHECK(expand_template("a$$b-$Unknown$", "", 0, 0, 0) == "a$b-$Unknown$");
  CHECK(expand_template("unterminated-$Number", "", 7, 0, 0) == "unterminated-$Number");
}

TEST_CASE("what an adaptation set carries: by contentType, else its mime type and codecs") {
  auto mpd = Mpd::parse(R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"><Period>
    <AdaptationSet contentType="text"/>
    <AdaptationSet mimeType="text/vtt"/>
    <AdaptationSet mimeType="application/mp4" codecs="stpp.ttml.im1t"/>
    <AdaptationSet><Representation mimeType="application/mp4" codecs="wvtt"/></AdaptationSet>
    <AdaptationSet mimeType="application/ttml+xml"/>
    <AdaptationSet mimeType="video/mp4"/>
    <AdaptationSet><Representation mimeType="audio/mp4"/></AdaptationSet>
    <AdaptationSet><Representation width="640"/></AdaptationSet>
    <AdaptationSet contentType="image"/>
  </Period></MPD>)");
  REQUIRE(mpd);
  std::vector<ContentKind> kinds;
  for (const auto& set : children(mpd->periods().front().node, "AdaptationSet")) kinds.push_back(content_kind(set));
  CHECK(kinds == std::vector<ContentKind>{ContentKind::kText, ContentKind::kText, ContentKind::kText, ContentKind::kText,
                                          ContentKind::kText, ContentKind::kVideo, ContentKind::kAudio, ContentKind::kVideo,
                                          ContentKind::kOther});
}

TEST_CASE("an MPD nested past the depth limit, or with too many elements, is refused without recursion") {
  // An origin MPD ending in thousands of nested unknown elements made the indented
  // stitched output grow with the square of the depth (gigabytes from a megabyte).
  std::string deep = "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\"><Period>";
  constexpr int kNesting = 100'000;
  for (int i = 0; i < kNesting; ++i) deep += "<x>";
  for (int i = 0; i < kNesting; ++i) deep += "</x>";
  deep += "</Period></MPD>";
  auto refused = Mpd::parse(deep);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().detail, Catch::Contains("nested deeper than 32"));

  std::string wide = "<MPD type=\"static\"><Period>";
  for (int i = 0; i < 300'000; ++i) wide += "<x/>";
  wide += "</Period></MPD>";
  auto too_many = Mpd::parse(wide);
  REQUIRE_FALSE(too_many);
  CHECK_THAT(too_many.error().detail, Catch::Contains("more than 250000 elements"));

  // Real MPDs are far inside both limits.
  std::string nested = "<MPD type=\"static\"><Period>";
  for (int i = 0; i < 20; ++i) nested += "<x>";
  for (int i = 0; i < 20; ++i) nested += "</x>";
  nested += "</Period></MPD>";
  CHECK(Mpd::parse(nested));
  CHECK(Mpd::parse(dash_samples::vod_mpd()));
}
