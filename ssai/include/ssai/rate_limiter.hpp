#pragma once
// A token bucket per key (a client's address): `rate` tokens a second, at most `burst`
// saved up. New sessions are taken from it, so that one client cannot fill the session
// store however fast it asks. Node-local: with N nodes behind a balancer a client gets
// up to N times the rate, which still bounds it. Time is given by the caller.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

#include <boost/unordered/unordered_flat_map.hpp>

namespace ssai {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  /// `rate` 0: no limit.
  RateLimiter(double rate, double burst, std::size_t max_keys = 100'000);

  /// True (and a token taken) when `key` may go ahead at `now`.
  [[nodiscard]] bool take(const std::string& key, Clock::time_point now);

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated{};
  };
  double rate_;
  double burst_;
  std::size_t max_keys_;
  std::mutex mutex_;
  boost::unordered_flat_map<std::string, Bucket> buckets_;
};

}  // namespace ssai
