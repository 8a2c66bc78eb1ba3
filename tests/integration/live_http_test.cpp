// Live HLS end to end over loopback: the fixture server's live channel (its clock run 6x,
// a 6 s segment each second), two `ssai serve` nodes sharing a real redis-server, and a
// player that reloads from either node. Every reload must continue the one before, and
// each break must be filled once with the session's ads.
#include <catch2/catch.hpp>
#include <algorithm>
#include <functional>
#include <map>
#include <regex>
#include <thread>

#include "manifests/hls/parser.hpp"
#include "support/cluster.hpp"
#include "support/fixture_ads.hpp"
#include "support/http_get.hpp"
#include "support/live_reload.hpp"

using test_support::check_continues;
using test_support::Entry;
using test_support::fetch_reload;
using test_support::http_get;
using test_support::Reload;

namespace {

// The fixture live channel at 6x behind two nodes on one Redis; "suppressed" leaves
// breaks under way when a session starts unfilled.
struct LiveStack : test_support::TwoNodes {
  LiveStack() : TwoNodes(configurations(), "", {"--live-speed", "6"}) {}

  static std::string configurations() {
    const std::string common = R"("content_origin": "{fixtures}/live/", "slate_url": "{fixtures}/media/creatives/slate.mp4",
        "ad_decision_server": "{fixtures}/vast/pod.xml?session=[session.id]&duration=[session.avail_duration_secs]")";
    return "{\"live\": {" + common + "}, \"suppressed\": {" + common +
           R"(, "avail_suppression": {"mode": "behind_live_edge", "value_ms": 0}}, "short-plan": {)" + common +
           R"(, "unsignalled_break_ms": 20000}, "preroll": {)" + common +
           R"(, "live_preroll": {"ad_decision_server": "{fixtures}/vast/pod.xml?preroll=[session.id]", "max_duration_seconds": 20}}})";
  }
};

