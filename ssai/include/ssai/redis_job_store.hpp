#pragma once
// Conditioning jobs in Redis, for many nodes and a separate transcoding tier. Each
// operation is one Lua script (atomic, and timed by Redis's own clock, so the nodes'
// clocks need not agree):
//   ssai:cond:job:<key>  hash: state, media_url, ladder_url, slate, streaming_url,
//                         attempts, reason, retry_at (ms), worker
//   ssai:cond:queue      list of pending keys
//   ssai:cond:leases     sorted set: key -> lease end (ms)
// Blocking hiredis on its own connection: the callers are worker and bookkeeping
// threads, never the I/O threads. A lost connection is opened again on the next call.
#include <memory>
#include <mutex>

#include "adcache/job_store.hpp"
#include "ssai/redis_store.hpp"

namespace ssai {

class RedisJobStore final : public adcache::JobStore {
 public:
  explicit RedisJobStore(RedisOptions options);
  ~RedisJobStore() override;
  RedisJobStore(const RedisJobStore&) = delete;
  RedisJobStore& operator=(const RedisJobStore&) = delete;

  adcache::Result<adcache::JobStatus> submit(const adcache::ConditioningJob& job) override;
  adcache::Result<std::optional<adcache::LeasedJob>> take(const std::string& worker, std::chrono::milliseconds lease) override;
  adcache::Result<bool> renew(const std::string& key, const std::string& worker, std::chrono::milliseconds lease) override;
  adcache::Result<bool> finish(const std::string& key, const std::string& worker, const adcache::JobOutcome& outcome) override;
  adcache::Result<std::optional<adcache::JobStatus>> status(const std::string& key) override;
  adcache::Result<void> forget(const std::string& key) override;
  adcache::Result<adcache::QueueDepth> depth() override;

  struct Reply;

 private:
  adcache::Result<Reply> run(const std::vector<std::string>& argv);

  RedisOptions options_;
  std::mutex mutex_;
  struct Connection;  ///< hiredis's, kept out of this header
  std::unique_ptr<Connection> connection_;
};

}  // namespace ssai
