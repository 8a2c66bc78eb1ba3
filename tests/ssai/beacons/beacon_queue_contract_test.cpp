// One contract for every BeaconQueue: the memory queue and Redis's (a real redis-server
// on a free loopback port) pass the same tests.
#include <catch2/catch.hpp>
#include <thread>

#include "ssai/memory_beacon_queue.hpp"
#include "ssai/redis_beacon_queue.hpp"
#include "support/loop.hpp"
#include "support/redis_server.hpp"

using namespace std::chrono_literals;
using test_support::Loop;

namespace {

constexpr auto kLease = 1500ms;

struct MemoryFixture {
  static constexpr const char* kName = "memory";
  Loop loop;
  ssai::MemoryBeaconQueue queue{kLease};
  std::int64_t clock = ssai::unix_ms();
  std::int64_t now() const { return clock; }
  void wait(std::chrono::milliseconds ms) { clock += ms.count(); }
};

struct RedisFixture {
  static constexpr const char* kName = "redis";
  test_support::RedisServer server;
  Loop loop;
  ssai::RedisStore store{loop.io().get_executor(), *ssai::parse_redis_url(server.url())};
  ssai::RedisBeaconQueue queue{store, kLease};
  RedisFixture() {
    for (int i = 0; i < 200 && !store.connected(); ++i) std::this_thread::sleep_for(10ms);
    REQUIRE(store.connected());
  }
  ~RedisFixture() { loop.stop(); }  // the store goes with the loop stopped
  std::int64_t now() const { return ssai::unix_ms(); }
  // Redis measures leases by its own clock: real time passes.
  void wait(std::chrono::milliseconds ms) { std::this_thread::sleep_for(ms); }
};

ssai::AdEvent event(const std::string& session, const std::string& name, std::int64_t due_ms, int urls = 1,
                    const std::string& ad_serving_id = "") {
  ssai::AdEvent e;
  e.session = session;
  e.keep = 60s;
  e.dedupe_keys = {"beacon:" + session + ":a1:0:" + name};
  if (!ad_serving_id.empty()) e.dedupe_keys.push_back("adserving:" + ad_serving_id + ":" + name);
  for (int i = 0; i < urls; ++i) {
    ssai::Beacon b;
    b.id = session + ":a1:0:" + name + ":" + std::to_string(i);
    b.session = session;
    b.avail = "a1";
    b.event = name;
    b.url = "http://127.0.0.1:9/track/" + name + "?n=" + std::to_string(i);
    b.due_ms = due_ms;
    b.give_up_ms = due_ms + 60'000;
    b.keep = 60s;
    e.beacons.push_back(b);
  }
  e.analytics = R"({"event":")" + name + R"("})";
  ssai::Beacon bare;
  bare.id = session + ":a1:0:" + name;
  bare.session = session;
  bare.event = name;
  e.duplicate_record = ssai::audit_record(bare, "duplicate", due_ms);
  return e;
}

template <class F>
std::vector<bool> record(F& f, std::vector<ssai::AdEvent> events) {
  auto fired = f.loop.await(f.queue.record(std::move(events), f.now()));
  REQUIRE(fired);
  return *fired;
}

template <class F>
std::vector<ssai::TakenBeacon> take(F& f, const std::string& consumer, std::size_t max = 100) {
  auto taken = f.loop.await(f.queue.take(consumer, max, f.now()));
  REQUIRE(taken);
  return *taken;
}

template <class F>
void settle(F& f, ssai::TakenBeacon taken, ssai::Settlement::Kind kind, std::optional<ssai::Beacon> retry = {}) {
  ssai::Settlement s;
  s.kind = kind;
  s.retry = std::move(retry);
  s.audit_record = ssai::audit_record(taken.beacon, kind == ssai::Settlement::Kind::kSent ? "sent" : "retry", f.now());
  REQUIRE(f.loop.await(f.queue.settle(std::move(taken), std::move(s))));
}

std::vector<std::string> states(const std::vector<std::string>& audit) {
  std::vector<std::string> out;
  for (const auto& record : audit) {
    const auto at = record.find("\"state\":\"");
    out.push_back(record.substr(at + 9, record.find('"', at + 9) - at - 9));
  }
  return out;
}

}  // namespace