// Reloads a session's live playlist 28 times, half a second apart (14 s: more than a
// loop of the channel), from `url_of(n)`; each reload must continue the one before and an
// entry once served never changes. Answers every entry served, in order, with no hole.
std::vector<Entry> follow(const std::function<std::string(int)>& url_of) {
  std::map<std::int64_t, Entry> timeline;  // by media sequence number
  std::vector<Reload> reloads;
  for (int n = 0; n < 28; ++n) {
    reloads.push_back(fetch_reload(url_of(n)));
    REQUIRE_FALSE(reloads.back().endlist);
    if (reloads.size() > 1) check_continues(reloads[reloads.size() - 2], reloads.back());
    const auto& r = reloads.back();
    for (std::size_t i = 0; i < r.entries.size(); ++i) {
      auto [it, added] = timeline.emplace(r.media_sequence + static_cast<std::int64_t>(i), r.entries[i]);
      CHECK(it->second == r.entries[i]);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  REQUIRE_FALSE(timeline.empty());
  CHECK(timeline.rbegin()->first - timeline.begin()->first + 1 == static_cast<std::int64_t>(timeline.size()));
  std::vector<Entry> served;
  for (const auto& [msn, entry] : timeline) served.push_back(entry);
  return served;
}

}  // namespace

TEST_CASE("a live session reloaded from two nodes sharing redis stays consistent through its breaks") {
  LiveStack stack;
  const std::string master = stack.node_a->url() + "/v1/master/live/elemental/media/content/master.m3u8";
  const auto variants = test_support::variant_urls(master);
  REQUIRE(variants.size() == 2);
  const std::string on_a = variants[0];
  const std::string on_b = std::regex_replace(on_a, std::regex(stack.node_a->url()), stack.node_b->url());

  // 14 s: more than a loop of the channel (10 s at 6x), so at least one whole break.
  const auto served = follow([&](int n) { return n % 2 == 0 ? on_a : on_b; });

  // The timeline has no holes, and a whole break in it: the pod's two ads (15 s + 10 s)
  // and 5 s of slate between content with a discontinuity at each switch.
  const std::string shape = test_support::entry_kinds(served);
  INFO(shape);
  CHECK(shape.find("c|aaa|aa|sssss|c") != std::string::npos);
  // Both nodes read the live playlist from the origin through their own cache, not once
  // per reload: at most one fetch per node per half target duration (3 s), and a few more
  // for the master and the other variant.
  CHECK(stack.hits("/live/elemental/media/content/360p/index.m3u8") <= 2 * (14 / 3 + 2));
}

TEST_CASE("a player joining a live channel mid-break gets the rest of the pod, in every cue dialect") {
  LiveStack stack;
  for (const char* dialect : {"cue-out", "elemental", "daterange"}) {
    INFO(dialect);
    // The channel's breaks run from 4 s to 9 s into each 10 s loop (at 6x): wait for one.
    Reload first;
    bool joined_mid_break = false;
    for (int attempt = 0; attempt < 40 && !joined_mid_break; ++attempt) {
      const auto variants = test_support::variant_urls(stack.node_a->url() + "/v1/master/live/" + dialect +
                                                        "/media/content/master.m3u8");
      REQUIRE_FALSE(variants.empty());
      first = fetch_reload(variants[0]);
      // Anything but the pod's first segment (ad 0, segment 0) at the top.
      static const std::regex kAdSegment("^/v1/segment/[0-9a-f]+/[^/]+/([0-9]+)/[0-9]+/([0-9]+)\\.ts");
      std::smatch m;
      const std::string top = first.entries.empty() ? std::string{} : first.entries.front().uri;
      joined_mid_break = (std::regex_search(top, m, kAdSegment) && (m[1] != "0" || m[2] != "0")) ||
                         top.find("/slate/") != std::string::npos;
      if (!joined_mid_break) std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    REQUIRE(joined_mid_break);
    // The first entry is an ad segment other than the pod's first, marked as a new encoding.
    CHECK(first.entries.front().discontinuity);
  }
}

TEST_CASE("avail suppression: a break under way when the session starts stays content, the next one gets ads") {
  LiveStack stack;
  // Wait until the channel is inside a break, then start a session.
  const std::string origin = stack.fixtures->url() + "/live/cue-out/media/content/360p/index.m3u8";
  for (int attempt = 0; attempt < 60 && http_get(origin).body.find("#EXT-X-CUE-OUT-CONT") == std::string::npos; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const auto variants = test_support::variant_urls(stack.node_a->url() + "/v1/master/suppressed/cue-out/media/content/master.m3u8");
  REQUIRE_FALSE(variants.empty());
  const auto joined = http_get(variants[0]).body;
  CHECK(joined.find("#EXT-X-CUE-OUT-CONT") != std::string::npos);  // the break is there, as content
  CHECK(joined.find("/v1/segment/") == std::string::npos);
  // The next break (a loop is 10 s at 6x) starts after the session did: filled.
  bool filled = false;
  for (int attempt = 0; attempt < 30 && !filled; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    filled = http_get(variants[0]).body.find("/v1/segment/") != std::string::npos;
  }
  CHECK(filled);
}

TEST_CASE("a session kept playing outlives session_ttl_seconds, one left alone expires (410)") {
  test_support::TwoNodes nodes(R"({"live": {"content_origin": "{fixtures}/live/", "ad_decision_server": "{fixtures}/vast/empty.xml"}})",
                               R"("session_ttl_seconds": 2)");
  const auto variants = test_support::variant_urls(nodes.node_a->url() + "/v1/master/live/cue-out/media/content/master.m3u8");
  REQUIRE_FALSE(variants.empty());
  for (int n = 0; n < 6; ++n) {  // 4.8 s of a player reloading, on either node
    const auto url = n % 2 ? std::regex_replace(variants[0], std::regex(nodes.node_a->url()), nodes.node_b->url()) : variants[0];
    CHECK(http_get(url).status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  CHECK(http_get(variants[0]).status == 410);
}

TEST_CASE("live breaks no cue gives a length to: planned for the configured one, cut at the CUE-IN or the fill's end") {
  LiveStack stack;
  // The channel's breaks last 30 s of content. "live" plans an unsignalled one for 60 s
  // (the default): 25 s of ads and 35 s of slate, cut at the CUE-IN after 5 s of slate.
  // "short-plan" plans 20 s: the 10 s ad does not fit, 15 s of ads and 5 s of slate
  // fill it, and content resumes inside the break, 10 s before its CUE-IN.
  for (const auto& [config, expected] : {std::pair<std::string, std::string>{"live", "c|aaa|aa|sssss|c"},
                                         std::pair<std::string, std::string>{"short-plan", "c|aaa|sssss|c"}}) {
    INFO(config);
    const auto variants = test_support::variant_urls(stack.node_a->url() + "/v1/master/" + config +
                                                     "/unsignalled/media/content/master.m3u8");
    REQUIRE_FALSE(variants.empty());
    const std::string shape = test_support::entry_kinds(follow([&](int) { return variants[0]; }));
    INFO(shape);
    CHECK(shape.find(expected) != std::string::npos);
  }
}

TEST_CASE("live pre-roll: the ads that fit its maximum play from where the player joins, then content") {
  LiveStack stack;
  // "none": a channel without cues, so the pre-roll is the only break. Of the pod's
  // 15 s and 10 s ads only the first fits 20 s; it replaces the three 6 s segments the
  // player joins at (three target durations from the end), and content resumes.
  const auto variants = test_support::variant_urls(stack.node_a->url() + "/v1/master/preroll/none/media/content/master.m3u8");
  REQUIRE(variants.size() == 2);
  // The other variant's first playlist, as the session starts, already ends with it:
  // content (three segments, one fewer if the channel moved on meanwhile), then the ad.
  const auto joined = test_support::entry_kinds(fetch_reload(variants[1]).entries);
  INFO(joined);
  CHECK(std::regex_match(joined, std::regex("\\|?c\\|?c[c|]*\\|aaa(\\|c[c|]*)?")));
  const auto served = follow([&](int) { return variants[0]; });
  const std::string shape = test_support::entry_kinds(served);
  INFO(shape);
  CHECK(std::regex_match(shape, std::regex("c[c|]*\\|aaa\\|c[c|]*")));
  manifests::Ticks ads{};
  for (const auto& entry : served) ads += entry.uri.starts_with("/v1/segment/") ? entry.duration : manifests::Ticks{};
  CHECK(ads == manifests::Ticks{15 * 90000});
}

TEST_CASE("live pre-roll on a channel with breaks: every reload continues the one before, on either node") {
  LiveStack stack;
  const std::string master = stack.node_a->url() + "/v1/master/preroll/cue-out/media/content/master.m3u8";
  const auto variants = test_support::variant_urls(master);
  REQUIRE_FALSE(variants.empty());
  const std::string on_b = std::regex_replace(variants[0], std::regex(stack.node_a->url()), stack.node_b->url());
  const auto served = follow([&](int n) { return n % 2 == 0 ? variants[0] : on_b; });
  const std::string shape = test_support::entry_kinds(served);
  INFO(shape);
  // The pre-roll's ad comes first among the session's ads, whole, whatever break it met.
  std::smatch m;
  static const std::regex kAdSegment("^/v1/segment/[0-9a-f]+/([^/]+)/");
  std::vector<std::string> avails;
  for (const auto& entry : served) {
    if (std::regex_search(entry.uri, m, kAdSegment) && (avails.empty() || avails.back() != m[1])) avails.push_back(m[1]);
  }
  REQUIRE_FALSE(avails.empty());
  CHECK(avails.front() == "live-preroll");
  CHECK(std::count(avails.begin(), avails.end(), "live-preroll") == 1);
  CHECK(shape.find("|aaa|") != std::string::npos);
}

namespace {

// A value in the stack's redis-server, through redis-cli (as an operator would look).
std::string redis_get(const test_support::RedisServer& redis, const std::string& key) {
  const std::string command = "redis-cli -p " + std::to_string(redis.port()) + " --raw GET '" + key + "'";
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
    pclose(pipe);
  }
  if (out.ends_with('\n')) out.pop_back();  // redis-cli's own line end
  return out;
}

void redis_set(const test_support::RedisServer& redis, const std::string& key, const std::string& value) {
  const std::string command = "redis-cli -p " + std::to_string(redis.port()) + " -x SET '" + key + "' >/dev/null";
  FILE* pipe = popen(command.c_str(), "w");
  REQUIRE(pipe);
  fwrite(value.data(), 1, value.size(), pipe);
  REQUIRE(pclose(pipe) == 0);
}

}  // namespace

TEST_CASE("a live playlist a node serves again from memory gives way to a ledger another node wrote") {
  LiveStack stack;
  const auto variants = test_support::variant_urls(stack.node_a->url() + "/v1/master/live/elemental/media/content/master.m3u8");
  REQUIRE_FALSE(variants.empty());
  const auto first = fetch_reload(variants[0]);
  const auto again = fetch_reload(variants[0]);
  // The session's ledger for variant 0, as another node would leave it had it numbered
  // the session's playlist 1,000 further on.
  std::smatch session;
  REQUIRE(std::regex_search(variants[0], session, std::regex("/v1/manifest/([0-9a-f]+)/")));
  const std::string key = "live:" + session[1].str() + ":0";
  const std::string ledger = redis_get(stack.redis, key);
  REQUIRE(ledger.starts_with("L"));
  std::smatch header;
  REQUIRE(std::regex_search(ledger, header, std::regex("^(\\S+) (\\d+) ")));
  const std::int64_t numbered = std::stoll(header[2].str());
  redis_set(stack.redis, key, header[1].str() + " " + std::to_string(numbered + 1000) + " " + ledger.substr(header.length()));
  // Node A's next answer continues that ledger, not the playlist it wrote before.
  const auto after = fetch_reload(variants[0]);
  INFO("media sequence " << first.media_sequence << ", " << again.media_sequence << ", then " << after.media_sequence);
  CHECK(after.media_sequence >= again.media_sequence + 1000);
  CHECK(after.media_sequence <= again.media_sequence + 1000 + 2);  // the channel may have moved on a segment or two
}
