// The dispatcher against a real HTTP receiver on loopback that answers as badly as real
// ones do: 503s, silence past the timeout, 404s. Every beacon ends sent or failed, with
// its story in the audit trail.
#include <catch2/catch.hpp>
#include <map>
#include <mutex>
#include <thread>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "ssai/beacon_dispatcher.hpp"
#include "ssai/http_server.hpp"
#include "ssai/memory_beacon_queue.hpp"
#include "support/loop.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

// Answers by path: /ok 204; /flaky 503 twice, then 204; /hang silent for 2 s the first
// time, then 204; /gone 404; /down always 503; /slow 204 after 150 ms (counting how
// many it holds at once).
class Receiver {
 public:
  explicit Receiver(asio::io_context& io)
      : server_(io, "127.0.0.1", 0, [this](ssai::Request r) { return handle(std::move(r)); }) {
    server_.start();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(server_.port()) + path; }
  int hits(const std::string& path) {
    std::lock_guard lock(mutex_);
    return hits_[path];
  }
  int most_at_once() {
    std::lock_guard lock(mutex_);
    return most_at_once_;
  }
  std::vector<std::string> queries(const std::string& path) {
    std::lock_guard lock(mutex_);
    return queries_[path];
  }

 private:
  asio::awaitable<ssai::Response> handle(ssai::Request request) {
    int n = 0;
    {
      std::lock_guard lock(mutex_);
      n = ++hits_[request.path];
      queries_[request.path].push_back(request.raw_query);
    }
    ssai::Response response{204, "text/plain", "", {}};
    auto pause = [](std::chrono::milliseconds ms) -> asio::awaitable<void> {
      asio::steady_timer timer(co_await asio::this_coro::executor, ms);
      co_await timer.async_wait(asio::use_awaitable);
    };
    if (request.path == "/flaky" && n <= 2) response.status = 503;
    if (request.path == "/down") response.status = 503;
    if (request.path == "/gone") response.status = 404;
    if (request.path == "/hang" && n == 1) co_await pause(2000ms);
    if (request.path == "/slow") {
      {
        std::lock_guard lock(mutex_);
        most_at_once_ = std::max(most_at_once_, ++at_once_);
      }
      co_await pause(150ms);
      std::lock_guard lock(mutex_);
      --at_once_;
    }
    co_return response;
  }

  ssai::HttpServer server_;
  std::mutex mutex_;
  std::map<std::string, int> hits_;
  std::map<std::string, std::vector<std::string>> queries_;
  int at_once_ = 0;
  int most_at_once_ = 0;
};

struct Bench {
  test_support::Loop loop;
  ssai::MemoryBeaconQueue queue{5s};
  ssai::Fetcher fetcher{{}, ssai::OutboundPolicy::allowing({"127.0.0.1"}).value()};
  ssai::Metrics metrics;
  Receiver receiver{loop.io()};
  std::unique_ptr<ssai::BeaconDispatcher> dispatcher;

  Bench() {
    ssai::DispatcherOptions options;
    options.consumer = "test";
    options.per_host = 2;
    options.poll = 50ms;
    options.timeout = 500ms;
    options.first_retry = 100ms;
    options.last_retry = 400ms;
    options.presence_window = 10s;
    dispatcher = std::make_unique<ssai::BeaconDispatcher>(loop.io().get_executor(), queue, fetcher, metrics, options);
    dispatcher->start();
  }
  ~Bench() { loop.stop(); }  // nothing runs while the parts go

  void queue_beacons(const std::string& event, const std::vector<std::string>& paths, std::int64_t give_up_ms = 60'000) {
    ssai::AdEvent e;
    e.session = "s1";
    e.keep = 60s;
    e.dedupe_keys = {"beacon:s1:a1:0:" + event};
    const auto now = ssai::unix_ms();
    for (std::size_t i = 0; i < paths.size(); ++i) {
      ssai::Beacon b;
      b.id = "s1:a1:0:" + event + ":" + std::to_string(i);
      b.session = "s1";
      b.avail = "a1";
      b.event = event;
      b.url = paths[i].starts_with("/") ? receiver.url(paths[i]) : paths[i];  // else a whole URL
      b.due_ms = now;
      b.give_up_ms = now + give_up_ms;
      e.beacons.push_back(b);
    }
    REQUIRE(loop.await(queue.record({e}, now)));
  }

