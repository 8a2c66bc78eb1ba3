// The per-node origin cache: one fetch per URL per cache period, however many ask at
// once; live playlists kept half a target duration; a live origin's failure covered by
// the last good playlist for one target duration.
#include <catch2/catch.hpp>
#include <atomic>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "ssai/origin_cache.hpp"
#include "ssai/parsed_media.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

const std::string kLive = "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\na.ts\n";
const std::string kVod = kLive + "#EXT-X-ENDLIST\n";

struct Origin {
  std::string body = kLive;
  ssai::Errc failure = ssai::Errc::kInternal;  // kInternal: no failure
  int calls = 0;
  // Each fetch takes 20 ms of the loop's time, so that others pile up behind it.
  ssai::OriginFetch fetch() {
    return [this](const std::string&) -> asio::awaitable<ssai::Result<std::string>> {
      ++calls;
      asio::steady_timer timer(co_await asio::this_coro::executor, 20ms);
      co_await timer.async_wait(asio::use_awaitable);
      if (failure != ssai::Errc::kInternal) co_return ssai::fail(failure, "origin down");
      co_return body;
    };
  }
};

// `count` concurrent gets of one URL; the answers.
std::vector<ssai::Result<ssai::OriginBody>> get_many(ssai::OriginCache& cache, Origin& origin, int count) {
  asio::io_context io;
  std::vector<ssai::Result<ssai::OriginBody>> answers;
  for (int i = 0; i < count; ++i) {
    asio::co_spawn(io, [&]() -> asio::awaitable<void> { answers.push_back(co_await cache.get("http://o/v.m3u8", origin.fetch())); },
                   asio::detached);
  }
  io.run();
  return answers;
}

}  // namespace

TEST_CASE("origin cache: concurrent requests for one URL share one fetch") {
  ssai::ManualClock now;
  ssai::OriginCache cache({}, now);
  Origin origin;
  const auto answers = get_many(cache, origin, 500);
  CHECK(origin.calls == 1);
  CHECK(cache.fetches() == 1);
  REQUIRE(answers.size() == 500);
  for (const auto& a : answers) CHECK(*a.value() == kLive);
  // One body for all of them, not a copy each: what is derived from it is shared too.
  for (const auto& a : answers) CHECK(a.value() == answers.front().value());
}

TEST_CASE("origin cache: live playlists for half a target duration, VOD for long") {
  ssai::ManualClock now;
  ssai::OriginCache cache({}, now);
  Origin origin;
  get_many(cache, origin, 1);
  now.advance(2900ms);
  get_many(cache, origin, 1);
  CHECK(origin.calls == 1);
  now.advance(200ms);  // 3.1 s: past half of 6 s
  get_many(cache, origin, 1);
  CHECK(origin.calls == 2);

  origin.body = kVod;
  now.advance(4s);
  get_many(cache, origin, 1);  // now VOD: kept 5 minutes
  now.advance(290s);
  get_many(cache, origin, 1);
  CHECK(origin.calls == 3);
  CHECK(ssai::cache_period(kLive, {}) == 3s);
  CHECK(ssai::cache_period("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n", {}) == 30s);
}

TEST_CASE("origin cache: a live MPD for half its minimumUpdatePeriod, a static one for long") {
  const std::string dynamic = R"(<?xml version="1.0"?><MPD type="dynamic" minimumUpdatePeriod="PT4S"><Period/></MPD>)";
  CHECK(ssai::cache_period(dynamic, {}) == 2s);
  // No period given (or one that does not parse): players reload often, so 1 s.
  CHECK(ssai::cache_period(R"(<MPD type="dynamic"><Period/></MPD>)", {}) == 1s);
  CHECK(ssai::cache_period(R"(<MPD type="dynamic" minimumUpdatePeriod="soon"><Period/></MPD>)", {}) == 1s);
  CHECK(ssai::cache_period(R"(<MPD type="static" mediaPresentationDuration="PT60S"><Period/></MPD>)", {}) ==
        ssai::cache_period(kVod, {}));
}

TEST_CASE("origin cache: a failing live origin is covered for one target duration, then the error passes") {
  ssai::ManualClock now;
  ssai::OriginCache cache({}, now);
  Origin origin;
  get_many(cache, origin, 1);
  origin.failure = ssai::Errc::kOriginFailed;
  now.advance(4s);  // stale, and the origin fails: the last good one, 4 s old
  auto answers = get_many(cache, origin, 3);
  CHECK(origin.calls == 2);
  for (const auto& a : answers) CHECK(*a.value() == kLive);
  now.advance(3s);  // 7 s old: past one target duration
  answers = get_many(cache, origin, 1);
  REQUIRE_FALSE(answers.front());
  CHECK(answers.front().error().code == ssai::Errc::kOriginFailed);
}

TEST_CASE("origin cache: a 404 is passed on and not kept") {
  ssai::ManualClock now;
  ssai::OriginCache cache({}, now);
  Origin origin;
  origin.failure = ssai::Errc::kOriginNotFound;
  auto answers = get_many(cache, origin, 2);
  CHECK(origin.calls == 1);
  for (const auto& a : answers) CHECK(a.error().code == ssai::Errc::kOriginNotFound);
  origin.failure = ssai::Errc::kInternal;
  answers = get_many(cache, origin, 1);
  CHECK(origin.calls == 2);
  CHECK(*answers.front().value() == kLive);
}

TEST_CASE("origin cache: bounded in bytes and URLs, the soonest to expire go first") {
  ssai::ManualClock now;
  ssai::OriginCacheOptions options;
  options.max_bytes = 3 * kVod.size();
  options.max_entries = 100;
  ssai::OriginCache cache(options, now);
  Origin origin;
  origin.body = kVod;
  asio::io_context io;
  for (int i = 0; i < 10; ++i) {
    asio::co_spawn(io, [&, i]() -> asio::awaitable<void> {
      co_await cache.get("http://o/" + std::to_string(i) + ".m3u8", origin.fetch());
    }, asio::detached);
    io.run();
    io.restart();
    now.advance(1s);
  }
  CHECK(cache.bytes() <= options.max_bytes);
  CHECK(cache.entries() == 3);
  // The newest are kept: asking for the last one again costs no fetch.
  const int before = origin.calls;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> { co_await cache.get("http://o/9.m3u8", origin.fetch()); }, asio::detached);
  io.run();
  CHECK(origin.calls == before);
}

TEST_CASE("parsed playlists are shared while the cache hands out the same body, and bounded") {
  ssai::ParsedMediaMemo memo(8, 100);
  const auto body = std::make_shared<const std::string>(kLive);
  auto parsed = std::make_shared<const ssai::ParsedMedia>();
  memo.remember("a", body, parsed);
  CHECK(memo.find("a", body) == parsed);
  // The same text fetched again is a new body: parsed again, once.
  CHECK(memo.find("a", std::make_shared<const std::string>(kLive)) == nullptr);
  CHECK(memo.find("b", body) == nullptr);
  // Past its bytes (100 here), the memo starts again rather than grow.
  memo.remember("big", std::make_shared<const std::string>(std::string(90, 'x')), parsed);
  CHECK(memo.find("a", body) == nullptr);
}
