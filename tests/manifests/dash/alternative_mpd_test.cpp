// Server-guided DASH: breaks become Alternative MPD events (ISO/IEC 23009-1 6th ed.)
// in the period they fall in, with the RequestParam that has players add their MPD
// URL's query to the alternative MPD's; a break's ads become a static MPD of periods.
#include <catch2/catch.hpp>

#include "manifests/dash/alternative_mpd.hpp"

using namespace manifests;
using namespace manifests::dash;

namespace {

constexpr Ticks kSecond{90000};

Mpd two_periods() {
  return Mpd::parse(
             R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT60S" profiles="p">)"
             R"(<Period id="a" start="PT0S" duration="PT30S"><AdaptationSet id="1"/></Period>)"
             R"(<Period id="b" duration="PT30S"><BaseURL>b/</BaseURL><AdaptationSet id="1"/></Period>)"
             R"(<UTCTiming schemeIdUri="urn:mpeg:dash:utc:direct:2014" value="x"/></MPD>)")
      .value();
}

}  // namespace

TEST_CASE("alternative MPD: a replaced break and an inserted one, each in its period, with the session's query") {
  auto mpd = two_periods();
  const std::vector<AlternativeBreak> breaks = {
      {7, kSecond * 24, kSecond * 30 - kSecond * 24, "http://x/v1/altmpd/t24.mpd"},
      {8, kSecond * 40, Ticks{}, "http://x/v1/altmpd/t40.mpd"},
  };
  REQUIRE(add_alternative_mpd_events(mpd, breaks));
  const auto text = mpd.write();
  const auto periods = mpd.periods();
  auto replace = child(periods[0].node, "EventStream");
  REQUIRE(replace);
  CHECK(std::string(replace.attribute("schemeIdUri").value()) == "urn:mpeg:dash:event:alternativeMPD:replace:2025");
  CHECK(std::string(replace.attribute("timescale").value()) == "90000");
  // Before the media, as the schema orders a Period.
  CHECK(local_name(replace.next_sibling()) == "AdaptationSet");
  auto param = child(replace, "RequestParam");
  CHECK(std::string(param.attribute("includeInRequests").value()) == "altmpd");
  CHECK(std::string(param.attribute("useMPDUrlQuery").value()) == "true");
  CHECK(std::string(param.attribute("queryTemplate").value()) == "$querypart$");
  auto event = child(replace, "Event");
  CHECK(std::string(event.attribute("presentationTime").value()) == "2160000");
  CHECK(std::string(event.attribute("duration").value()) == "540000");
  CHECK(std::string(event.attribute("id").value()) == "7");
  auto presentation = child(event, "ReplacePresentation");
  CHECK(std::string(presentation.attribute("uri").value()) == "http://x/v1/altmpd/t24.mpd");
  CHECK(std::string(presentation.attribute("returnOffset").value()) == "540000");

  // 40 s is 10 s into the second period; inserted, so no content is replaced.
  auto insert = child(periods[1].node, "EventStream");
  REQUIRE(insert);
  CHECK(local_name(insert.previous_sibling()) == "BaseURL");
  CHECK(std::string(insert.attribute("schemeIdUri").value()) == "urn:mpeg:dash:event:alternativeMPD:insert:2025");
  CHECK(std::string(child(insert, "Event").attribute("presentationTime").value()) == "900000");
  CHECK(child(child(insert, "Event"), "InsertPresentation"));
  // The MPD says Annex I (2025) URL parameters are in use, after its periods.
  auto property = child(mpd.root(), "EssentialProperty");
  REQUIRE(property);
  CHECK(std::string(property.attribute("schemeIdUri").value()) == "urn:mpeg:dash:urlparam:2025");
  CHECK(local_name(property.next_sibling()) == "UTCTiming");
  // What is written reads back the same.
  CHECK(Mpd::parse(text).value().write() == text);
}

TEST_CASE("alternative MPD: no breaks leave the MPD as it was, and one outside every period is an error") {
  auto mpd = two_periods();
  const auto before = mpd.write();
  REQUIRE(add_alternative_mpd_events(mpd, {}));
  CHECK(mpd.write() == before);
  const AlternativeBreak outside{1, kSecond * 61, kSecond, "u"};
  CHECK_FALSE(add_alternative_mpd_events(mpd, std::span(&outside, 1)));
  // A post-roll at the very end belongs to the last period.
  const AlternativeBreak post{2, kSecond * 60, Ticks{}, "u"};
  CHECK(add_alternative_mpd_events(mpd, std::span(&post, 1)));
}

TEST_CASE("alternative MPD: a break's periods as a static MPD, one after another from 0") {
  InsertedPeriod ad{"ad-0", kSecond * 15, {{"video", "video/mp4", "", {{"v0", 500000, 640, 360, "avc1.4d401e", 0, "http://a/init.mp4",
                                                                           {{"http://a/1.m4s", kSecond * 15}}}}}}};
  InsertedPeriod slate{"slate", kSecond * 5, ad.adaptation_sets};
  const std::vector<InsertedPeriod> periods = {ad, slate};
  auto mpd = presentation_of(periods);
  REQUIRE(mpd);
  CHECK_FALSE(mpd->dynamic());
  CHECK(mpd->media_presentation_duration() == kSecond * 20);
  const auto timings = mpd->periods();
  REQUIRE(timings.size() == 2);
  CHECK(timings[1].start == kSecond * 15);
  CHECK(std::string(timings[0].node.attribute("id").value()) == "ad-0");
  CHECK(mpd->write().find("<SegmentURL media=\"http://a/1.m4s\"") != std::string::npos);
  CHECK_FALSE(presentation_of({}));
}