  /// One beacon of `session`, deferred until playback could reach it and due now.
  void queue_deferred(const std::string& session) {
    ssai::AdEvent e;
    e.session = session;
    e.keep = 60s;
    e.dedupe_keys = {"beacon:" + session + ":a1:0:midpoint"};
    const auto now = ssai::unix_ms();
    ssai::Beacon b;
    b.id = session + ":a1:0:midpoint:0";
    b.session = session;
    b.avail = "a1";
    b.event = "midpoint";
    b.url = receiver.url("/mid/" + session);
    b.due_ms = now;
    b.give_up_ms = now + 60'000;
    b.awaits_playback = true;
    e.beacons.push_back(b);
    REQUIRE(loop.await(queue.record({e}, now)));
  }

  /// The last audit state of a session's only beacon, once it is final (or 20 s passed).
  std::string final_state(const std::string& session) {
    std::string state;
    for (int i = 0; i < 400; ++i) {
      const auto audit = loop.await(queue.audit(session));
      if (!audit->empty()) {
        const auto& record = audit->back();
        const auto at = record.find("\"state\":\"") + 9;
        state = record.substr(at, record.find('"', at) - at);
        if (state == "sent" || state == "failed" || state == "abandoned") break;
      }
      std::this_thread::sleep_for(50ms);
    }
    return state;
  }

  /// Each beacon's last state, by id, once none is queued or retrying (or 20 s passed).
  std::map<std::string, std::string> outcomes(std::size_t beacons) {
    std::map<std::string, std::string> last;
    for (int i = 0; i < 400; ++i) {
      last.clear();
      const auto audit = loop.await(queue.audit("s1"));
      for (const auto& record : *audit) {
        const auto id_at = record.find("\"beacon\":\"") + 10;
        const auto state_at = record.find("\"state\":\"") + 9;
        last[record.substr(id_at, record.find('"', id_at) - id_at)] = record.substr(state_at, record.find('"', state_at) - state_at);
      }
      const bool settled = last.size() == beacons && std::all_of(last.begin(), last.end(), [](const auto& entry) {
        return entry.second == "sent" || entry.second == "failed" || entry.second == "refused";
      });
      if (settled) break;
      std::this_thread::sleep_for(50ms);
    }
    return last;
  }
};

}  // namespace

TEST_CASE("beacon dispatcher: retries 503s and silence, gives up on 404, each beacon sent once", "[beacons]") {
  Bench bench;
  bench.queue_beacons("impression", {"/ok?cb=[CACHEBUSTING]&t=[TIMESTAMP]", "/flaky", "/hang", "/gone"});
  const auto outcomes = bench.outcomes(4);
  CHECK(outcomes.at("s1:a1:0:impression:0") == "sent");
  CHECK(outcomes.at("s1:a1:0:impression:1") == "sent");
  CHECK(outcomes.at("s1:a1:0:impression:2") == "sent");
  CHECK(outcomes.at("s1:a1:0:impression:3") == "failed");
  CHECK(bench.receiver.hits("/ok") == 1);
  CHECK(bench.receiver.hits("/flaky") == 3);  // 503, 503, 204
  CHECK(bench.receiver.hits("/hang") == 2);   // silent past the timeout, then 204
  CHECK(bench.receiver.hits("/gone") == 1);   // a 404 is not asked again
  // Send-time macros were filled, and percent-encoded.
  const auto ok = bench.receiver.queries("/ok");
  REQUIRE(ok.size() == 1);
  CHECK(ok[0].find("[CACHEBUSTING]") == std::string::npos);
  CHECK(ok[0].find("&t=20") != std::string::npos);
  const auto metrics = bench.metrics.prometheus_text();
  CHECK(metrics.find("ssai_beacons_sent_total{event=\"impression\"} 3") != std::string::npos);
  CHECK(metrics.find("ssai_beacons_retried_total{event=\"impression\"} 3") != std::string::npos);
  CHECK(metrics.find("ssai_beacons_failed_total{event=\"impression\"} 1") != std::string::npos);
}

