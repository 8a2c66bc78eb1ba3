// The Fetcher against a real HTTP server on loopback: many transfers in flight on one
// event-loop thread over a few kept-alive connections, and each way a peer can fail
// (silence, a huge body, a closed port) ending in its own error, on time.
#include <catch2/catch.hpp>
#include <atomic>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "ssai/fetcher.hpp"
#include "ssai/http_server.hpp"
#include "support/loop.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

// /echo/<n> answers "body-<n>" after 20 ms; /silent never answers within a test's
// patience (5 s); /huge answers 3 MB.
class Peer {
 public:
  explicit Peer(asio::io_context& io) : server_(io, "127.0.0.1", 0, [this](ssai::Request r) { return handle(std::move(r)); }) {
    server_.start();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(server_.port()) + path; }
  int most_at_once() const { return most_at_once_; }

 private:
  asio::awaitable<ssai::Response> handle(ssai::Request request) {
    const int now = ++at_once_;
    int seen = most_at_once_;
    while (now > seen && !most_at_once_.compare_exchange_weak(seen, now)) {
    }
    asio::steady_timer timer(co_await asio::this_coro::executor);
    ssai::Response response{200, "text/plain", "", {}};
    if (request.path.starts_with("/echo/")) {
      timer.expires_after(20ms);
      co_await timer.async_wait(asio::use_awaitable);
      response.body = "body-" + request.path.substr(6);
    } else if (request.path == "/silent") {
      timer.expires_after(5s);
      co_await timer.async_wait(asio::use_awaitable);
    } else if (request.path == "/huge") {
      response.body.assign(3 * 1024 * 1024, 'x');
    } else {
      response.status = 404;
    }
    --at_once_;
    co_return response;
  }

  ssai::HttpServer server_;
  std::atomic<int> at_once_{0};
  std::atomic<int> most_at_once_{0};
};

// The peer is on loopback, which the default policy refuses.
ssai::OutboundPolicy loopback() { return ssai::OutboundPolicy::allowing({"127.0.0.1"}).value(); }

asio::awaitable<std::vector<ssai::FetchResult>> fetch_all(ssai::Fetcher& fetcher, std::vector<std::string> urls,
                                                          ssai::FetchOptions options) {
  // Started together, awaited in order: all are in flight at once.
  auto executor = co_await asio::this_coro::executor;
  std::vector<std::future<ssai::FetchResult>> futures;
  for (auto& url : urls) {
    futures.push_back(asio::co_spawn(executor, fetcher.get(url, options), asio::use_future));
  }
  std::vector<ssai::FetchResult> results;
  for (auto& future : futures) {
    // The outcome arrives on this loop, so wait without blocking it.
    while (future.wait_for(0ms) != std::future_status::ready) {
      asio::steady_timer tick(executor, 5ms);
      co_await tick.async_wait(asio::use_awaitable);
    }
    results.push_back(future.get());
  }
  co_return results;
}

}  // namespace

TEST_CASE("fetcher: 400 transfers at once share a few kept-alive connections", "[fetcher]") {
  test_support::Loop loop;
  Peer peer(loop.io());
  ssai::Fetcher fetcher(ssai::FetcherLimits{.per_host = 8, .total = 64}, loopback());
  std::vector<std::string> urls;
  for (int i = 0; i < 400; ++i) urls.push_back(peer.url("/echo/" + std::to_string(i)));

  const auto began = std::chrono::steady_clock::now();
  auto results = loop.await(fetch_all(fetcher, urls, ssai::FetchOptions{}));
  const auto took = std::chrono::steady_clock::now() - began;

  REQUIRE(results.size() == 400);
  for (std::size_t i = 0; i < results.size(); ++i) {
    INFO("transfer " << i << ": " << (results[i] ? "" : results[i].error().detail));
    REQUIRE(results[i]);
    CHECK(results[i]->status == 200);
    CHECK(results[i]->body == "body-" + std::to_string(i));
  }
  CHECK(fetcher.transfers() == 400);
  // Eight connections at most, reused: one per transfer would be 400.
  CHECK(fetcher.connections_opened() <= 8);
  CHECK(peer.most_at_once() <= 8);
  CHECK(peer.most_at_once() >= 4);  // transfers really overlapped
  // 400 × 20 ms one after another would take 8 s; eight lanes take about 1 s.
  CHECK(took < 4s);
  loop.stop();
}