TEMPLATE_TEST_CASE("beacon queue contract: an event is recorded once, its beacons taken once", "[beacons]", MemoryFixture,
                   RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  CHECK(record(f, {event("s1", "impression", f.now(), 2), event("s1", "start", f.now())}) == std::vector<bool>{true, true});
  // The player fetched the segment again, or another node saw the same fetch.
  CHECK(record(f, {event("s1", "impression", f.now(), 2)}) == std::vector<bool>{false});
  auto taken = take(f, "node-a");
  REQUIRE(taken.size() == 3);
  CHECK(taken[0].beacon.url == "http://127.0.0.1:9/track/impression?n=0");
  CHECK(take(f, "node-b").empty());  // leased to node-a
  for (auto& t : taken) settle(f, std::move(t), ssai::Settlement::Kind::kSent);
  f.wait(kLease + 500ms);
  CHECK(take(f, "node-b").empty());  // settled: gone for good
  auto audit = f.loop.await(f.queue.audit("s1"));
  REQUIRE(audit);
  CHECK(states(*audit) == std::vector<std::string>{"queued", "queued", "queued", "duplicate", "sent", "sent", "sent"});
  CHECK(f.loop.await(f.queue.audit("nobody"))->empty());
}

TEMPLATE_TEST_CASE("beacon queue contract: an AdServingId's event fires once across sessions", "[beacons]",
                   MemoryFixture, RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  CHECK(record(f, {event("s1", "impression", f.now(), 1, "asid-1")}) == std::vector<bool>{true});
  CHECK(record(f, {event("s2", "impression", f.now(), 1, "asid-1")}) == std::vector<bool>{false});
  CHECK(record(f, {event("s2", "impression", f.now(), 1, "asid-2")}) == std::vector<bool>{true});
  auto at = f.loop.await(f.queue.fired_at("beacon:s1:a1:0:impression"));
  REQUIRE(at);
  REQUIRE(*at);
  CHECK(std::abs(**at - f.now()) < 5000);
  CHECK_FALSE(*f.loop.await(f.queue.fired_at("beacon:s1:a1:0:complete")));
}

TEMPLATE_TEST_CASE("beacon queue contract: a beacon due later waits, a retry comes back when due", "[beacons]",
                   MemoryFixture, RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  record(f, {event("s1", "complete", f.now() + 800)});
  CHECK(take(f, "node-a").empty());
  f.wait(1000ms);
  auto taken = take(f, "node-a");
  REQUIRE(taken.size() == 1);
  auto again = taken[0].beacon;
  again.attempts = 1;
  again.due_ms = f.now() + 600;
  settle(f, std::move(taken[0]), ssai::Settlement::Kind::kRetry, again);
  CHECK(take(f, "node-a").empty());
  f.wait(800ms);
  taken = take(f, "node-b");
  REQUIRE(taken.size() == 1);
  CHECK(taken[0].beacon.attempts == 1);
  CHECK(taken[0].beacon.id == "s1:a1:0:complete:0");
}

TEMPLATE_TEST_CASE("beacon queue contract: a beacon whose consumer went quiet is taken by another after the lease",
                   "[beacons]", MemoryFixture, RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  record(f, {event("s1", "start", f.now())});
  auto first = take(f, "node-a");
  REQUIRE(first.size() == 1);
  f.wait(kLease / 3);
  CHECK(take(f, "node-b").empty());
  f.wait(kLease);
  auto second = take(f, "node-b");
  REQUIRE(second.size() == 1);
  CHECK(second[0].beacon.id == first[0].beacon.id);
  settle(f, std::move(second[0]), ssai::Settlement::Kind::kSent);
  // The first consumer wakes up and settles too late: the record is the second's.
  settle(f, std::move(first[0]), ssai::Settlement::Kind::kSent);
  CHECK(states(*f.loop.await(f.queue.audit("s1"))) == std::vector<std::string>{"queued", "sent"});
}

