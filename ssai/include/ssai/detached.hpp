#pragma once
// co_spawn's completion for work nobody awaits (a connection's loop, a beacon delivery,
// a start-up task): an exception that escapes it is logged with what the work was and
// counted (ssai_detached_failures_total), where asio::detached would drop it silently.
#include <atomic>
#include <cstdint>
#include <exception>

namespace ssai {

/// Exceptions that escaped detached work in this process so far.
[[nodiscard]] std::uint64_t detached_failures();

class LoggedDetached {
 public:
  /// `what`: names the work in the log line (a string literal: it must outlive the work).
  explicit LoggedDetached(const char* what) : what_(what) {}
  void operator()(std::exception_ptr failure) const;

 private:
  const char* what_;
};

/// The completion token: asio::co_spawn(executor, work(), logged_detached("beacon delivery")).
[[nodiscard]] inline LoggedDetached logged_detached(const char* what) { return LoggedDetached(what); }

}  // namespace ssai
