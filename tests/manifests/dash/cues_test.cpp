// DASH cue detection: both SCTE-35 EventStream schemes give the same avails as HLS cues.
#include <catch2/catch.hpp>

#include "manifests/dash/cues.hpp"
#include "sample_mpd.hpp"

using namespace manifests;
using namespace manifests::dash;

namespace {

CueReport avails_of(const std::string& text) {
  auto mpd = Mpd::parse(text);
  REQUIRE(mpd);
  return find_avails(*mpd);
}

}  // namespace

TEST_CASE("a 2014:xml+bin splice_insert gives a break snapped to the video's segments") {
  const auto report = avails_of(dash_samples::vod_mpd());
  REQUIRE(report.avails.size() == 1);
  const auto& avail = report.avails[0];
  CHECK(avail.id == "d1");
  CHECK(avail.start == Ticks{24 * 90000});
  CHECK(avail.duration == Ticks{30 * 90000});
  CHECK(avail.content_duration == Ticks{30 * 90000});
  CHECK(avail.first_segment == 4);
  CHECK(avail.end_segment == 9);
  REQUIRE(avail.scte35);
  CHECK(avail.dialects == std::vector{CueDialect::kDashXmlBin});
}

TEST_CASE("a 2013:xml SpliceInfoSection means the same, its end cue closing the break") {
  const auto report = avails_of(dash_samples::vod_mpd(R"(
    <EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="1000">
      <Event presentationTime="23900">
        <scte35:SpliceInfoSection><scte35:TimeSignal><scte35:SpliceTime ptsTime="0"/></scte35:TimeSignal>
          <scte35:SegmentationDescriptor segmentationEventId="77" segmentationTypeId="52"/></scte35:SpliceInfoSection>
      </Event>
      <Event presentationTime="42100">
        <scte35:SpliceInfoSection><scte35:TimeSignal/>
          <scte35:SegmentationDescriptor segmentationEventId="77" segmentationTypeId="53"/></scte35:SpliceInfoSection>
      </Event>
    </EventStream>)"));
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].id == "d77");
  CHECK(report.avails[0].start == Ticks{24 * 90000});              // 23.9 s snapped to 24
  CHECK(report.avails[0].duration == Ticks{18200 * 90});            // as signalled by the pair
  CHECK(report.avails[0].content_duration == Ticks{18 * 90000});    // 24 .. 42 on the segments
  CHECK(report.avails[0].dialects == std::vector{CueDialect::kDashXml});
}

TEST_CASE("zero-length cues are insertion points, cancels withdraw, junk is a warning") {
  const auto report = avails_of(dash_samples::vod_mpd(std::string(R"(
    <EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="1">
      <Event presentationTime="0" id="pre"><scte35:Signal><scte35:Binary>)") + dash_samples::kCue + R"(</scte35:Binary></scte35:Signal></Event>
      <Event presentationTime="30" id="x"><scte35:Signal><scte35:Binary>not base64!</scte35:Binary></scte35:Signal></Event>
    </EventStream>
    <EventStream schemeIdUri="urn:example:other" timescale="1"><Event presentationTime="12" duration="5"/></EventStream>
    <EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="1">
      <Event presentationTime="36" duration="0"><SpliceInfoSection><SpliceInsert spliceEventId="9" outOfNetworkIndicator="true"/></SpliceInfoSection></Event>
      <Event presentationTime="48"><SpliceInfoSection><SpliceInsert spliceEventId="5" outOfNetworkIndicator="true"/></SpliceInfoSection></Event>
      <Event presentationTime="47"><SpliceInfoSection><SpliceInsert spliceEventId="5" spliceEventCancelIndicator="true"/></SpliceInfoSection></Event>
    </EventStream>)"));
  REQUIRE(report.avails.size() == 2);
  // The cue's own break_duration (30 s) counts: Event@duration is absent.
  CHECK(report.avails[0].start == Ticks{0});
  CHECK(report.avails[0].first_segment == 0);
  CHECK(report.avails[0].content_duration == Ticks{30 * 90000});
  CHECK(report.avails[1].start == Ticks{36 * 90000});
  CHECK(report.avails[1].content_duration == Ticks{0});
  CHECK(report.avails[1].first_segment == report.avails[1].end_segment);
  REQUIRE(report.warnings.size() == 1);
  CHECK(report.warnings[0].find("cannot be read") != std::string::npos);
}

TEST_CASE("an Event without presentationTime is placed by its splice PTS (MediaPackage)") {
  // Video media time starts at 10 s (PTO); the cue's PTS is 34 s: 24 s into the period.
  auto text = dash_samples::vod_mpd(R"(
    <EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="90000">
      <Event><SpliceInfoSection ptsAdjustment="90000"><SpliceInsert spliceEventId="3" outOfNetworkIndicator="true">
        <Program><SpliceTime ptsTime="2970000"/></Program><BreakDuration autoReturn="true" duration="540000"/>
      </SpliceInsert></SpliceInfoSection></Event>
    </EventStream>)");
  text.replace(text.find("startNumber=\"1\""), 15, "startNumber=\"1\" presentationTimeOffset=\"128000\"");
  const auto report = avails_of(text);
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].start == Ticks{24 * 90000});
  CHECK(report.avails[0].duration == Ticks{6 * 90000});
}

TEST_CASE("live: a splice announced ahead of the segments listed so far keeps its own time") {
  // A dynamic MPD whose SegmentTimeline lists the first 6 s only; the break is at 24 s.
  const std::string text = R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" availabilityStartTime="2026-01-01T00:00:00Z">
  <Period id="p" start="PT0S">
    <EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="1000">
      <Event presentationTime="24000" duration="30000" id="5"><SpliceInfoSection xmlns="http://www.scte.org/schemas/35/2016">
        <SpliceInsert spliceEventId="5" outOfNetworkIndicator="true"><Program/><BreakDuration autoReturn="true" duration="2700000"/></SpliceInsert>
      </SpliceInfoSection></Event>
    </EventStream>
    <AdaptationSet contentType="video"><Representation id="v" bandwidth="1" width="640" height="360">
      <SegmentTemplate timescale="1000" media="$Time$.m4s"><SegmentTimeline><S t="0" d="6000"/></SegmentTimeline></SegmentTemplate>
    </Representation></AdaptationSet>
  </Period>
</MPD>)";
  const auto report = avails_of(text);
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].start == Ticks{24 * 90000});
  CHECK(report.avails[0].duration == Ticks{30 * 90000});
  // The same MPD as VOD snaps the splice to the listed segments' end.
  std::string vod = text;
  vod.replace(vod.find("dynamic"), 7, "static");
  CHECK(avails_of(vod).avails[0].start == Ticks{6 * 90000});
}
