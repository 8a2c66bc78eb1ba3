#pragma once
// Conditioning jobs for one node: one job per creative key however many decisions name
// it, run by worker threads (never the I/O threads), with retries after a backoff for
// failures. The multi-node version keeps the same states in Redis with leases.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "adcache/conditioner.hpp"

namespace adcache {

struct ConditioningJob {
  std::string key;
  std::string media_url;   ///< the creative's source (mezzanine or best progressive file)
  std::string ladder_url;  ///< the content master playlist whose ladder to match
  bool slate = false;      ///< 1 s segments, so it can fill any gap to the second
};

enum class JobState { kPending, kConditioning, kReady, kFailed };

struct JobStatus {
  JobState state = JobState::kPending;
  std::string reason;  ///< why it failed
  int attempts = 0;
  std::chrono::steady_clock::time_point retry_at{};
};

[[nodiscard]] const char* state_name(JobState state);

class ConditioningQueue {
 public:
  using Work = std::function<Result<ConditionReport>(const ConditioningJob&)>;
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  ConditioningQueue(std::size_t workers, Work work,
                    std::chrono::seconds first_retry = std::chrono::seconds(30),
                    Clock clock = [] { return std::chrono::steady_clock::now(); });
  /// Stops the workers; a job running finishes first, pending ones are dropped.
  ~ConditioningQueue();
  ConditioningQueue(const ConditioningQueue&) = delete;
  ConditioningQueue& operator=(const ConditioningQueue&) = delete;

  /// Queues the job unless its key is pending, running, ready, or failed and not yet due
  /// for a retry; returns the key's status after the call.
  JobStatus submit(ConditioningJob job);
  [[nodiscard]] std::optional<JobStatus> status(const std::string& key) const;

 private:
  void run();

  Work work_;
  std::chrono::seconds first_retry_;
  Clock clock_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<ConditioningJob> pending_;
  std::map<std::string, JobStatus> states_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace adcache
