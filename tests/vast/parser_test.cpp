#include "vast/parser.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

#include "support/files.hpp"

namespace fs = std::filesystem;

TEST_CASE("the fixture pod: two sequenced inline ads with everything SSAI needs") {
  const auto xml = test_support::read_file(fs::path(SSAI_FIXTURES_DIR) / "vast/pod.xml");
  auto document = vast::parse(xml);
  REQUIRE(document);
  CHECK(document->version == "3.0");
  REQUIRE(document->ads.size() == 2);
  const auto pod = vast::select_pod(*document);
  REQUIRE(pod.size() == 2);
  CHECK(pod[0]->id == "pod-bars-15");
  CHECK(pod[1]->id == "pod-blue-10");
  const auto& ad = *pod[0];
  REQUIRE(ad.impressions.size() == 1);
  CHECK(ad.impressions[0].uri == "{{FIXTURE_BASE}}/track/impression?ad=bars-15");
  const auto* creative = vast::linear_creative(ad);
  REQUIRE(creative);
  CHECK(creative->ad_id == "bars-15");
  CHECK(creative->linear->duration == std::chrono::seconds(15));
  REQUIRE(creative->linear->media_files.size() == 1);
  CHECK(creative->linear->media_files[0].type == "video/mp4");
  CHECK(creative->linear->media_files[0].height == 720);
  CHECK(creative->linear->tracking_events.size() == 5);
  CHECK(creative->linear->tracking_events[2].event == "midpoint");
}

TEST_CASE("a pod is played in sequence order, whatever the document order") {
  const char* xml = R"(<VAST version="4.0">
    <Ad id="b" sequence="2"><InLine><Impression>i2</Impression><Creatives><Creative><Linear><Duration>00:00:10</Duration></Linear></Creative></Creatives></InLine></Ad>
    <Ad id="solo"><InLine><Impression>i0</Impression><Creatives><Creative><Linear><Duration>00:00:05</Duration></Linear></Creative></Creatives></InLine></Ad>
    <Ad id="a" sequence="1"><InLine><Impression>i1</Impression><Creatives><Creative><Linear><Duration>00:00:15.500</Duration></Linear></Creative></Creatives></InLine></Ad>
  </VAST>)";
  auto document = vast::parse(xml);
  REQUIRE(document);
  const auto pod = vast::select_pod(*document);
  REQUIRE(pod.size() == 2);
  CHECK(pod[0]->id == "a");
  CHECK(vast::linear_creative(*pod[0])->linear->duration == std::chrono::milliseconds(15500));
}

TEST_CASE("without a pod, the first stand-alone linear ad plays") {
  auto document = vast::parse(R"(<VAST version="2.0"><Ad id="x"><InLine><Impression>i</Impression><Creatives>
      <Creative><Linear><Duration>00:00:30</Duration></Linear></Creative></Creatives></InLine></Ad></VAST>)");
  REQUIRE(document);
  REQUIRE(vast::select_pod(*document).size() == 1);
}

TEST_CASE("bad VAST gets an error with the VAST error code and the reason") {
  const auto truncated = test_support::read_file(fs::path(SSAI_FIXTURES_DIR) / "vast/malformed.xml");
  auto result = vast::parse(truncated);
  REQUIRE_FALSE(result);
  CHECK(result.error().code == vast::Errc::kXmlParse);
  CHECK(vast::vast_error_code(result.error().code) == 100);
  CHECK_THAT(result.error().detail, Catch::Contains("line"));

  CHECK(vast::parse("<NotVast/>").error().code == vast::Errc::kSchema);
  CHECK(vast::parse(R"(<VAST version="1.0"/>)").error().code == vast::Errc::kUnsupportedVersion);
  CHECK(vast::parse("<VideoAdServingTemplate/>").error().code == vast::Errc::kUnsupportedVersion);
}

