#include "ssai/memory_store.hpp"

#include <catch2/catch.hpp>

#include "support/run.hpp"

using namespace std::chrono_literals;
using test_support::run;

TEST_CASE("memory store: get, set, expiry") {
  auto now = std::chrono::steady_clock::time_point{};
  ssai::MemoryStore store([&] { return now; });
  CHECK_FALSE(*run(store.get("k")));
  REQUIRE(run(store.set("k", "v", 10s)));
  CHECK(*run(store.get("k")) == "v");
  now += 11s;
  CHECK_FALSE(*run(store.get("k")));
}

TEST_CASE("memory store: set_if_absent keeps the first writer's value") {
  auto now = std::chrono::steady_clock::time_point{};
  ssai::MemoryStore store([&] { return now; });
  CHECK(*run(store.set_if_absent("d", "first", 10s)) == "first");
  CHECK(*run(store.set_if_absent("d", "second", 10s)) == "first");
  now += 11s;  // an expired value no longer wins
  CHECK(*run(store.set_if_absent("d", "third", 10s)) == "third");
}
