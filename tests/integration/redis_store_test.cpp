// Many nodes, one Redis: two `ssai serve` processes share a real redis-server; either
// serves any session the same way, and a Redis outage degrades to content without ads
// (never a 5xx to the player) and heals when Redis returns.
#include <catch2/catch.hpp>
#include <chrono>
#include <regex>
#include <sstream>
#include <thread>

#include "support/beacon_audit.hpp"
#include "support/cluster.hpp"
#include "support/fixture_ads.hpp"
#include "support/http_get.hpp"
#include "support/process.hpp"

using test_support::http_get;
using test_support::ServerProcess;

namespace {

// Two nodes on one Redis; no conditioning workers (the fixture ads are conditioned).
struct Cluster : test_support::TwoNodes {
  Cluster()
      : TwoNodes(R"({"demo": {"content_origin": "{fixtures}/media/", "ad_decision_server": "{fixtures}/vast/pod.xml?session=[session.id]",
                  "slate_url": "{fixtures}/media/creatives/slate.mp4"}})",
                 R"("conditioning_workers": 0)") {}
};

std::vector<std::string> variant_urls(const std::string& master_url) {
  auto urls = test_support::variant_urls(master_url);
  REQUIRE(urls.size() == 2);
  return urls;
}

// The same URL on the other node.
std::string on(const ServerProcess& node, const std::string& url) {
  return std::regex_replace(url, std::regex("^http://127\\.0\\.0\\.1:[0-9]+"), node.url());
}

}  // namespace

TEST_CASE("two nodes sharing Redis serve one session identically, with one ad decision") {
  Cluster c;
  const auto urls = variant_urls(c.node_a->url() + "/v1/master/demo/content/master.m3u8");
  REQUIRE(urls.size() == 2);
  for (const auto& url : urls) {
    // Alternate nodes, and ask each twice: the same bytes every time, but for the host.
    const auto from_b = http_get(on(*c.node_b, url));
    const auto from_a = http_get(url);
    REQUIRE(from_a.status == 200);
    REQUIRE(from_b.status == 200);
    CHECK(from_a.body.find("/v1/segment/") != std::string::npos);
    CHECK(std::regex_replace(from_b.body, std::regex(c.node_b->url()), c.node_a->url()) == from_a.body);
  }
  CHECK(c.hits("/vast/pod.xml") == 1);

  // An impression counted once across nodes: the first ad segment fetched from both.
  std::smatch first_ad;
  const auto media = http_get(urls[0]).body;
  REQUIRE(std::regex_search(media, first_ad, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/0/0/0\\.ts\\?k=[^\\n]+")));
  CHECK(http_get(first_ad.str()).status == 302);
  CHECK(http_get(on(*c.node_b, first_ad.str())).status == 302);
  REQUIRE(test_support::wait_beacons_settled(c.node_a->url(), test_support::session_id_in(first_ad.str()), 2));
  CHECK(c.hits("/track/impression?ad=bars-15") == 1);
}

TEST_CASE("two nodes sharing Redis answer a guided session's asset list identically, with one ad decision") {
  test_support::TwoNodes c(
      R"({"guided": {"content_origin": "{fixtures}/media/", "ad_decision_server": "{fixtures}/vast/pod.xml?session=[session.id]",
           "slate_url": "{fixtures}/media/creatives/slate.mp4", "insertion_mode": "guided"}})",
      R"("conditioning_workers": 0)");
  const auto master = http_get(c.node_a->url() + "/v1/master/guided/content/master.m3u8");
  REQUIRE(master.status == 200);
  std::smatch id;
  REQUIRE(std::regex_search(master.body, id, std::regex("VALUE=\"([0-9a-f]{32})\"")));
  // The shared playlist, from either node: the same bytes but for the host.
  const auto from_a = http_get(c.node_a->url() + "/v1/guided/guided/content/360p/index.m3u8");
  const auto from_b = http_get(c.node_b->url() + "/v1/guided/guided/content/360p/index.m3u8");
  REQUIRE(from_a.status == 200);
  CHECK(std::regex_replace(from_b.body, std::regex(c.node_b->url()), c.node_a->url()) == from_a.body);
  std::smatch list;
  REQUIRE(std::regex_search(from_a.body, list, std::regex("X-ASSET-LIST=\"[^\"]+/v1/assets/\\{\\$ssai_session\\}/([^\"]+)\"")));
  const std::string path = "/v1/assets/" + id[1].str() + "/" + list[1].str();
  // Asked of node B first, then A, then B again: one decision, the same list.
  const auto b1 = http_get(c.node_b->url() + path);
  const auto a1 = http_get(c.node_a->url() + path);
  const auto b2 = http_get(c.node_b->url() + path);
  REQUIRE(a1.status == 200);
  CHECK(b1.body.find("\"ASSETS\":[{") != std::string::npos);
  CHECK(std::regex_replace(b1.body, std::regex(c.node_b->url()), c.node_a->url()) == a1.body);
  CHECK(b2.body == b1.body);
  CHECK(c.hits("/vast/pod.xml") == 1);
}

