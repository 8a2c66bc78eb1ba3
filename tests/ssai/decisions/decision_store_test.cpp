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

// One node on a memory store, a session, and a break of it to decide.
struct OneNode {
  test_support::Loop loop;
  ssai::MemoryStore memory;
  Node node{memory};
  ssai::Session s = session();
  ssai::PlaybackConfiguration config;
  manifests::Avail a = avail("c1");
  ssai::BreakRequest request{a, 1};

  ssai::AvailDecision decide(ssai::DecisionStore& store, const ssai::BreakRequest& r) {
    return loop.await(store.decide_once(s, config, r));
  }
  // Two decisions of `r` asked at once, of `x` and of `y`.
  std::pair<ssai::AvailDecision, ssai::AvailDecision> at_once(ssai::DecisionStore& x, ssai::DecisionStore& y,
                                                              const ssai::BreakRequest& r) {
    auto both = [&]() -> asio::awaitable<std::pair<ssai::AvailDecision, ssai::AvailDecision>> {
      using namespace asio::experimental::awaitable_operators;
      auto [first, second] = co_await (x.decide_once(s, config, r) && y.decide_once(s, config, r));
      co_return std::pair{std::move(first), std::move(second)};
    };
    return loop.await(both());
  }
};

}  // namespace

TEST_CASE("decision store: a break is decided once, then read back, and reported once") {
  OneNode t;
  const auto first = t.decide(t.node.store, t.request);
  const auto again = t.decide(t.node.store, t.request);
  CHECK(t.node.ads.decisions == 1);
  CHECK(t.node.decided == 1);
  REQUIRE(first.ads.size() == 1);
  CHECK(again.ads.front().ad_id == first.ads.front().ad_id);
  const auto stored = t.loop.await(t.node.store.stored(t.s.id, "c1"));
  REQUIRE(stored);
  REQUIRE(*stored);
  CHECK((*stored)->avail_id == "c1");
  const auto none = t.loop.await(t.node.store.stored(t.s.id, "c2"));
  REQUIRE(none);
  CHECK_FALSE(*none);
}

TEST_CASE("decision store: renditions asking at once share one ad request") {
  OneNode t;
  const auto [x, y] = t.at_once(t.node.store, t.node.store, t.request);
  CHECK(t.node.ads.decisions == 1);
  CHECK(t.node.decided == 1);
  CHECK(x.ads.size() == 1);
  CHECK(y.ads.size() == 1);
}

TEST_CASE("decision store: another node's stored decision wins, and only its maker reports it") {
  OneNode t;
  Node other(t.memory);  // a second node on the same store
  other.ads.ad_id = "ad-from-other";
  t.decide(t.node.store, t.request);
  const auto from_other = t.decide(other.store, t.request);
  CHECK(other.ads.decisions == 0);  // read from the store, not asked again
  CHECK(from_other.ads.front().ad_id == "ad-1");

  // Both asking at once: each asks its ad server, the first answer stored wins everywhere.
  const auto c = avail("c2");
  const ssai::BreakRequest second{c, 2};
  const auto [x, y] = t.at_once(t.node.store, other.store, second);
  CHECK(x.ads.front().ad_id == y.ads.front().ad_id);
  CHECK(t.node.ads.decisions == 2);  // c1, and c2 at once with the other node
  CHECK(other.ads.decisions == 1);
  CHECK(t.node.decided + other.decided == 2);  // c1 by the first; c2 by whichever stored first only
}

TEST_CASE("decision store: a suppressed break is stored unfilled without an ad request") {
  OneNode t;
  t.request.live = true;
  t.request.suppressed = true;
  const auto decision = t.decide(t.node.store, t.request);
  CHECK(t.node.ads.decisions == 0);
  CHECK(decision.ads.empty());
  CHECK(decision.skip == ssai::SkipReason::kSuppressed);
  // Stored as such: the next reload does not ask either, even unsuppressed.
  t.request.suppressed = false;
  CHECK(t.decide(t.node.store, t.request).skip == ssai::SkipReason::kSuppressed);
  CHECK(t.node.ads.decisions == 0);
}

TEST_CASE("decision store: a session's VMAP is asked once, and its absence is stored too") {
  OneNode t;
  t.node.ads.vmap = "<vmap:VMAP/>";
  CHECK(t.loop.await(t.node.store.session_vmap(t.s, t.config)) == std::optional<std::string>("<vmap:VMAP/>"));
  CHECK(t.loop.await(t.node.store.session_vmap(t.s, t.config)) == std::optional<std::string>("<vmap:VMAP/>"));
  CHECK(t.node.ads.vmaps == 1);

  auto without = session();
  without.id = "fedcba9876543210fedcba9876543210";
  t.node.ads.vmap.reset();
  CHECK_FALSE(t.loop.await(t.node.store.session_vmap(without, t.config)));
  t.node.ads.vmap = "<vmap:VMAP/>";  // the ad server would answer now: the session keeps "none"
  CHECK_FALSE(t.loop.await(t.node.store.session_vmap(without, t.config)));
  CHECK(t.node.ads.vmaps == 2);
}
