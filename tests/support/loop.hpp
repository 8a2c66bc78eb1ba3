#pragma once
// An io_context running on its own thread, as in the service, for tests that call
// coroutine APIs from plain test code.
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace test_support {

class Loop {
 public:
  Loop() : thread_([this] { io_.run(); }) {}
  ~Loop() { stop(); }
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  /// Runs `task` on the loop and waits for its result.
  template <class T>
  T await(boost::asio::awaitable<T> task) {
    return boost::asio::co_spawn(io_, std::move(task), boost::asio::use_future).get();
  }
  boost::asio::io_context& io() { return io_; }
  /// Stops running the loop but keeps the io_context: what uses its executor (a Redis
  /// store) is destroyed with the loop stopped, before the io_context goes.
  void stop() {
    guard_.reset();
    io_.stop();
    if (thread_.joinable()) thread_.join();
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_{io_.get_executor()};
  std::thread thread_;
};

}  // namespace test_support
