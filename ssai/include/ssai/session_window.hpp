#pragma once
// How many sessions of each playback configuration this node started within their
// lifetime: a sliding window of start times per configuration, for the optional
// per-configuration cap (max_sessions). Node-local, like the creation rate limit: with
// N nodes a configuration gets up to N times its cap. A session counts from its start
// for one TTL, whether watched or abandoned, which is what a flood of new sessions
// costs. Time is given by the caller.
#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace ssai {

class SessionWindow {
 public:
  using Clock = std::chrono::steady_clock;

  /// True (and the start noted) when fewer than `cap` sessions of `config` started
  /// within the last `ttl`; `cap` 0: no cap.
  [[nodiscard]] bool admit(const std::string& config, std::size_t cap, std::chrono::seconds ttl, Clock::time_point now);

 private:
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>, std::less<>> starts_;
};

}  // namespace ssai
