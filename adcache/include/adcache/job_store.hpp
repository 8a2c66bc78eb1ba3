#pragma once
// Where conditioning jobs and their states live, so that any node's workers can take
// any job, a creative asked for by many nodes becomes one job, and a job whose worker
// died is taken again when its lease runs out: MemoryJobStore below for one node, Redis
// (ssai/redis_job_store.hpp) for many. Calls block: for worker and bookkeeping threads,
// never an I/O thread.
//
// States: pending -> conditioning (leased to one worker) -> ready | failed(reason).
// A failed job is queued again by the next submit after its retry time; a job whose
// lease ran out goes back to pending.
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <optional>
#include <string>
#include <deque>

#include "adcache/error.hpp"

namespace adcache {

struct ConditioningJob {
  std::string key;
  std::string media_url;   ///< the creative's source (mezzanine or best progressive file)
  std::string ladder_url;  ///< the content master playlist whose ladder to match
  bool slate = false;      ///< 1 s segments, so it can fill any gap to the second
  /// The creative's own HLS rendition set, tried first: used as it is when it matches
  /// the ladder (media_url is the fallback, and may be empty).
  std::string streaming_url;
};

enum class JobState { kPending, kConditioning, kReady, kFailed };

[[nodiscard]] const char* state_name(JobState state);
[[nodiscard]] std::optional<JobState> parse_state(std::string_view name);

using WallTime = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

struct JobStatus {
  JobState state = JobState::kPending;
  std::string reason;  ///< why it failed
  int attempts = 0;    ///< times a worker took it
  WallTime retry_at{};  ///< failed: when a submit may queue it again
  std::string worker;   ///< conditioning: who holds the lease
};

/// A job handed to a worker, leased until the worker renews or finishes it.
struct LeasedJob {
  ConditioningJob job;
  int attempt = 1;
};

struct JobOutcome {
  bool ready = false;
  std::string reason;                   ///< failed: why
  std::chrono::milliseconds retry_after{};  ///< failed: backoff before a submit may queue it again
};

/// How much conditioning work there is, across every node sharing the store.
struct QueueDepth {
  std::size_t pending = 0;       ///< waiting for a worker
  std::size_t conditioning = 0;  ///< with a worker (leased)
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  /// Queues the job unless its key is pending, conditioning, ready, or failed and not
  /// yet due for a retry; returns the key's status after the call.
  [[nodiscard]] virtual Result<JobStatus> submit(const ConditioningJob& job) = 0;
  /// The next pending job, now leased to `worker` for `lease`; nullopt when none is due.
  /// Jobs whose lease ran out are pending again first.
  [[nodiscard]] virtual Result<std::optional<LeasedJob>> take(const std::string& worker, std::chrono::milliseconds lease) = 0;
  /// Extends `worker`'s lease; false when the job is no longer its own (the lease ran
  /// out and the job went back to the queue or to another worker).
  [[nodiscard]] virtual Result<bool> renew(const std::string& key, const std::string& worker,
                                           std::chrono::milliseconds lease) = 0;
  /// Records the outcome; false (and nothing recorded) when the job is no longer
  /// `worker`'s own.
  [[nodiscard]] virtual Result<bool> finish(const std::string& key, const std::string& worker, const JobOutcome& outcome) = 0;
  [[nodiscard]] virtual Result<std::optional<JobStatus>> status(const std::string& key) = 0;
  /// Drops the key's record (its renditions were evicted): the next submit queues it.
  [[nodiscard]] virtual Result<void> forget(const std::string& key) = 0;
  [[nodiscard]] virtual Result<QueueDepth> depth() = 0;
};

/// The store for one node. Thread-safe.
class MemoryJobStore final : public JobStore {
 public:
  using Clock = std::function<WallTime()>;
  explicit MemoryJobStore(Clock clock = default_clock());

  Result<JobStatus> submit(const ConditioningJob& job) override;
  Result<std::optional<LeasedJob>> take(const std::string& worker, std::chrono::milliseconds lease) override;
  Result<bool> renew(const std::string& key, const std::string& worker, std::chrono::milliseconds lease) override;
  Result<bool> finish(const std::string& key, const std::string& worker, const JobOutcome& outcome) override;
  Result<std::optional<JobStatus>> status(const std::string& key) override;
  Result<void> forget(const std::string& key) override;
  Result<QueueDepth> depth() override;

  [[nodiscard]] static Clock default_clock();

 private:
  struct Record {
    ConditioningJob job;
    JobStatus status;
    WallTime lease_until{};
  };

  Clock clock_;
  std::mutex mutex_;
  std::map<std::string, Record> records_;
  std::deque<std::string> queue_;  ///< keys in submit order
  std::set<std::string> leased_;   ///< keys in the conditioning state
};

}  // namespace adcache
