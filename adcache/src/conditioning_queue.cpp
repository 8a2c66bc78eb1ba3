#include "adcache/conditioning_queue.hpp"

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

ConditioningQueue::ConditioningQueue(std::size_t workers, Work work, std::chrono::seconds first_retry, Clock clock)
    : work_(std::move(work)), first_retry_(first_retry), clock_(std::move(clock)) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, workers); ++i) workers_.emplace_back([this] { run(); });
}

ConditioningQueue::~ConditioningQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

JobStatus ConditioningQueue::submit(ConditioningJob job) {
  std::unique_lock lock(mutex_);
  auto [it, inserted] = states_.try_emplace(job.key);
  JobStatus& status = it->second;
  const bool retry_due = status.state == JobState::kFailed && clock_() >= status.retry_at;
  if (inserted || retry_due) {
    status.state = JobState::kPending;
    pending_.push_back(std::move(job));
    lock.unlock();
    wake_.notify_one();
    lock.lock();
  }
  return states_.at(it->first);
}

std::optional<JobStatus> ConditioningQueue::status(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = states_.find(key);
  if (it == states_.end()) return std::nullopt;
  return it->second;
}

void ConditioningQueue::run() {
  for (;;) {
    ConditioningJob job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (stopping_) return;
      job = std::move(pending_.front());
      pending_.pop_front();
      auto& status = states_[job.key];
      status.state = JobState::kConditioning;
      ++status.attempts;
    }
    // Minutes of ffmpeg: outside the lock. A job that throws fails; the node lives on.
    Result<ConditionReport> result = fail(Errc::kBadRendition, "conditioning threw");
    try {
      result = work_(job);
    } catch (const std::exception& e) {
      result = fail(Errc::kBadRendition, std::string("conditioning threw: ") + e.what());
    }
    std::lock_guard lock(mutex_);
    auto& status = states_[job.key];
    if (result) {
      status.state = JobState::kReady;
      status.reason.clear();
    } else {
      status.state = JobState::kFailed;
      status.reason = result.error().detail;
      // Backoff doubles with each failed attempt: a source that is briefly down is tried
      // again soon, one that is broken rarely.
      status.retry_at = clock_() + first_retry_ * (1 << std::min(status.attempts - 1, 8));
    }
  }
}

}  // namespace adcache
