// One contract for every conditioning JobStore: the memory store and Redis (a real
// redis-server on a free loopback port) pass the same tests. Redis keeps time with its
// own clock, so lease expiry is real time here, with short leases.
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "adcache/job_store.hpp"
#include "ssai/redis_job_store.hpp"
#include "support/redis_server.hpp"

using namespace std::chrono_literals;
using adcache::JobState;

namespace {

struct MemoryJobs {
  static constexpr const char* kName = "memory";
  adcache::MemoryJobStore store;
};

struct RedisJobs {
  static constexpr const char* kName = "redis";
  test_support::RedisServer server;
  ssai::RedisJobStore store{*ssai::parse_redis_url(server.url())};
};

adcache::ConditioningJob job(const std::string& key) { return {key, "http://cdn/" + key + ".mp4", "http://o/master.m3u8", false, ""}; }

// `key` submitted, taken by worker w1 and finished with `result`.
template <class Store>
void run_to_the_end(Store& store, const std::string& key, const adcache::JobOutcome& result) {
  (void)store.submit(job(key));
  REQUIRE(*store.take("w1", 10s));
  REQUIRE(*store.finish(key, "w1", result));
}

}  // namespace

TEMPLATE_TEST_CASE("job store: a creative submitted many times is one pending job", "[jobs]", MemoryJobs, RedisJobs) {
  TestType fixture;
  auto& store = fixture.store;
  CHECK(*store.status("a") == std::nullopt);
  for (int i = 0; i < 5; ++i) CHECK(store.submit(job("a"))->state == JobState::kPending);
  auto first = store.take("w1", 10s);
  REQUIRE(first);
  REQUIRE(*first);
  CHECK((*first)->job.key == "a");
  CHECK((*first)->job.media_url == "http://cdn/a.mp4");
  CHECK((*first)->job.ladder_url == "http://o/master.m3u8");
  CHECK((*first)->attempt == 1);
  CHECK(*store.take("w2", 10s) == std::nullopt);  // the other queue entries were duplicates
  auto status = **store.status("a");
  CHECK(status.state == JobState::kConditioning);
  CHECK(status.worker == "w1");
  CHECK(store.submit(job("a"))->state == JobState::kConditioning);  // running: not queued again
  CHECK(*store.finish("a", "w1", {true, "", 0ms}));
  CHECK(store.submit(job("a"))->state == JobState::kReady);
  CHECK(*store.take("w2", 10s) == std::nullopt);
}

TEMPLATE_TEST_CASE("job store: jobs are taken in submit order, each by one worker", "[jobs]", MemoryJobs, RedisJobs) {
  TestType fixture;
  auto& store = fixture.store;
  for (const char* key : {"k1", "k2", "k3"}) (void)store.submit(job(key));
  std::set<std::string> taken;
  std::vector<std::string> order;
  for (const char* worker : {"w1", "w2", "w3"}) {
    auto leased = store.take(worker, 10s);
    REQUIRE(*leased);
    order.push_back((*leased)->job.key);
    taken.insert((*leased)->job.key);
  }
  CHECK(order == std::vector<std::string>{"k1", "k2", "k3"});
  CHECK(taken.size() == 3);
  CHECK(*store.take("w4", 10s) == std::nullopt);
}

TEMPLATE_TEST_CASE("job store: the depth counts pending and leased jobs, each once", "[jobs]", MemoryJobs, RedisJobs) {
  TestType fixture;
  auto& store = fixture.store;
  CHECK(store.depth()->pending == 0);
  for (const char* key : {"k1", "k2", "k3", "k1"}) (void)store.submit(job(key));
  auto depth = store.depth();
  REQUIRE(depth);
  CHECK(depth->pending == 3);
  CHECK(depth->conditioning == 0);
  REQUIRE(*store.take("w1", 10s));
  depth = store.depth();
  CHECK(depth->pending == 2);
  CHECK(depth->conditioning == 1);
  REQUIRE(store.forget("k2"));
  CHECK(store.depth()->pending == 1);
}

