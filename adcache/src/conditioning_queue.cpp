#include "adcache/conditioning_queue.hpp"

#include <random>
#include <unistd.h>

namespace adcache {
namespace {

std::string default_node_name() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::random_device random;
  char tag[9];
  std::snprintf(tag, sizeof tag, "%08x", random());
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + tag;
}

constexpr std::size_t kMaxKnown = 100'000;

// Whatever the store or the work says goes to stderr: the queue has no logger of its
// own, and a failing store must be visible to whoever runs the node.
void report(const std::string& what) { std::fprintf(stderr, "adcache: %s\n", what.c_str()); }

}  // namespace

ConditioningQueue::ConditioningQueue(JobStore& store, Work work, Options options)
    : store_(store), work_(std::move(work)), options_(std::move(options)) {
  if (options_.node.empty()) options_.node = default_node_name();
  threads_.emplace_back([this] { bookkeeping_loop(); });
  for (std::size_t i = 0; i < options_.workers; ++i) {
    threads_.emplace_back([this, worker = options_.node + "/" + std::to_string(i)] { work_loop(worker); });
  }
}

ConditioningQueue::~ConditioningQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_bookkeeper_.notify_all();
  wake_workers_.notify_all();
  for (auto& thread : threads_) thread.join();
}

JobStatus ConditioningQueue::submit(ConditioningJob job) {
  std::unique_lock lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  // What this node heard is only a cache of the store: forgetting it costs one store call
  // per key, and keeps a long-running node's memory bounded.
  if (known_.size() >= kMaxKnown) std::erase_if(known_, [this](const auto& item) { return !held_.contains(item.first); });
  auto [it, inserted] = known_.try_emplace(job.key);
  Known& known = it->second;
  // Even a key known ready is asked about again: it is submitted because its renditions
  // are missing, so they may have been evicted (and its job forgotten) since.
  if ((inserted || now - known.asked >= options_.refresh) && !outbox_.contains(job.key)) {
    known.asked = now;
    outbox_.emplace(job.key, std::move(job));
    lock.unlock();
    wake_bookkeeper_.notify_one();
    lock.lock();
  }
  return known_.at(it->first).status;
}

std::optional<JobStatus> ConditioningQueue::status(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = known_.find(key);
  if (it == known_.end()) return std::nullopt;
  return it->second.status;
}

void ConditioningQueue::remember(const std::string& key, const JobStatus& status, std::uint64_t local_changes) {
  std::lock_guard lock(mutex_);
  auto& known = known_[key];
  if (known.local_changes == local_changes) known.status = status;
}

void ConditioningQueue::bookkeeping_loop() {
  const auto renew_every = std::max(options_.lease / 3, std::chrono::milliseconds(10));
  auto next_renewal = std::chrono::steady_clock::now() + renew_every;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_bookkeeper_.wait_until(lock, next_renewal, [this] { return stopping_ || !outbox_.empty(); });
    if (stopping_) return;
    auto outbox = std::exchange(outbox_, {});
    const bool renew_now = std::chrono::steady_clock::now() >= next_renewal;
    const auto held = renew_now ? held_ : std::map<std::string, std::string>{};
    lock.unlock();

    bool queued = false;
    for (const auto& [key, job] : outbox) {
      std::uint64_t changes_before = 0;
      {
        std::lock_guard guard(mutex_);
        changes_before = known_[key].local_changes;
      }
      auto status = store_.submit(job);
      if (!status) {
        report("cannot submit " + key + ": " + status.error().detail);
        continue;
      }
      queued = queued || status->state == JobState::kPending;
      remember(key, *status, changes_before);
    }
    if (queued) wake_workers_.notify_all();
    for (const auto& [key, worker] : held) {
      auto renewed = store_.renew(key, worker, options_.lease);
      if (!renewed) {
        report("cannot renew the lease on " + key + ": " + renewed.error().detail);
      } else if (!*renewed) {
        report(worker + " lost the lease on " + key + "; another worker may condition it too");
      }
    }

    lock.lock();
    if (renew_now) next_renewal = std::chrono::steady_clock::now() + renew_every;
  }
}

void ConditioningQueue::work_loop(const std::string& worker) {
  bool store_down = false;  // said once per outage, not every poll
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    auto taken = store_.take(worker, options_.lease);
    if (taken && store_down) report(worker + " reaches the job store again");
    if (!taken && !store_down) report(worker + " cannot take jobs: " + taken.error().detail);
    store_down = !taken;
    if (taken && *taken) {
      run_job(worker, **taken);
      continue;
    }
    std::unique_lock lock(mutex_);
    wake_workers_.wait_for(lock, options_.poll, [this] { return stopping_; });
  }
}

void ConditioningQueue::run_job(const std::string& worker, const LeasedJob& leased) {
  const std::string& key = leased.job.key;
  {
    std::lock_guard lock(mutex_);
    held_[key] = worker;
    ++known_[key].local_changes;
    auto& known = known_[key].status;
    known.state = JobState::kConditioning;
    known.attempts = leased.attempt;
    known.worker = worker;
  }
  // Minutes of ffmpeg, outside the lock. A job that throws fails; the node lives on.
  const auto started = std::chrono::steady_clock::now();
  Result<ConditionReport> result = fail(Errc::kBadRendition, "conditioning threw");
  try {
    result = work_(leased.job);
  } catch (const std::exception& e) {
    result = fail(Errc::kBadRendition, std::string("conditioning threw: ") + e.what());
  }
  JobOutcome outcome;
  outcome.ready = result.has_value();
  if (options_.on_finished) {
    options_.on_finished(outcome.ready, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  if (!result) {
    outcome.reason = result.error().detail;
    // Backoff doubles with each failed attempt: a source that is briefly down is tried
    // again soon, one that is broken rarely.
    outcome.retry_after = options_.first_retry * (1 << std::min(leased.attempt - 1, 8));
  }
  // The outcome must reach the store, or another worker redoes the job when the lease
  // runs out: a few tries across a short store outage.
  Result<bool> recorded = false;
  for (int attempt = 0; attempt < 5; ++attempt) {
    recorded = store_.finish(key, worker, outcome);
    if (recorded) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
  }
  if (!recorded) report("cannot record the outcome of " + key + ": " + recorded.error().detail);
  if (recorded && !*recorded) report(worker + " finished " + key + " after losing its lease; outcome not recorded");
  std::lock_guard lock(mutex_);
  held_.erase(key);
  ++known_[key].local_changes;
  auto& known = known_[key].status;
  known.state = outcome.ready ? JobState::kReady : JobState::kFailed;
  known.reason = outcome.reason;
  known.worker.clear();
}

}  // namespace adcache
