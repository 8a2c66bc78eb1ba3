#include "vast/vmap.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

#include "support/files.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {
const fs::path kDir = fs::path(SSAI_FIXTURES_DIR) / "conformance" / "vmap" / "vmap-js";
}

TEST_CASE("vmap-js correct-vmap.xml: the facts its source states") {
  auto vmap = vast::parse_vmap(test_support::read_file(kDir / "correct-vmap.xml"));
  REQUIRE(vmap);
  CHECK(vmap->version == "1.0");
  REQUIRE(vmap->ad_breaks.size() == 3);
  CHECK(vmap->extensions.empty());
  const auto& pre = vmap->ad_breaks[0];
  CHECK(pre.time_offset.kind == vast::TimeOffset::Kind::kStart);
  CHECK(pre.break_type == "linear");
  CHECK(pre.break_id == "mypre");
  REQUIRE(pre.tracking_events.size() == 4);
  CHECK(pre.tracking_events[2].event == "breakEnd");
  CHECK(pre.tracking_events[2].uri == "http://server.com/breakend2");
  CHECK(pre.tracking_events[3].uri == "http://server.com/error?[ERRORCODE]");
  REQUIRE(pre.ad_source);
  CHECK(pre.ad_source->id == "1");
  CHECK(pre.ad_source->allow_multiple_ads);
  CHECK(pre.ad_source->follow_redirects == true);
  REQUIRE(pre.ad_source->vast_ad_data);
  CHECK(pre.ad_source->vast_ad_data->rfind("<VAST", 0) == 0);
  const auto& mid = vmap->ad_breaks[1];
  CHECK(mid.time_offset.kind == vast::TimeOffset::Kind::kTime);
  CHECK(mid.time_offset.time == 623125ms);
  const auto& post = vmap->ad_breaks[2];
  CHECK(post.time_offset.kind == vast::TimeOffset::Kind::kEnd);
  CHECK(post.ad_source->ad_tag_uri == "http://server.com/vast.xml");
}

TEST_CASE("vmap-js: extensions kept, and a document that is not VMAP refused") {
  auto with_extension = vast::parse_vmap(test_support::read_file(kDir / "correct-vmap-with-extension.xml"));
  REQUIRE(with_extension);
  REQUIRE(with_extension->ad_breaks.at(0).extensions.size() == 2);
  CHECK_THAT(with_extension->ad_breaks[0].extensions[0].xml, Catch::Contains("extAttribute2=\"extAttribute2 content\""));
  CHECK_THAT(with_extension->ad_breaks[0].extensions[1].xml, Catch::Contains("Extension2 value"));
  auto incorrect = vast::parse_vmap(test_support::read_file(kDir / "incorrect-vmap.xml"));
  REQUIRE_FALSE(incorrect);
  CHECK(incorrect.error().detail == "Not a VMAP document");
}

TEST_CASE("time offsets and where breaks fall in the content") {
  using Kind = vast::TimeOffset::Kind;
  CHECK(vast::parse_time_offset("start")->kind == Kind::kStart);
  CHECK(vast::parse_time_offset("end")->kind == Kind::kEnd);
  CHECK(vast::parse_time_offset("#2")->position == 2);
  CHECK(vast::parse_time_offset("25%")->percent == 25.0);
  CHECK(vast::parse_time_offset("00:00:30.5")->time == 30500ms);
  for (const char* bad : {"", "middle", "#0", "120%", "-5%", "00:61:00"}) {
    INFO(bad);
    CHECK_FALSE(vast::parse_time_offset(bad));
  }
  const vast::Milliseconds content = 600s;
  CHECK(vast::break_time(*vast::parse_time_offset("start"), content) == 0ms);
  CHECK(vast::break_time(*vast::parse_time_offset("end"), content) == 600s);
  CHECK(vast::break_time(*vast::parse_time_offset("50%"), content) == 300s);
  CHECK(vast::break_time(*vast::parse_time_offset("01:00:00"), content) == 600s);
  CHECK_FALSE(vast::break_time(*vast::parse_time_offset("#1"), content));
}

TEST_CASE("VMAP limits: DTDs and bad offsets refused with the reason") {
  CHECK(vast::parse_vmap("<!DOCTYPE x><vmap:VMAP version=\"1.0\"/>").error().code == vast::Errc::kForbidden);
  auto bad = vast::parse_vmap("<vmap:VMAP version=\"1.0\"><vmap:AdBreak breakType=\"linear\" timeOffset=\"soon\"/></vmap:VMAP>");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().detail, Catch::Contains("soon"));
  CHECK(vast::parse_vmap("<vmap:VMAP version=\"2.0\"/>").error().code == vast::Errc::kUnsupportedVersion);
}
