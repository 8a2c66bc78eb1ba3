// The decision store on its own, in process: a memory store and an ad source that counts
// what it is asked (and can take its time, so that renditions ask at once).
#include "ssai/decision_store.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <catch2/catch.hpp>

#include "ssai/memory_store.hpp"
#include "support/loop.hpp"

namespace asio = boost::asio;
using manifests::Ticks;

namespace {

class CountingAds final : public ssai::AdSource {
 public:
  int decisions = 0;
  int vmaps = 0;
  std::string ad_id = "ad-1";
  std::optional<std::string> vmap;

  asio::awaitable<ssai::DecisionOutcome> decide(const ssai::Session&, const ssai::PlaybackConfiguration&,
                                                const ssai::BreakRequest& request) override {
    ++decisions;
    // An ad server that takes a moment: renditions asking meanwhile wait for this answer.
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(20));
    co_await timer.async_wait(asio::use_awaitable);
    ssai::DecisionOutcome outcome;
    outcome.decision.avail_id = request.avail.id;
    outcome.decision.capacity = request.avail.duration;
    outcome.decision.ads.push_back({"creative", ad_id, request.avail.duration});
    co_return outcome;
  }
  asio::awaitable<ssai::Result<std::string>> request_vmap(const ssai::Session&, const ssai::PlaybackConfiguration&) override {
    ++vmaps;
    if (!vmap) co_return ssai::fail(ssai::Errc::kAdsFailed, "no VMAP");
    co_return *vmap;
  }
};

struct Node {
  CountingAds ads;
  int decided = 0;  ///< on_decided calls: the decisions this node made and reported
  ssai::DecisionStore store;

  explicit Node(ssai::Store& shared)
      : store(shared, ads, [](const ssai::PlaybackConfiguration&) { return std::chrono::seconds(3600); },
              [this](const ssai::Session&, const ssai::PlaybackConfiguration&, ssai::DecisionOutcome&) -> asio::awaitable<void> {
                ++decided;
                co_return;
              }) {}
};

ssai::Session session() {
  ssai::Session s;
  s.id = "0123456789abcdef0123456789abcdef";
  s.config = "demo";
  return s;
}

manifests::Avail avail(const std::string& id) {
  manifests::Avail a;
  a.id = id;
  a.first_segment = 4;
  a.end_segment = 9;
  a.duration = a.content_duration = Ticks{30 * 90000};
  return a;
}

}  // namespace

TEST_CASE("decision store: a break is decided once, then read back, and reported once") {
  test_support::Loop loop;
  ssai::MemoryStore memory;
  Node node(memory);
  const auto s = session();
  const ssai::PlaybackConfiguration config;
  const auto a = avail("c1");
  const ssai::BreakRequest request{a, 1};
  const auto first = loop.await(node.store.decide_once(s, config, request));
  const auto again = loop.await(node.store.decide_once(s, config, request));
  CHECK(node.ads.decisions == 1);
  CHECK(node.decided == 1);
  REQUIRE(first.ads.size() == 1);
  CHECK(again.ads.front().ad_id == first.ads.front().ad_id);
  const auto stored = loop.await(node.store.stored(s.id, "c1"));
  REQUIRE(stored);
  REQUIRE(*stored);
  CHECK((*stored)->avail_id == "c1");
  const auto none = loop.await(node.store.stored(s.id, "c2"));
  REQUIRE(none);
  CHECK_FALSE(*none);
}

TEST_CASE("decision store: renditions asking at once share one ad request") {
  test_support::Loop loop;
  ssai::MemoryStore memory;
  Node node(memory);
  const auto s = session();
  const ssai::PlaybackConfiguration config;
  const auto a = avail("c1");
  const ssai::BreakRequest request{a, 1};
  auto both = [&]() -> asio::awaitable<std::pair<ssai::AvailDecision, ssai::AvailDecision>> {
    using namespace asio::experimental::awaitable_operators;
    auto [x, y] = co_await (node.store.decide_once(s, config, request) && node.store.decide_once(s, config, request));
    co_return std::pair{std::move(x), std::move(y)};
  };
  const auto [x, y] = loop.await(both());
  CHECK(node.ads.decisions == 1);
  CHECK(node.decided == 1);
  CHECK(x.ads.size() == 1);
  CHECK(y.ads.size() == 1);
}

