// A thousand guided sessions on one live channel, on two nodes sharing Redis: every
// session's master points at the same media playlist, which is the same bytes for all
// of them (and from either node) at any moment; each session's asset list for the break
// is its own, decided once (one ad request per session), and the other node answers it
// identically.
#include <catch2/catch.hpp>

#include <array>
#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "support/cluster.hpp"
#include "support/http_get.hpp"

using test_support::http_get;

namespace {

constexpr int kSessions = 1000;

// A node's own URL in a body made the other's: bodies compared across nodes.
std::string as_node_a(const std::string& body, const test_support::TwoNodes& c) {
  return std::regex_replace(body, std::regex(c.node_b->url()), c.node_a->url());
}

}  // namespace

TEST_CASE("a thousand guided sessions on one live channel share its playlists byte for byte, each with its own asset list") {
  // The channel at twice real time: its break (24 s into each minute) is in the window
  // within seconds, and stays for about half a minute.
  test_support::TwoNodes c(
      R"({"live-guided": {"content_origin": "{fixtures}/live/", "insertion_mode": "guided",
           "ad_decision_server": "{fixtures}/vast/pod.xml?session=[session.id]",
           "slate_url": "{fixtures}/media/creatives/slate.mp4"}})",
      // One client starts them all: its limit on new sessions raised to match.
      R"("conditioning_workers": 0, "session_limits": {"create_per_second": 10000, "create_burst": 10000})",
      {"--live-speed", "2"});
  const std::array nodes{c.node_a.get(), c.node_b.get()};
  const std::string content = "/v1/master/live-guided/daterange/media/content/master.m3u8";

  std::vector<std::string> ids;
  std::set<std::string> variant_lines;
  for (int i = 0; i < kSessions; ++i) {
    const auto master = http_get(nodes[i % 2]->url() + content);
    REQUIRE(master.status == 200);
    std::smatch id;
    REQUIRE(std::regex_search(master.body, id, std::regex("VALUE=\"([0-9a-f]{32})\"")));
    ids.push_back(id[1].str());
    // Everything but the session's id is the same for every session.
    variant_lines.insert(as_node_a(std::regex_replace(master.body, std::regex(id[1].str()), "ID"), c));
  }
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == kSessions);
  CHECK(variant_lines.size() == 1);
  std::smatch variant;
  REQUIRE(std::regex_search(*variant_lines.begin(), variant, std::regex("\n(http://[^\n]+/v1/guided/[^\n]+\\.m3u8)\n")));
  const std::string playlist_path = variant[1].str().substr(c.node_a->url().size());

  // Wait (on the condition, generously) for the break to be announced.
  std::string announced;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto playlist = http_get(c.node_a->url() + playlist_path);
    REQUIRE(playlist.status == 200);
    if (playlist.body.find("X-ASSET-LIST=") != std::string::npos) {
      announced = playlist.body;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  REQUIRE_FALSE(announced.empty());
  std::smatch list;
  REQUIRE(std::regex_search(announced, list, std::regex("X-ASSET-LIST=\"[^\"]+/v1/assets/\\{\\$ssai_session\\}/([^\"]+)\"")));

  // Each session's asset list, first asked of alternating nodes while the break is in
  // the window: each its own, naming its session.
  std::vector<std::string> lists;
  for (int i = 0; i < kSessions; ++i) {
    const auto answer = http_get(nodes[i % 2]->url() + "/v1/assets/" + ids[i] + "/" + list[1].str());
    REQUIRE(answer.status == 200);
    REQUIRE(answer.body.find("\"ASSETS\":[{") != std::string::npos);
    CHECK(answer.body.find("/v1/adplaylist/" + ids[i] + "/") != std::string::npos);
    lists.push_back(as_node_a(answer.body, c));
  }
  CHECK(std::set<std::string>(lists.begin(), lists.end()).size() == kSessions);
  // Decided once per session: one ad request each.
  CHECK(c.hits("/vast/pod.xml") == kSessions);

  // The media playlist every session reads, as each session's player would ask for it,
  // from alternating nodes: at any moment (one origin window, its media sequence) the
  // same bytes for all.
  std::map<std::string, std::set<std::string>> by_window;
  for (int i = 0; i < kSessions; ++i) {
    const auto playlist = http_get(nodes[i % 2]->url() + playlist_path);
    REQUIRE(playlist.status == 200);
    std::smatch sequence;
    REQUIRE(std::regex_search(playlist.body, sequence, std::regex("#EXT-X-MEDIA-SEQUENCE:([0-9]+)")));
    by_window[sequence[1].str()].insert(as_node_a(playlist.body, c));
  }
  for (const auto& [sequence, bodies] : by_window) {
    INFO("media sequence " << sequence);
    CHECK(bodies.size() == 1);
  }

  // Asked again, of the other node: the same list, and no more ad requests.
  for (int i = 0; i < kSessions; ++i) {
    const auto again = http_get(nodes[(i + 1) % 2]->url() + "/v1/assets/" + ids[i] + "/" + list[1].str());
    REQUIRE(again.status == 200);
    CHECK(as_node_a(again.body, c) == lists[i]);
  }
  CHECK(c.hits("/vast/pod.xml") == kSessions);
}
