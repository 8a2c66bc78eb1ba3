// Detached work that throws is logged and counted, not lost.
#include <catch2/catch.hpp>
#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "ssai/detached.hpp"

namespace asio = boost::asio;

TEST_CASE("detached work: an exception that escapes it is counted, work that ends well is not", "[common]") {
  asio::io_context io;
  const auto before = ssai::detached_failures();
  asio::co_spawn(io, []() -> asio::awaitable<void> { co_return; }, ssai::logged_detached("work that ends well"));
  asio::co_spawn(
      io, []() -> asio::awaitable<void> { throw std::runtime_error("a bug"); co_return; },
      ssai::logged_detached("work that throws"));
  asio::co_spawn(
      io, []() -> asio::awaitable<void> { throw 42; co_return; }, ssai::logged_detached("work that throws an int"));
  io.run();  // nothing escapes to here
  CHECK(ssai::detached_failures() == before + 2);
}