TEST_CASE("decision store: another node's stored decision wins, and only its maker reports it") {
  test_support::Loop loop;
  ssai::MemoryStore shared;
  Node a_node(shared);
  Node b_node(shared);
  b_node.ads.ad_id = "ad-from-b";
  const auto s = session();
  const ssai::PlaybackConfiguration config;
  const auto a = avail("c1");
  const ssai::BreakRequest request{a, 1};
  const auto from_a = loop.await(a_node.store.decide_once(s, config, request));
  const auto from_b = loop.await(b_node.store.decide_once(s, config, request));
  CHECK(b_node.ads.decisions == 0);  // read from the store, not asked again
  CHECK(from_b.ads.front().ad_id == "ad-1");

  // Both asking at once: each asks its ad server, the first answer stored wins everywhere.
  const auto c = avail("c2");
  const ssai::BreakRequest second{c, 2};
  auto both = [&]() -> asio::awaitable<std::pair<ssai::AvailDecision, ssai::AvailDecision>> {
    using namespace asio::experimental::awaitable_operators;
    auto [x, y] = co_await (a_node.store.decide_once(s, config, second) && b_node.store.decide_once(s, config, second));
    co_return std::pair{std::move(x), std::move(y)};
  };
  const auto [x, y] = loop.await(both());
  CHECK(x.ads.front().ad_id == y.ads.front().ad_id);
  CHECK(a_node.ads.decisions == 2);  // c1, and c2 at once with b
  CHECK(b_node.ads.decisions == 1);
  CHECK(a_node.decided + b_node.decided == 2);  // c1 by a; c2 by whichever stored first only
}

TEST_CASE("decision store: a suppressed break is stored unfilled without an ad request") {
  test_support::Loop loop;
  ssai::MemoryStore memory;
  Node node(memory);
  const auto s = session();
  const ssai::PlaybackConfiguration config;
  const auto a = avail("c1");
  ssai::BreakRequest request{a, 1};
  request.live = true;
  request.suppressed = true;
  const auto decision = loop.await(node.store.decide_once(s, config, request));
  CHECK(node.ads.decisions == 0);
  CHECK(decision.ads.empty());
  CHECK(decision.skip == ssai::SkipReason::kSuppressed);
  // Stored as such: the next reload does not ask either, even unsuppressed.
  request.suppressed = false;
  CHECK(loop.await(node.store.decide_once(s, config, request)).skip == ssai::SkipReason::kSuppressed);
  CHECK(node.ads.decisions == 0);
}

TEST_CASE("decision store: a session's VMAP is asked once, and its absence is stored too") {
  test_support::Loop loop;
  ssai::MemoryStore memory;
  Node node(memory);
  const ssai::PlaybackConfiguration config;
  auto with = session();
  node.ads.vmap = "<vmap:VMAP/>";
  CHECK(loop.await(node.store.session_vmap(with, config)) == std::optional<std::string>("<vmap:VMAP/>"));
  CHECK(loop.await(node.store.session_vmap(with, config)) == std::optional<std::string>("<vmap:VMAP/>"));
  CHECK(node.ads.vmaps == 1);

  auto without = session();
  without.id = "fedcba9876543210fedcba9876543210";
  node.ads.vmap.reset();
  CHECK_FALSE(loop.await(node.store.session_vmap(without, config)));
  node.ads.vmap = "<vmap:VMAP/>";  // the ad server would answer now: the session keeps "none"
  CHECK_FALSE(loop.await(node.store.session_vmap(without, config)));
  CHECK(node.ads.vmaps == 2);
}
