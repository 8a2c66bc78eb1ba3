#pragma once
// Where the service reads the time. Each component that needs it is given a Clock, so
// that tests move time on by hand (ManualClock) instead of sleeping, and a test of
// "expired after its TTL" takes microseconds and holds on a loaded machine.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace ssai {

class Clock {
 public:
  virtual ~Clock() = default;
  /// For intervals (expiry, throttles, the age of what is remembered): never goes back.
  [[nodiscard]] virtual std::chrono::steady_clock::time_point steady() const = 0;
  /// For dates (beacon times, live edges, records people read).
  [[nodiscard]] virtual std::chrono::system_clock::time_point wall() const = 0;
  /// wall() in milliseconds since the Unix epoch.
  [[nodiscard]] std::int64_t unix_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(wall().time_since_epoch()).count();
  }
};

/// The machine's clocks.
[[nodiscard]] const Clock& system_clock();

/// Time that moves only when told (tests). Both readings move together. Thread-safe.
class ManualClock final : public Clock {
 public:
  /// Starts at `wall` (by default 2026-01-01T00:00:00Z); steady() starts an hour after
  /// its epoch, so that "an hour ago" is a valid reading.
  explicit ManualClock(std::chrono::system_clock::time_point wall = std::chrono::system_clock::time_point{
                           std::chrono::seconds(1'767'225'600)})
      : wall_start_(wall) {}

  [[nodiscard]] std::chrono::steady_clock::time_point steady() const override {
    return std::chrono::steady_clock::time_point{std::chrono::hours(1)} + elapsed();
  }
  [[nodiscard]] std::chrono::system_clock::time_point wall() const override {
    return wall_start_ + std::chrono::duration_cast<std::chrono::system_clock::duration>(elapsed());
  }
  void advance(std::chrono::nanoseconds by) { elapsed_ns_ += by.count(); }

 private:
  [[nodiscard]] std::chrono::nanoseconds elapsed() const { return std::chrono::nanoseconds(elapsed_ns_.load()); }
  std::chrono::system_clock::time_point wall_start_;
  std::atomic<std::int64_t> elapsed_ns_{0};
};

}  // namespace ssai
