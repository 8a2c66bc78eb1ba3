// One contract for every Store: the embedded memory store and Redis (a real
// redis-server on a free loopback port) pass the same tests.
#include <catch2/catch.hpp>
#include <future>
#include <mutex>
#include <set>
#include <thread>


#include "ssai/memory_store.hpp"
#include "ssai/redis_store.hpp"
#include "support/loop.hpp"
#include "support/redis_server.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

using test_support::Loop;

struct MemoryFixture {
  static constexpr const char* kName = "memory";
  Loop loop;
  ssai::ManualClock clock;
  ssai::MemoryStore store{clock};
  void let_expire(std::chrono::seconds ttl) { clock.advance(ttl + 1s); }
};

struct RedisFixture {
  static constexpr const char* kName = "redis";
  test_support::RedisServer server;
  Loop loop;
  ssai::RedisStore store{loop.io().get_executor(), *ssai::parse_redis_url(server.url())};
  RedisFixture() { wait_connected(); }
  // The store is destroyed with the loop stopped, as its contract asks.
  ~RedisFixture() { loop.stop(); }
  void wait_connected() {
    for (int i = 0; i < 200 && !store.connected(); ++i) std::this_thread::sleep_for(10ms);
    REQUIRE(store.connected());
  }
  void let_expire(std::chrono::seconds ttl) { std::this_thread::sleep_for(ttl + 200ms); }
};

}  // namespace

TEMPLATE_TEST_CASE("store contract: get and set", "[store]", MemoryFixture, RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  CHECK_FALSE(*f.loop.await(f.store.get("missing")));
  REQUIRE(f.loop.await(f.store.set("k", "v1", 60s)));
  CHECK(*f.loop.await(f.store.get("k")) == "v1");
  REQUIRE(f.loop.await(f.store.set("k", "v2", 60s)));
  CHECK(*f.loop.await(f.store.get("k")) == "v2");
  // Values are bytes: JSON, quotes, NULs, and large ones (a stored decision can be big).
  std::string odd("a\0b\"\r\n{}\xff", 10);
  REQUIRE(f.loop.await(f.store.set("odd", odd, 60s)));
  CHECK(*f.loop.await(f.store.get("odd")) == odd);
  const std::string large(1 << 20, 'x');
  REQUIRE(f.loop.await(f.store.set("large", large, 60s)));
  CHECK(f.loop.await(f.store.get("large"))->value().size() == large.size());
}

TEMPLATE_TEST_CASE("store contract: keys expire", "[store]", MemoryFixture, RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  REQUIRE(f.loop.await(f.store.set("k", "v", 1s)));
  CHECK(f.loop.await(f.store.set_if_absent("d", "first", 1s)).value() == "first");
  f.let_expire(1s);
  CHECK_FALSE(*f.loop.await(f.store.get("k")));
  // An expired value no longer wins.
  CHECK(f.loop.await(f.store.set_if_absent("d", "second", 1s)).value() == "second");
}

TEMPLATE_TEST_CASE("store contract: touch keeps a key for another ttl, and does not bring one back", "[store]", MemoryFixture,
                   RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  REQUIRE(f.loop.await(f.store.set("k", "v", 1s)));
  REQUIRE(f.loop.await(f.store.touch("k", 60s)));
  REQUIRE(f.loop.await(f.store.touch("never-set", 60s)));
  f.let_expire(1s);
  CHECK(*f.loop.await(f.store.get("k")) == "v");
  CHECK_FALSE(*f.loop.await(f.store.get("never-set")));
}

TEMPLATE_TEST_CASE("store contract: lists keep their order and expire as a whole", "[store]", MemoryFixture, RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  CHECK(f.loop.await(f.store.list("l"))->empty());
  for (const char* item : {"c1", "c2", "v\"3\""}) REQUIRE(f.loop.await(f.store.append("l", item, 1s)));
  CHECK(*f.loop.await(f.store.list("l")) == std::vector<std::string>{"c1", "c2", "v\"3\""});
  f.let_expire(1s);
  CHECK(f.loop.await(f.store.list("l"))->empty());
  REQUIRE(f.loop.await(f.store.append("l", "after", 60s)));
  CHECK(*f.loop.await(f.store.list("l")) == std::vector<std::string>{"after"});
}

TEMPLATE_TEST_CASE("store contract: set_if_absent has one winner among concurrent writers", "[store]", MemoryFixture,
                   RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  CHECK(f.loop.await(f.store.set_if_absent("d", "first", 60s)).value() == "first");
  CHECK(f.loop.await(f.store.set_if_absent("d", "second", 60s)).value() == "first");
  // 200 writers at once, from two threads: all continue with the same value.
  std::vector<std::future<ssai::Result<std::string>>> answers;
  std::vector<std::thread> threads;
  std::mutex mutex;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        auto answer = asio::co_spawn(f.loop.io(), f.store.set_if_absent("race", "w" + std::to_string(t * 100 + i), 60s),
                                     asio::use_future);
        std::lock_guard lock(mutex);
        answers.push_back(std::move(answer));
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> winners;
  for (auto& answer : answers) winners.insert(answer.get().value());
  CHECK(winners.size() == 1);
  CHECK(*f.loop.await(f.store.get("race")) == *winners.begin());
}

TEST_CASE("redis store: pipelined commands, an outage fails fast, and the store reconnects") {
  RedisFixture f;
  // Many commands in flight on one connection.
  std::vector<std::future<ssai::Result<void>>> writes;
  for (int i = 0; i < 1000; ++i) {
    writes.push_back(asio::co_spawn(f.loop.io(), f.store.set("k" + std::to_string(i), std::to_string(i), 60s), asio::use_future));
  }
  for (auto& w : writes) REQUIRE(w.get());
  CHECK(*f.loop.await(f.store.get("k999")) == "999");

  f.server.stop();
  const auto started = std::chrono::steady_clock::now();
  auto during = f.loop.await(f.store.get("k1"));
  REQUIRE_FALSE(during);
  CHECK(during.error().code == ssai::Errc::kUnavailable);
  // Bounded: the command timeout (500 ms) at most, not a hang.
  CHECK(std::chrono::steady_clock::now() - started < 1s);
  for (int i = 0; i < 100 && f.store.connected(); ++i) std::this_thread::sleep_for(10ms);
  CHECK_FALSE(f.store.connected());

  f.server.start();  // same port, empty (no persistence)
  f.wait_connected();
  CHECK(f.loop.await(f.store.set("after", "yes", 60s)));
  CHECK(*f.loop.await(f.store.get("after")) == "yes");
}

TEST_CASE("redis URLs") {
  auto o = ssai::parse_redis_url("redis://10.0.0.5:6380");
  REQUIRE(o);
  CHECK(o->host == "10.0.0.5");
  CHECK(o->port == 6380);
  CHECK(ssai::parse_redis_url("redis://cache")->port == 6379);
  CHECK_FALSE(ssai::parse_redis_url("http://cache:6379"));
  CHECK_FALSE(ssai::parse_redis_url("redis://cache:99999"));
  CHECK_FALSE(ssai::parse_redis_url("redis://:6379"));
}
