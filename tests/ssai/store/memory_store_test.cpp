// The embedded store's bound: least recently used entries go first, and only those
// unused for a minute; when everything is in use a write fails as unavailable.
#include <catch2/catch.hpp>

#include "ssai/memory_store.hpp"
#include "ssai/session_window.hpp"
#include "support/loop.hpp"

using namespace std::chrono_literals;

TEST_CASE("memory store: bounded in bytes, least recently used first, 503 when all is in use", "[store]") {
  test_support::Loop loop;
  ssai::ManualClock now;
  ssai::MemoryStore store(now, 100 * 1024);
  const std::string value(1000, 'v');
  auto set = [&](const std::string& key) { return loop.await(store.set(key, value, 4h)).has_value(); };
  auto has = [&](const std::string& key) { return loop.await(store.get(key)).value().has_value(); };
  // Two generations of sessions, 30 s apart, fill it (about 90 in all).
  for (int i = 0; i < 45; ++i) REQUIRE(set("old:" + std::to_string(i)));
  now.advance(30s);
  int young = 0;
  while (young < 100 && set("young:" + std::to_string(young))) ++young;
  CHECK(young > 20);
  CHECK(young < 60);
  CHECK(store.bytes() <= 100 * 1024);
  // Nothing unused for a minute yet: full means full.
  auto refused = loop.await(store.set("new:0", value, 4h));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ssai::Errc::kUnavailable);

  // 75 s after the first generation, 45 s after the second: the first may go, least
  // recently used first, except a session that was just used.
  now.advance(45s);
  REQUIRE(loop.await(store.touch("old:0", 4h)));
  REQUIRE(set("new:0"));
  CHECK(has("old:0"));
  int old_left = 0;
  for (int i = 0; i < 45; ++i) old_left += has("old:" + std::to_string(i));
  CHECK(old_left < 45);
  CHECK(old_left > 30);  // a tenth was freed, not the whole generation
  for (int i = 0; i < young; ++i) CHECK(has("young:" + std::to_string(i)));
  // Writing on takes the rest of the first generation, never the second.
  int added = 1;
  while (added < 100 && set("new:" + std::to_string(added))) ++added;
  CHECK(added > 30);
  CHECK(added < 100);
  for (int i = 0; i < young; ++i) CHECK(has("young:" + std::to_string(i)));
  CHECK(has("old:0"));

  // Expired entries are dropped before anything in use.
  ssai::MemoryStore short_lived(now, 10 * 1024);
  for (int i = 0; i < 9; ++i) REQUIRE(loop.await(short_lived.set("k" + std::to_string(i), value, 10s)));
  now.advance(11s);
  REQUIRE(loop.await(short_lived.set("fresh", value, 10s)));
  CHECK(short_lived.size() == 1);
  loop.stop();
}

TEST_CASE("session window: a configuration's sessions within one TTL, capped", "[store]") {
  ssai::SessionWindow window;
  const auto now = std::chrono::steady_clock::time_point{} + 1h;
  CHECK(window.admit("a", 2, 60s, now));
  CHECK(window.admit("a", 2, 60s, now + 10s));
  CHECK_FALSE(window.admit("a", 2, 60s, now + 20s));
  CHECK(window.admit("b", 2, 60s, now + 20s));  // each configuration its own
  CHECK(window.admit("a", 0, 60s, now + 20s));  // no cap
  CHECK(window.admit("a", 2, 60s, now + 61s));  // the first has aged out
  CHECK_FALSE(window.admit("a", 2, 60s, now + 62s));
}