TEMPLATE_TEST_CASE("beacon queue contract: a session's audit trail keeps its newest records", "[beacons]",
                   MemoryFixture, RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  std::vector<ssai::AdEvent> many;
  for (std::size_t i = 0; i < ssai::kMaxAuditRecords + 5; ++i) many.push_back(event("s1", "e" + std::to_string(i), f.now()));
  record(f, std::move(many));
  const auto audit = f.loop.await(f.queue.audit("s1"));
  REQUIRE(audit);
  REQUIRE(audit->size() == ssai::kMaxAuditRecords);
  CHECK(audit->front().find("\"beacon\":\"s1:a1:0:e5:0\"") != std::string::npos);
  CHECK(audit->back().find("\"beacon\":\"s1:a1:0:e10004:0\"") != std::string::npos);
}

TEMPLATE_TEST_CASE("beacon queue contract: take honours its maximum", "[beacons]", MemoryFixture, RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  record(f, {event("s1", "impression", f.now(), 5)});
  CHECK(take(f, "node-a", 2).size() == 2);
  CHECK(take(f, "node-a", 2).size() == 2);
  CHECK(take(f, "node-a", 2).size() == 1);
}

TEMPLATE_TEST_CASE("beacon queue contract: the analytics stream keeps events in order", "[beacons]", MemoryFixture,
                   RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  record(f, {event("s1", "impression", f.now()), event("s1", "start", f.now())});
  record(f, {event("s1", "impression", f.now())});  // a duplicate adds nothing
  REQUIRE(f.loop.await(f.queue.publish(R"({"event":"decision"})")));
  auto all = f.loop.await(f.queue.analytics_after("", 100));
  REQUIRE(all);
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].json == R"({"event":"impression"})");
  CHECK((*all)[2].json == R"({"event":"decision"})");
  auto rest = f.loop.await(f.queue.analytics_after((*all)[0].id, 100));
  REQUIRE(rest->size() == 2);
  CHECK((*rest)[0].json == R"({"event":"start"})");
  CHECK(f.loop.await(f.queue.analytics_after((*all)[2].id, 100))->empty());
  CHECK(f.loop.await(f.queue.analytics_after("", 1))->size() == 1);
  auto latest = f.loop.await(f.queue.analytics_latest(2));
  REQUIRE(latest);
  REQUIRE(latest->size() == 2);
  CHECK((*latest)[0].json == R"({"event":"start"})");
  CHECK((*latest)[1].id == (*all)[2].id);
}

TEMPLATE_TEST_CASE("beacon queue contract: a session's presence is its newest note, keeping its poll interval",
                   "[beacons]", MemoryFixture, RedisFixture) {
  TestType f;
  INFO(TestType::kName);
  CHECK_FALSE(*f.loop.await(f.queue.presence("s1")));
  REQUIRE(f.loop.await(f.queue.note_presence("s1", ssai::Presence{1000, 2000}, 60s)));
  REQUIRE(f.loop.await(f.queue.note_presence("s1", ssai::Presence{5000, 0}, 60s)));  // an ad segment fetch
  auto seen = *f.loop.await(f.queue.presence("s1"));
  REQUIRE(seen);
  CHECK(seen->seen_ms == 5000);
  CHECK(seen->poll_ms == 2000);  // still a live session
  REQUIRE(f.loop.await(f.queue.note_presence("s2", ssai::Presence{7000, 0}, 60s)));
  seen = *f.loop.await(f.queue.presence("s2"));
  REQUIRE(seen);
  CHECK(seen->poll_ms == 0);
  // An ad segment fetch notes it with the events it reached, in the same write.
  auto with_presence = event("s1", "midpoint", f.now());
  with_presence.seen_ms = 9000;
  CHECK(record(f, {with_presence}) == std::vector<bool>{true});
  seen = *f.loop.await(f.queue.presence("s1"));
  REQUIRE(seen);
  CHECK(seen->seen_ms == 9000);
  CHECK(seen->poll_ms == 2000);
}
