#include "adcache/job_store.hpp"

namespace adcache {

const char* state_name(JobState state) {
  switch (state) {
    case JobState::kPending: return "pending";
    case JobState::kConditioning: return "conditioning";
    case JobState::kReady: return "ready";
    case JobState::kFailed: return "failed";
  }
  return "unknown";
}

std::optional<JobState> parse_state(std::string_view name) {
  for (auto state : {JobState::kPending, JobState::kConditioning, JobState::kReady, JobState::kFailed}) {
    if (name == state_name(state)) return state;
  }
  return std::nullopt;
}

MemoryJobStore::MemoryJobStore(Clock clock) : clock_(std::move(clock)) {}

MemoryJobStore::Clock MemoryJobStore::default_clock() {
  return [] { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); };
}

Result<JobStatus> MemoryJobStore::submit(const ConditioningJob& job) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = records_.try_emplace(job.key);
  Record& record = it->second;
  const bool retry_due = record.status.state == JobState::kFailed && clock_() >= record.status.retry_at;
  if (inserted || retry_due) {
    record.job = job;
    record.status.state = JobState::kPending;
    queue_.push_back(job.key);
  }
  return record.status;
}

Result<std::optional<LeasedJob>> MemoryJobStore::take(const std::string& worker, std::chrono::milliseconds lease) {
  std::lock_guard lock(mutex_);
  const auto now = clock_();
  for (auto it = leased_.begin(); it != leased_.end();) {
    Record& record = records_.at(*it);
    if (record.lease_until > now) {
      ++it;
      continue;
    }
    record.status.state = JobState::kPending;
    record.status.worker.clear();
    queue_.push_front(*it);  // its turn came long ago
    it = leased_.erase(it);
  }
  while (!queue_.empty()) {
    const std::string key = std::move(queue_.front());
    queue_.pop_front();
    auto it = records_.find(key);
    // Forgotten or already taken through an older queue entry: skip.
    if (it == records_.end() || it->second.status.state != JobState::kPending) continue;
    Record& record = it->second;
    record.status.state = JobState::kConditioning;
    record.status.worker = worker;
    ++record.status.attempts;
    record.lease_until = now + lease;
    leased_.insert(key);
    return LeasedJob{record.job, record.status.attempts};
  }
  return std::nullopt;
}

Result<bool> MemoryJobStore::renew(const std::string& key, const std::string& worker, std::chrono::milliseconds lease) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(key);
  if (it == records_.end() || it->second.status.state != JobState::kConditioning || it->second.status.worker != worker) {
    return false;
  }
  it->second.lease_until = clock_() + lease;
  return true;
}

Result<bool> MemoryJobStore::finish(const std::string& key, const std::string& worker, const JobOutcome& outcome) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(key);
  if (it == records_.end() || it->second.status.state != JobState::kConditioning || it->second.status.worker != worker) {
    return false;
  }
  leased_.erase(key);
  JobStatus& status = it->second.status;
  status.worker.clear();
  status.state = outcome.ready ? JobState::kReady : JobState::kFailed;
  status.reason = outcome.ready ? std::string() : outcome.reason;
  status.retry_at = outcome.ready ? WallTime{} : clock_() + outcome.retry_after;
  return true;
}

Result<std::optional<JobStatus>> MemoryJobStore::status(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(key);
  if (it == records_.end()) return std::nullopt;
  return it->second.status;
}

Result<void> MemoryJobStore::forget(const std::string& key) {
  std::lock_guard lock(mutex_);
  records_.erase(key);
  leased_.erase(key);
  return {};
}

Result<QueueDepth> MemoryJobStore::depth() {
  std::lock_guard lock(mutex_);
  QueueDepth depth;
  for (const auto& [key, record] : records_) depth.pending += record.status.state == JobState::kPending ? 1 : 0;
  depth.conditioning = leased_.size();
  return depth;
}

}  // namespace adcache