TEMPLATE_TEST_CASE("job store: a lease that runs out gives the job to another worker", "[jobs]", MemoryJobs, RedisJobs) {
  TestType fixture;
  auto& store = fixture.store;
  (void)store.submit(job("slow"));
  REQUIRE(*store.take("dead-worker", 150ms));
  CHECK(*store.take("w2", 10s) == std::nullopt);  // still leased
  std::this_thread::sleep_for(250ms);
  auto again = store.take("w2", 10s);
  REQUIRE(*again);
  CHECK((*again)->job.key == "slow");
  CHECK((*again)->attempt == 2);
  // The worker that was presumed dead cannot renew or overwrite the new worker's job.
  CHECK_FALSE(*store.renew("slow", "dead-worker", 10s));
  CHECK_FALSE(*store.finish("slow", "dead-worker", {false, "late", 1s}));
  CHECK((*store.status("slow"))->worker == "w2");
  CHECK(*store.finish("slow", "w2", {true, "", 0ms}));
  CHECK((*store.status("slow"))->state == JobState::kReady);
  CHECK((*store.status("slow"))->attempts == 2);
}

TEMPLATE_TEST_CASE("job store: renewing keeps a long job its worker's", "[jobs]", MemoryJobs, RedisJobs) {
  TestType fixture;
  auto& store = fixture.store;
  (void)store.submit(job("long"));
  REQUIRE(*store.take("w1", 200ms));
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(100ms);
    CHECK(*store.renew("long", "w1", 200ms));
  }
  CHECK(*store.take("w2", 10s) == std::nullopt);
  CHECK((*store.status("long"))->worker == "w1");
}

TEMPLATE_TEST_CASE("job store: a failure says why and is queued again only after its backoff", "[jobs]", MemoryJobs, RedisJobs) {
  TestType fixture;
  auto& store = fixture.store;
  run_to_the_end(store, "bad", {false, "cannot download: HTTP 404", 300ms});
  auto status = *store.submit(job("bad"));
  CHECK(status.state == JobState::kFailed);
  CHECK(status.reason == "cannot download: HTTP 404");
  CHECK(*store.take("w1", 10s) == std::nullopt);
  std::this_thread::sleep_for(400ms);
  CHECK(store.submit(job("bad"))->state == JobState::kPending);
  auto retried = store.take("w1", 10s);
  REQUIRE(*retried);
  CHECK((*retried)->attempt == 2);
}

TEMPLATE_TEST_CASE("job store: a forgotten job is queued afresh", "[jobs]", MemoryJobs, RedisJobs) {
  TestType fixture;
  auto& store = fixture.store;
  run_to_the_end(store, "evicted", {true, "", 0ms});
  REQUIRE(store.forget("evicted"));
  CHECK(*store.status("evicted") == std::nullopt);
  CHECK(store.submit(job("evicted"))->state == JobState::kPending);
  CHECK((*store.take("w1", 10s))->attempt == 1);
}

TEMPLATE_TEST_CASE("job store: 200 concurrent submits of one creative from 4 threads make one job", "[jobs]", MemoryJobs, RedisJobs) {
  TestType fixture;
  auto& store = fixture.store;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store] {
      for (int i = 0; i < 50; ++i) (void)store.submit(job("hot"));
    });
  }
  for (auto& t : threads) t.join();
  REQUIRE(*store.take("w1", 10s));
  CHECK(*store.take("w2", 10s) == std::nullopt);
}

TEST_CASE("redis job store: an outage is an error, not a hang, and it reconnects") {
  test_support::RedisServer server;
  ssai::RedisJobStore store(*ssai::parse_redis_url(server.url()));
  REQUIRE(store.submit(job("x")));
  server.stop();
  const auto started = std::chrono::steady_clock::now();
  auto failed = store.submit(job("y"));
  CHECK_FALSE(failed);
  CHECK(failed.error().code == adcache::Errc::kStoreUnavailable);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  server.start();
  CHECK(store.submit(job("y")));  // a fresh redis-server: no persistence, so y is new
}