TEST_CASE("beacon dispatcher: a receiver that stays down is given up at the give-up time", "[beacons]") {
  Bench bench;
  bench.queue_beacons("start", {"/down"}, 1200);
  const auto outcomes = bench.outcomes(1);
  CHECK(outcomes.at("s1:a1:0:start:0") == "failed");
  const int attempts = bench.receiver.hits("/down");
  CHECK(attempts >= 3);  // 100, 200, 400 ms apart, with jitter, within 1.2 s
  CHECK(attempts <= 8);
  const auto audit = *bench.loop.await(bench.queue.audit("s1"));
  CHECK(audit.back().find("gave up after") != std::string::npos);
}

TEST_CASE("beacon dispatcher: at most per_host requests to one host at a time", "[beacons]") {
  Bench bench;
  bench.queue_beacons("complete", std::vector<std::string>(8, "/slow"));
  const auto outcomes = bench.outcomes(8);
  CHECK(std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.second == "sent"; }) == 8);
  CHECK(bench.receiver.hits("/slow") == 8);
  CHECK(bench.receiver.most_at_once() == 2);
}

TEST_CASE("beacon dispatcher: a deferred beacon goes only if the session still showed signs of playing", "[beacons]") {
  Bench bench;
  const auto now = ssai::unix_ms();
  auto note = [&](const std::string& session, std::int64_t ago_ms, std::int64_t poll_ms) {
    REQUIRE(bench.loop.await(bench.queue.note_presence(session, ssai::Presence{now - ago_ms, poll_ms}, 60s)));
  };
  note("vod-watching", 2'000, 0);  // fetched an ad segment 2 s ago: within the 10 s window
  note("vod-left", 15'000, 0);     // nothing for 15 s: more than a player buffers ahead
  note("live-polling", 4'000, 2'000);  // polls every 2 s; last one 4 s ago (window 6 s)
  note("live-left", 9'000, 2'000);     // four polls missed
  for (const char* s : {"vod-watching", "vod-left", "live-polling", "live-left", "never-seen"}) bench.queue_deferred(s);

  CHECK(bench.final_state("vod-watching") == "sent");
  CHECK(bench.final_state("live-polling") == "sent");
  CHECK(bench.final_state("vod-left") == "abandoned");
  CHECK(bench.final_state("live-left") == "abandoned");
  CHECK(bench.final_state("never-seen") == "abandoned");
  CHECK(bench.receiver.hits("/mid/vod-watching") == 1);
  CHECK(bench.receiver.hits("/mid/live-polling") == 1);
  CHECK(bench.receiver.hits("/mid/vod-left") == 0);
  CHECK(bench.receiver.hits("/mid/live-left") == 0);
  CHECK(bench.receiver.hits("/mid/never-seen") == 0);
  const auto audit = *bench.loop.await(bench.queue.audit("vod-left"));
  CHECK(audit.back().find("last request was") != std::string::npos);
  CHECK(bench.metrics.prometheus_text().find("ssai_beacons_abandoned_total{event=\"midpoint\"} 3") != std::string::npos);
}

TEST_CASE("beacon dispatcher: a beacon the outbound policy refuses is recorded as refused, never retried", "[beacons]") {
  Bench bench;  // its fetcher allows 127.0.0.1 (the receiver) and nothing else non-public
  bench.queue_beacons("error", {"http://169.254.169.254/latest/meta-data/?e=[ERRORCODE]", "file:///etc/passwd", "/ok"});
  const auto outcomes = bench.outcomes(3);
  CHECK(outcomes.at("s1:a1:0:error:0") == "refused");
  CHECK(outcomes.at("s1:a1:0:error:1") == "refused");
  CHECK(outcomes.at("s1:a1:0:error:2") == "sent");
  const auto audit = *bench.loop.await(bench.queue.audit("s1"));
  const auto retried = std::count_if(audit.begin(), audit.end(), [](const std::string& record) {
    return record.find("\"state\":\"retry\"") != std::string::npos;
  });
  CHECK(retried == 0);
  // Each says why.
  CHECK(std::any_of(audit.begin(), audit.end(), [](const std::string& record) {
    return record.find("\"state\":\"refused\"") != std::string::npos && record.find("not a public address") != std::string::npos;
  }));
  CHECK(std::any_of(audit.begin(), audit.end(), [](const std::string& record) {
    return record.find("\"state\":\"refused\"") != std::string::npos && record.find("scheme is not fetched") != std::string::npos;
  }));
}
