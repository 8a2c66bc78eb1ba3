#pragma once
// Conditioning on one node, over a JobStore shared by all nodes: decisions submit
// creatives without ever waiting on the store (a bookkeeping thread forwards them),
// workers take jobs from the store under a lease that the bookkeeper renews while
// ffmpeg runs, and failures go back to the store with a doubling backoff. A node with no
// workers only submits; a separate tier (`ssai worker`) conditions.
#include <cstdint>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "adcache/conditioner.hpp"
#include "adcache/job_store.hpp"

namespace adcache {

class ConditioningQueue {
 public:
  using Work = std::function<Result<ConditionReport>(const ConditioningJob&)>;

  struct Options {
    std::size_t workers = 1;
    std::chrono::milliseconds first_retry{std::chrono::seconds(30)};
    /// How long a job stays a dead worker's: a live one renews at a third of it.
    std::chrono::milliseconds lease{std::chrono::seconds(30)};
    /// How often an idle worker asks the store for a job submitted by another node.
    std::chrono::milliseconds poll{std::chrono::milliseconds(500)};
    /// How long a submit trusts what it last heard from the store about a key that is
    /// not ready, before asking again: 10,000 decisions naming one creative in that
    /// time cost one store call.
    std::chrono::milliseconds refresh{std::chrono::seconds(1)};
    std::string node;  ///< names this node's workers in the store; empty: host:pid:random
    /// Told of each job this node's workers finish: ready or not, and the seconds taken.
    std::function<void(bool ready, double seconds)> on_finished;
  };

  ConditioningQueue(JobStore& store, Work work, Options options);
  /// Stops the threads; a job running finishes first (and is recorded).
  ~ConditioningQueue();
  ConditioningQueue(const ConditioningQueue&) = delete;
  ConditioningQueue& operator=(const ConditioningQueue&) = delete;

  /// Hands the job to the store (unless this node asked about the key within `refresh`)
  /// and returns the key's status as this node last heard it. Never blocks on the
  /// store, so I/O threads may call it.
  JobStatus submit(ConditioningJob job);
  /// The key's status as this node last heard it.
  [[nodiscard]] std::optional<JobStatus> status(const std::string& key) const;

 private:
  struct Known {
    JobStatus status;
    std::chrono::steady_clock::time_point asked{};
    std::uint64_t local_changes = 0;  ///< bumped when a worker of this node starts or ends the job
  };

  void work_loop(const std::string& worker);
  void bookkeeping_loop();
  void run_job(const std::string& worker, const LeasedJob& leased);
  /// Keeps what the store said of `key`, unless a worker here changed it since
  /// `local_changes` was read: the store's answer would be older than what we know.
  void remember(const std::string& key, const JobStatus& status, std::uint64_t local_changes);

  JobStore& store_;
  Work work_;
  Options options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_bookkeeper_;
  std::condition_variable wake_workers_;
  std::map<std::string, ConditioningJob> outbox_;
  std::map<std::string, Known> known_;
  std::map<std::string, std::string> held_;  ///< key -> worker, leases this node renews
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace adcache
