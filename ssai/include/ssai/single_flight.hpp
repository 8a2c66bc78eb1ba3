#pragma once
// Concurrent requests for the same thing on one node wait for one answer: the first
// caller runs the task, the others get a copy of its result. (Players ask for several
// renditions of a session at once; each would otherwise ask the ad server too.)
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ssai {

template <class T>
class SingleFlight {
 public:
  using Task = std::function<boost::asio::awaitable<T>()>;

  boost::asio::awaitable<T> run(std::string key, Task task) {
    namespace asio = boost::asio;
    std::shared_ptr<Flight> flight;
    bool lead = false;
    {
      std::lock_guard lock(mutex_);
      auto& slot = flights_[key];
      if (!slot) {
        slot = std::make_shared<Flight>();
        lead = true;
      }
      flight = slot;
    }
    if (lead) {
      T result{};
      try {
        result = co_await task();
      } catch (...) {
        land(key, flight, T{});  // the waiters get an empty answer, not a hang
        throw;
      }
      land(key, flight, result);
      co_return result;
    }
    auto executor = co_await asio::this_coro::executor;
    // Named and copied into async_initiate: GCC 12 destroys lambdas built inside a
    // co_await expression twice.
    auto initiation = [this, flight, executor](Handler handler) {
      std::lock_guard lock(mutex_);
      if (flight->result) {
        asio::post(executor, [h = std::move(handler), r = *flight->result]() mutable { std::move(h)(std::move(r)); });
        return;
      }
      flight->waiters.emplace_back(executor, std::move(handler));
    };
    auto result = co_await asio::async_initiate<decltype(asio::use_awaitable), void(T)>(initiation, asio::use_awaitable);
    co_return result;
  }

 private:
  using Handler = boost::asio::any_completion_handler<void(T)>;
  struct Flight {
    std::optional<T> result;
    std::vector<std::pair<boost::asio::any_io_executor, Handler>> waiters;
  };

  void land(const std::string& key, const std::shared_ptr<Flight>& flight, const T& result) {
    std::vector<std::pair<boost::asio::any_io_executor, Handler>> waiters;
    {
      std::lock_guard lock(mutex_);
      flight->result = result;
      waiters.swap(flight->waiters);
      flights_.erase(key);
    }
    for (auto& [executor, handler] : waiters) {
      boost::asio::post(executor, [h = std::move(handler), r = result]() mutable { std::move(h)(std::move(r)); });
    }
  }

  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace ssai