TEST_CASE("Redis stopped mid-session gives content without ads and no 5xx, and sessions work again once it is back") {
  Cluster c;
  const auto urls = variant_urls(c.node_a->url() + "/v1/master/demo/content/master.m3u8");
  const auto stitched = http_get(urls[1]);
  REQUIRE(stitched.status == 200);
  std::smatch first_ad;
  REQUIRE(std::regex_search(stitched.body, first_ad, std::regex("http://[^\\n]+/v1/segment/[^\\n]+/0/1/0\\.ts\\?k=[^\\n]+")));

  c.redis.stop();
  const auto started = std::chrono::steady_clock::now();
  const auto during = http_get(urls[1]);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  CHECK(during.status == 200);
  CHECK(during.body.find("/media/content/720p/seg_009.ts") != std::string::npos);  // the content, all of it
  CHECK(during.body.find("/v1/segment/") == std::string::npos);                    // and no ads
  // Only a URL the service wrote names content: the same path under another session id,
  // or with its signature gone, is not served (anyone could have any origin path served).
  std::smatch session_part;
  REQUIRE(std::regex_search(urls[1], session_part, std::regex("/v1/manifest/([0-9a-f]+)/")));
  const std::string forged_session = std::regex_replace(urls[1], std::regex(session_part[1].str()), std::string(session_part[1].length(), '0'));
  CHECK(http_get(forged_session).status == 503);
  CHECK(http_get(std::regex_replace(urls[1], std::regex("&s=[0-9a-f]+"), "")).status == 503);
  CHECK(http_get(std::regex_replace(urls[1], std::regex("&p=[^&]+"), "&p=content%2F360p%2Findex.m3u8")).status == 503);
  // A player in the middle of the ad keeps playing it.
  const auto ad = http_get(first_ad.str());
  CHECK(ad.status == 302);
  CHECK(ad.location == c.fixtures->url() + "/media/ads/bars-15/720p/seg_000.ts");
  // A new session needs the store: a clear error, not a hang.
  const auto master = http_get(c.node_b->url() + "/v1/master/demo/content/master.m3u8");
  CHECK(master.status == 503);

  c.redis.start();  // empty: the old session is gone, new ones work
  // Each node reconnects on its own schedule: wait for both (generously: a loaded
  // machine once took longer than the 5 s this waited for one node).
  for (const auto* node : {c.node_b.get(), c.node_a.get()}) {
    bool recovered = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!recovered && std::chrono::steady_clock::now() < deadline) {
      recovered = http_get(node->url() + "/v1/master/demo/content/master.m3u8").status == 200;
      if (!recovered) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(recovered);
  }
  const auto fresh = variant_urls(c.node_a->url() + "/v1/master/demo/content/master.m3u8");
  CHECK(http_get(fresh[0]).body.find("/v1/segment/") != std::string::npos);
}
