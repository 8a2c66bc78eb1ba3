// Beacon throughput of one node: beacons recorded in the queue (memory, or Redis on a
// real redis-server) and sent by one BeaconDispatcher to a receiver on loopback.
// BM_Baseline_PlainGets is the floor: the same number of GETs through the same Fetcher,
// as many at once as the dispatcher allows, with no queue at all. Read the dispatcher
// rows as a ratio of it (items_per_second). BM_Record_* is what a segment fetch pays to
// queue its event (one append): per event, with the same two queues, read against
// BM_Baseline_LoopRoundTrip (the bench's own cost of reaching the loop).
#include <benchmark/benchmark.h>

#include <atomic>
#include <memory>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "ssai/beacon_dispatcher.hpp"
#include "ssai/http_server.hpp"
#include "ssai/memory_beacon_queue.hpp"
#include "ssai/redis_beacon_queue.hpp"
#include "support/loop.hpp"
#include "support/redis_server.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

constexpr int kBeacons = 2048;  // a multiple of kInFlight
constexpr std::size_t kInFlight = 64;

struct Receiver {
  explicit Receiver(asio::io_context& io)
      : server(io, "127.0.0.1", 0, [this](ssai::Request) -> asio::awaitable<ssai::Response> {
          ++hits;
          co_return ssai::Response{204, "image/gif", "", {}};
        }) {
    server.start();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(server.port()) + path; }
  void wait_for(int count) const {
    while (hits.load() < count) std::this_thread::sleep_for(200us);
  }
  ssai::HttpServer server;
  std::atomic<int> hits{0};
};

// One process-wide receiver on its own loop, so the service side (queue, dispatcher,
// fetcher) has a loop to itself as on a node. Each benchmark has its own Fetcher,
// declared after the loop its answers go to, so it is gone before that loop is.
struct World {
  ~World() { receiver_loop.stop(); }  // no request handled while the server goes
  test_support::Loop receiver_loop;
  Receiver receiver{receiver_loop.io()};
  ssai::Metrics metrics;
  int next_session = 0;
};

World& world() {
  static World w;
  return w;
}

std::vector<ssai::AdEvent> events(World& w, int count) {
  std::vector<ssai::AdEvent> batch;
  const auto now = ssai::unix_ms();
  for (int i = 0; i < count; ++i) {
    const auto session = "bench" + std::to_string(w.next_session++);
    ssai::AdEvent e;
    e.session = session;
    e.keep = 600s;
    e.dedupe_keys = {"beacon:" + session + ":a1:0:impression"};
    ssai::Beacon b;
    b.id = session + ":a1:0:impression:0";
    b.session = session;
    b.avail = "a1";
    b.event = "impression";
    b.url = w.receiver.url("/imp?s=" + session + "&cb=[CACHEBUSTING]");
    b.due_ms = now;
    b.give_up_ms = now + 600'000;
    b.keep = 600s;
    e.beacons.push_back(b);
    e.analytics = R"({"event":"impression"})";
    e.duplicate_record = ssai::audit_record(b, "duplicate", now);
    batch.push_back(std::move(e));
  }
  return batch;
}

asio::awaitable<void> plain_gets(ssai::Fetcher& fetcher, std::string url, int count) {
  const ssai::FetchOptions options;  // named: GCC 12 destroys a temporary in co_await twice
  for (int i = 0; i < count; ++i) (void)co_await fetcher.get(url, options);
}

void BM_Baseline_PlainGets(benchmark::State& state) {
  auto& w = world();
  test_support::Loop loop;
  ssai::Fetcher fetcher({}, ssai::OutboundPolicy::allowing({"127.0.0.1"}).value());
  for (auto _ : state) {
    const int target = w.receiver.hits.load() + kBeacons;
    const auto began = std::chrono::steady_clock::now();
    for (std::size_t lane = 0; lane < kInFlight; ++lane) {
      asio::co_spawn(loop.io(), plain_gets(fetcher, w.receiver.url("/plain"), kBeacons / static_cast<int>(kInFlight)),
                     asio::detached);
    }
    w.receiver.wait_for(target);
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
  }
  state.SetItemsProcessed(state.iterations() * kBeacons);
}

/// The queue under test, with what it needs alive.
struct MemoryQueue {
  test_support::Loop loop;
  ssai::MemoryBeaconQueue queue{30s};
  ~MemoryQueue() { loop.stop(); }
};

struct RedisQueue {
  test_support::RedisServer server;
  test_support::Loop loop;
  ssai::RedisStore store{loop.io().get_executor(), *ssai::parse_redis_url(server.url())};
  ssai::RedisBeaconQueue queue{store, 30s};
  RedisQueue() {
    for (int i = 0; i < 500 && !store.connected(); ++i) std::this_thread::sleep_for(10ms);
  }
  ~RedisQueue() { loop.stop(); }  // the store goes with its loop stopped
};

template <class Q>
void BM_Dispatch(benchmark::State& state) {
  auto& w = world();
  Q q;
  ssai::Fetcher fetcher({}, ssai::OutboundPolicy::allowing({"127.0.0.1"}).value());
  ssai::DispatcherOptions options;
  options.consumer = "bench";
  options.in_flight = kInFlight;
  options.per_host = kInFlight;  // one receiver host here; the default (8) is per host
  ssai::BeaconDispatcher dispatcher(q.loop.io().get_executor(), q.queue, fetcher, w.metrics, options);
  dispatcher.start();
  for (auto _ : state) {
    if (!q.loop.await(q.queue.record(events(w, kBeacons), ssai::unix_ms()))) {
      state.SkipWithError("the queue refused the beacons");
      break;
    }
    const int target = w.receiver.hits.load() + kBeacons;
    const auto began = std::chrono::steady_clock::now();
    dispatcher.wake();
    w.receiver.wait_for(target);
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
  }
  state.SetItemsProcessed(state.iterations() * kBeacons);
}

asio::awaitable<int> nothing() { co_return 0; }

/// What BM_Record pays besides the queue: handing a coroutine to the loop's thread and
/// waiting for its answer.
void BM_Baseline_LoopRoundTrip(benchmark::State& state) {
  test_support::Loop loop;
  for (auto _ : state) benchmark::DoNotOptimize(loop.await(nothing()));
  state.SetItemsProcessed(state.iterations());
  loop.stop();
}

template <class Q>
void BM_Record(benchmark::State& state) {
  auto& w = world();
  Q q;
  for (auto _ : state) {
    state.PauseTiming();
    auto batch = events(w, 1);
    state.ResumeTiming();
    benchmark::DoNotOptimize(q.loop.await(q.queue.record(std::move(batch), ssai::unix_ms())));
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_Baseline_PlainGets)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Dispatch, MemoryQueue)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Dispatch, RedisQueue)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Baseline_LoopRoundTrip)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Record, MemoryQueue)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Record, RedisQueue)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
