#pragma once
// "At most once per period per key, on this node": for writes that only need to happen
// now and then, such as extending a session's expiry on each of its playlist requests
// (two store round trips a request otherwise).
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

#include <boost/unordered/unordered_flat_map.hpp>

namespace ssai {

class Throttle {
 public:
  explicit Throttle(std::size_t max_keys = 200'000) : max_keys_(max_keys) {}

  /// True (and the key's time noted) when `key` was not let through in the last `period`.
  [[nodiscard]] bool due(const std::string& key, std::chrono::steady_clock::time_point now,
                         std::chrono::steady_clock::duration period);

 private:
  std::size_t max_keys_;
  std::mutex mutex_;
  boost::unordered_flat_map<std::string, std::chrono::steady_clock::time_point> last_;
};

}  // namespace ssai