TEST_CASE("one bad ad does not spoil the response: it is dropped with its reason and Error URIs") {
  auto document = vast::parse(R"(<VAST version="3.0">
    <Ad id="bad"><InLine><Error>http://e/bad?c=[ERRORCODE]</Error><Impression>i</Impression><Creatives><Creative><Linear>
      <Duration>soon</Duration></Linear></Creative></Creatives></InLine></Ad>
    <Ad id="empty"><InLine><Error>http://e/empty</Error><Impression>i</Impression></InLine></Ad>
    <Ad id="uncounted"><InLine><Creatives><Creative><Linear><Duration>10</Duration></Linear></Creative></Creatives></InLine></Ad>
    <Ad id="good"><InLine><Impression>i</Impression><Creatives><Creative><Linear><Duration>00:00:10</Duration></Linear></Creative></Creatives></InLine></Ad>
  </VAST>)");
  REQUIRE(document);
  REQUIRE(document->ads.size() == 2);
  CHECK(document->ads[0].id == "uncounted");
  CHECK(vast::linear_creative(document->ads[0])->linear->duration == std::chrono::seconds(10));  // plain seconds
  CHECK(document->ads[1].id == "good");
  REQUIRE(document->issues.size() == 3);
  CHECK(document->issues[0].ad_id == "bad");
  CHECK(document->issues[0].vast_error == 101);
  CHECK(document->issues[0].error_uris == std::vector<std::string>{"http://e/bad?c=[ERRORCODE]"});
  CHECK(document->issues[1].vast_error == 303);  // an InLine with no creative is an empty answer
  CHECK_FALSE(document->issues[2].dropped);      // no Impression: played, but not countable
}

TEST_CASE("DTDs, entity tricks and oversized documents are refused") {
  CHECK(vast::parse(R"(<!DOCTYPE VAST [<!ENTITY x "y">]><VAST version="3.0"/>)").error().code == vast::Errc::kForbidden);
  vast::Limits tight;
  tight.max_bytes = 64;
  CHECK(vast::parse(std::string(100, ' '), tight).error().code == vast::Errc::kTooLarge);
  std::string deep = R"(<VAST version="3.0">)";
  for (int i = 0; i < 40; ++i) deep += "<x>";
  for (int i = 0; i < 40; ++i) deep += "</x>";
  deep += "</VAST>";
  CHECK(vast::parse(deep).error().code == vast::Errc::kTooLarge);
}

TEST_CASE("durations: HH:MM:SS with optional milliseconds") {
  CHECK(vast::parse_duration("00:00:15") == std::chrono::seconds(15));
  CHECK(vast::parse_duration("01:02:03.5") == std::chrono::milliseconds(3723500));
  CHECK(vast::parse_duration("100:00:00") == std::chrono::hours(100));
  CHECK(vast::parse_duration("15") == std::chrono::seconds(15));  // plain seconds, as some ad servers write
  CHECK(vast::parse_duration("15.5") == std::chrono::milliseconds(15500));
  for (const char* bad : {"", "00:15", "00:60:00", "00:00:1x", "00:00:01.", "00:00:01.1234", "-1:00:00", "15s", "-3"}) {
    INFO(bad);
    CHECK_FALSE(vast::parse_duration(bad));
  }
}

TEST_CASE("IAB VAST samples parse or fail cleanly (reads ../shared)") {
  const fs::path dir = fs::path(SSAI_SHARED_DIR) / "conformance/vast/iab";
  if (!fs::exists(dir)) {
    WARN("skipped: " << dir << " is absent (the IAB samples are not redistributed with the project)");
    return;
  }
  int inline_linear = 0;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".xml") continue;
    ++files;
    INFO(entry.path());
    auto document = vast::parse(test_support::read_file(entry.path()));
    if (!document) continue;  // VAST 1.0 and samples that are not VAST are refused with a reason
    for (const auto& ad : document->ads) {
      if (const auto* c = vast::linear_creative(ad); c && !ad.is_wrapper) {
        ++inline_linear;
        CHECK(c->linear->duration.count() > 0);
      }
    }
  }
  CHECK(files > 20);
  CHECK(inline_linear > 10);
}
