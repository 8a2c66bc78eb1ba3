// SessionCache: one store read serves a node's requests for a second, an expired session
// is told apart from one never issued, and a watched session is kept alive, at most every
// quarter of its TTL. Time is a ManualClock: nothing here sleeps.
#include <catch2/catch.hpp>

#include "ssai/memory_store.hpp"
#include "ssai/session_cache.hpp"
#include "support/counting_store.hpp"
#include "support/loop.hpp"

using namespace std::chrono_literals;

namespace {

struct Fixture {
  test_support::Loop loop;
  ssai::ManualClock clock;
  ssai::MemoryStore memory{clock};
  test_support::CountingStore store{memory};
  ssai::SessionCache cache{store, clock};

  ssai::Session saved(std::chrono::seconds ttl) {
    ssai::Session session;
    session.id = ssai::new_session_id();
    session.config = "demo";
    session.master_url = "http://origin.example/content/master.m3u8";
    REQUIRE(loop.await(cache.save(session, ssai::to_json(session), ttl)));
    return session;
  }
};

}  // namespace

TEST_CASE("session cache: one store read serves the node for a second, then it asks again", "[sessions]") {
  Fixture f;
  const auto session = f.saved(1h);
  auto first = f.loop.await(f.cache.load(session.id));
  REQUIRE(first);
  CHECK((*first)->master_url == session.master_url);
  const int reads = f.store.gets;
  auto again = f.loop.await(f.cache.load(session.id));
  REQUIRE(again);
  CHECK(*again == *first);  // the same object, not a copy
  CHECK(f.store.gets == reads);
  f.clock.advance(ssai::SessionCache::kRecheck);
  REQUIRE(f.loop.await(f.cache.load(session.id)));
  CHECK(f.store.gets == reads + 1);
}

TEST_CASE("session cache: expired is 410 (gone), never issued is 404, a store that cannot tell is 503", "[sessions]") {
  Fixture f;
  const auto session = f.saved(2s);
  REQUIRE(f.loop.await(f.cache.load(session.id)));
  f.clock.advance(3s);
  auto expired = f.loop.await(f.cache.load(session.id));
  REQUIRE_FALSE(expired);
  CHECK(expired.error().code == ssai::Errc::kGone);

  auto unknown = f.loop.await(f.cache.load(ssai::new_session_id()));
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code == ssai::Errc::kNotFound);
  auto malformed = f.loop.await(f.cache.load("../../etc/passwd"));
  REQUIRE_FALSE(malformed);
  CHECK(malformed.error().code == ssai::Errc::kNotFound);

  // Read a moment ago, but the store is down now: not served from memory either.
  const auto other = f.saved(1h);
  REQUIRE(f.loop.await(f.cache.load(other.id)));
  f.store.down = true;
  auto unavailable = f.loop.await(f.cache.load(other.id));
  REQUIRE_FALSE(unavailable);
  CHECK(unavailable.error().code == ssai::Errc::kUnavailable);
}

TEST_CASE("session cache: a watched session outlives its TTL, touched at most every quarter of it", "[sessions]") {
  Fixture f;
  const auto session = f.saved(8s);
  // A player asks every second for 30 s: four times its TTL.
  for (int second = 0; second < 30; ++second) {
    f.loop.await(f.cache.keep_alive(session, 8s));
    auto loaded = f.loop.await(f.cache.load(session.id));
    INFO("second " << second);
    REQUIRE(loaded);
    f.clock.advance(1s);
  }
  // Every 2 s (a quarter of 8 s), two keys each time (the session and its issued mark).
  CHECK(f.store.touches == 2 * 15);
  // It stops asking: gone after its TTL, and told as expired.
  f.clock.advance(9s);
  auto expired = f.loop.await(f.cache.load(session.id));
  REQUIRE_FALSE(expired);
  CHECK(expired.error().code == ssai::Errc::kGone);
}
