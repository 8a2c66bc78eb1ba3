// `ssai tag-check` against the fixture ad server: the tag library of fixtures/vast/.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <rapidjson/document.h>
#include <string>
#include <sys/wait.h>

#include "support/process.hpp"

namespace {

struct Checked {
  int exit_code = -1;
  rapidjson::Document json;
  std::chrono::milliseconds took{};
};

Checked tag_check(const std::string& arguments) {
  const auto started = std::chrono::steady_clock::now();
  FILE* pipe = popen((std::string(SSAI_BINARY) + " tag-check " + arguments + " --json 2>/dev/null").c_str(), "r");
  REQUIRE(pipe);
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = pclose(pipe);
  Checked c;
  c.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  c.json.Parse(out.c_str());
  REQUIRE(c.json.IsObject());
  return c;
}

std::string str(const rapidjson::Value& v) { return v.GetString(); }

}  // namespace

TEST_CASE("tag-check follows a 3-deep wrapper chain to the pod and merges tracking outermost first") {
  test_support::ServerProcess fixtures(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  auto c = tag_check(fixtures.url() + "/vast/wrapper-3.xml");
  CHECK(c.exit_code == 0);
  const auto& b = c.json["breaks"][0];
  REQUIRE(b["wrapper_chain"].Size() == 3);
  CHECK(str(b["wrapper_chain"][2]["url"]) == fixtures.url() + "/vast/pod.xml");
  REQUIRE(b["ads"].Size() == 2);
  const auto& impressions = b["ads"][0]["impressions"];
  REQUIRE(impressions.Size() == 4);
  CHECK(str(impressions[0]) == fixtures.url() + "/track/impression?ad=w3");
  CHECK(str(impressions[3]) == fixtures.url() + "/track/impression?ad=bars-15");
  CHECK(str(b["ads"][0]["chosen_media_file"]["uri"]) == fixtures.url() + "/media/creatives/bars-15.mp4");
  CHECK(b["plan"]["ads"].Size() == 2);
  CHECK(str(b["plan"]["slate_seconds"]) == "5.000");
}

TEST_CASE("tag-check reports loops (302), timeouts (301), no ads (303), VPAID-only (403) and what does not fit") {
  test_support::ServerProcess fixtures(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  const auto base = fixtures.url() + "/vast/";

  auto loop = tag_check(base + "wrapper-loop.xml");
  CHECK(loop.exit_code == 1);
  CHECK(loop.json["breaks"][0]["plan"]["skipped"][0]["vast_error"].GetInt() == 302);

  auto slow = tag_check(base + "wrapper-timeout.xml --timeout-ms 500");
  CHECK(slow.json["breaks"][0]["plan"]["skipped"][0]["vast_error"].GetInt() == 301);
  CHECK(slow.took < std::chrono::milliseconds(2500));

  auto empty = tag_check(base + "empty.xml");
  CHECK(empty.exit_code == 1);
  const auto& beacons = empty.json["breaks"][0]["error_beacons"];
  REQUIRE(beacons.Size() == 1);
  CHECK(str(beacons[0]) == fixtures.url() + "/track/error?ad=empty&code=303");

  auto vpaid = tag_check(base + "vpaid-only.xml");
  CHECK(vpaid.json["breaks"][0]["plan"]["skipped"][0]["vast_error"].GetInt() == 403);
  CHECK(str(vpaid.json["breaks"][0]["error_beacons"][0]).find("code=403") != std::string::npos);

  auto overflow = tag_check(base + "pod-overflow.xml");
  const auto& plan = overflow.json["breaks"][0]["plan"];
  CHECK(plan["ads"].Size() == 2);
  REQUIRE(plan["skipped"].Size() == 1);
  CHECK(str(plan["skipped"][0]["ad_id"]) == "o3");
  CHECK(str(plan["skipped"][0]["detail"]).find("does not fit") != std::string::npos);
  CHECK(str(plan["skipped"][0]["reason"]) == "duration_exceeded");

  auto malformed = tag_check(base + "malformed.xml");
  CHECK(malformed.exit_code == 1);
  CHECK(str(malformed.json["breaks"][0]["failure"]).find("VAST rejected (error 100)") != std::string::npos);
}

TEST_CASE("tag-check keeps the overall budget: no request outlives it") {
  test_support::ServerProcess fixtures(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  // Three hops of 400 ms each cannot finish in a 1000 ms budget.
  auto c = tag_check(fixtures.url() + "/vast/wrapper-slow-chain.xml --budget-ms 1000");
  CHECK(c.exit_code == 1);
  CHECK(c.took < std::chrono::milliseconds(1600));
  const auto& dropped = c.json["breaks"][0]["plan"]["skipped"];
  REQUIRE(dropped.Size() == 1);
  CHECK(dropped[0]["vast_error"].GetInt() == 301);
}

TEST_CASE("tag-check resolves a VMAP break by break, and a VAST file") {
  test_support::ServerProcess fixtures(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  auto c = tag_check(fixtures.url() + "/vast/vmap.xml");
  CHECK(c.exit_code == 0);
  const auto& breaks = c.json["breaks"];
  REQUIRE(breaks.Size() == 3);
  CHECK(breaks[0]["plan"]["ads"].Size() == 2);  // the pod, by AdTagURI
  CHECK(str(breaks[1]["ads"][0]["id"]) == "solo-bars");  // inline VASTAdData
  CHECK(str(breaks[2]["ads"][0]["id"]) == "buffet-blue");  // buffet: the first stand-alone ad

  auto file = tag_check(std::string(SSAI_FIXTURES_DIR) + "/vast/pod.xml");
  CHECK(file.exit_code == 0);
  CHECK(file.json["breaks"][0]["ads"].Size() == 2);
}

TEST_CASE("tag-check lists every ad of the response with what became of it, stand-alone ads filling for a pod ad") {
  test_support::ServerProcess fixtures(SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"});
  auto c = tag_check(fixtures.url() + "/vast/pod-buffet.xml");
  CHECK(c.exit_code == 0);
  const auto& b = c.json["breaks"][0];
  REQUIRE(b["ads"].Size() == 4);  // the pod's two, then the two stand-alone ads
  CHECK(str(b["ads"][0]["outcome"]) == "plays");
  CHECK(str(b["ads"][1]["id"]) == "vpaid");
  CHECK_THAT(str(b["ads"][1]["outcome"]), Catch::StartsWith("skipped (no_playable_media)"));
  CHECK(str(b["ads"][2]["id"]) == "buffet-blue");
  CHECK(b["ads"][2]["standalone"].GetBool());
  CHECK(str(b["ads"][2]["outcome"]) == "plays, in place of a pod ad");
  CHECK(str(b["ads"][3]["id"]) == "buffet-bars");
  CHECK(str(b["ads"][3]["outcome"]) == "not tried: no pod ad was left to replace");
  const auto& plan = b["plan"]["ads"];
  REQUIRE(plan.Size() == 2);
  CHECK(str(plan[1]["ad_id"]) == "buffet-blue");
  CHECK(plan[1]["standalone"].GetBool());
  CHECK(str(b["plan"]["slate_seconds"]) == "5.000");
  // The VPAID ad's Error URL is fired (403); the stand-alone ads' are not.
  REQUIRE(b["error_beacons"].Size() == 1);
  CHECK_THAT(str(b["error_beacons"][0]), Catch::Contains("ad=vpaid&code=403"));
}