TEST_CASE("fetcher: a silent peer times out without holding up other transfers", "[fetcher]") {
  test_support::Loop loop;
  Peer peer(loop.io());
  ssai::Fetcher fetcher({}, loopback());
  ssai::FetchOptions slow_options;
  slow_options.timeout = 400ms;
  auto silent = asio::co_spawn(loop.io(), fetcher.get(peer.url("/silent"), slow_options), asio::use_future);
  std::this_thread::sleep_for(50ms);

  const auto began = std::chrono::steady_clock::now();
  auto quick = loop.await(fetcher.get(peer.url("/echo/quick"), ssai::FetchOptions{}));
  CHECK(std::chrono::steady_clock::now() - began < 300ms);
  REQUIRE(quick);
  CHECK(quick->body == "body-quick");

  auto late = silent.get();
  const auto waited = std::chrono::steady_clock::now() - began;
  REQUIRE_FALSE(late);
  CHECK(late.error().code == ssai::FetchErrc::kTimeout);
  CHECK(waited < 1500ms);
  loop.stop();
}

TEST_CASE("fetcher: each failure has its own error", "[fetcher]") {
  test_support::Loop loop;
  Peer peer(loop.io());
  ssai::Fetcher fetcher({}, loopback());
  ssai::FetchOptions small;
  small.max_bytes = 1024 * 1024;

  auto huge = loop.await(fetcher.get(peer.url("/huge"), small));
  REQUIRE_FALSE(huge);
  CHECK(huge.error().code == ssai::FetchErrc::kTooLarge);

  // A port nobody listens on: bind one, note it, close it.
  std::uint16_t closed_port = 0;
  {
    asio::ip::tcp::acceptor probe(loop.io(), {asio::ip::make_address("127.0.0.1"), 0});
    closed_port = probe.local_endpoint().port();
  }
  auto refused = loop.await(fetcher.get("http://127.0.0.1:" + std::to_string(closed_port) + "/x", ssai::FetchOptions{}));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == ssai::FetchErrc::kConnect);

  auto wrong_scheme = loop.await(fetcher.get("ftp://127.0.0.1/x", ssai::FetchOptions{}));
  REQUIRE_FALSE(wrong_scheme);
  // Refused by the outbound policy before anything is sent.
  CHECK(wrong_scheme.error().code == ssai::FetchErrc::kRefused);
  CHECK(wrong_scheme.error().refusal == ssai::OutboundRefusal::kScheme);

  auto missing = loop.await(fetcher.get(peer.url("/nothing"), ssai::FetchOptions{}));
  REQUIRE(missing);
  CHECK(missing->status == 404);
  loop.stop();
}

TEST_CASE("fetcher: shutting down ends transfers in flight at once, as errors", "[fetcher]") {
  test_support::Loop loop;
  Peer peer(loop.io());
  auto fetcher = std::make_unique<ssai::Fetcher>(ssai::FetcherLimits{}, loopback());
  ssai::FetchOptions patient;
  patient.timeout = 10s;
  auto pending = asio::co_spawn(loop.io(), fetcher->get(peer.url("/silent"), patient), asio::use_future);
  std::this_thread::sleep_for(100ms);
  const auto began = std::chrono::steady_clock::now();
  fetcher.reset();
  auto result = pending.get();
  CHECK(std::chrono::steady_clock::now() - began < 1s);
  REQUIRE_FALSE(result);
  CHECK(result.error().detail.find("shutting down") != std::string::npos);
  loop.stop();
}
