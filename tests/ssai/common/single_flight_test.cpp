// Concurrent asks for one key on a node share one run of the task (one ad request for
// all the renditions a player loads at once).
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "ssai/single_flight.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;

TEST_CASE("single flight: concurrent asks share one run, later asks run again") {
  asio::io_context io;
  ssai::SingleFlight<std::string> flights;
  int runs = 0;
  std::vector<std::string> answers;
  auto task = [&]() -> asio::awaitable<std::string> {
    const int mine = ++runs;
    asio::steady_timer timer(co_await asio::this_coro::executor, 20ms);
    co_await timer.async_wait(asio::use_awaitable);
    co_return "answer " + std::to_string(mine);
  };
  auto ask = [&](std::string key) -> asio::awaitable<void> { answers.push_back(co_await flights.run(key, task)); };
  for (int i = 0; i < 10; ++i) asio::co_spawn(io, ask("session-1"), asio::detached);
  asio::co_spawn(io, ask("session-2"), asio::detached);
  io.run();
  CHECK(runs == 2);  // one per key
  REQUIRE(answers.size() == 11);
  CHECK(std::count(answers.begin(), answers.end(), "answer 1") == 10);  // session-1 asked first
  CHECK(std::count(answers.begin(), answers.end(), "answer 2") == 1);
  io.restart();
  asio::co_spawn(io, ask("session-1"), asio::detached);
  io.run();
  CHECK(runs == 3);  // the flight landed: a new ask runs the task again
}
