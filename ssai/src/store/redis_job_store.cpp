#include "ssai/redis_job_store.hpp"

#include <charconv>

#include <hiredis/hiredis.h>

namespace ssai {

/// A reply copied out of hiredis: a string, an integer, nil, or an array of replies.
struct RedisJobStore::Reply {
  bool nil = false;
  std::string text;
  long long integer = 0;
  std::vector<Reply> elements;
};

namespace {

using adcache::JobState;
using adcache::JobStatus;
using Reply = RedisJobStore::Reply;

const std::string kJobPrefix = "ssai:cond:job:";
const std::string kQueue = "ssai:cond:queue";
const std::string kLeases = "ssai:cond:leases";

#define SSAI_NOW "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) "
#define SSAI_STATUS_FIELDS "'state', 'reason', 'attempts', 'retry_at', 'worker'"

// KEYS: job, queue. ARGV: key, media_url, ladder_url, slate, streaming_url.
constexpr const char* kSubmit = SSAI_NOW
    "local state = redis.call('HGET', KEYS[1], 'state') "
    "if not state or (state == 'failed' and tonumber(redis.call('HGET', KEYS[1], 'retry_at') or '0') <= now) then "
    "  redis.call('HSET', KEYS[1], 'state', 'pending', 'media_url', ARGV[2], 'ladder_url', ARGV[3], 'slate', ARGV[4], "
    "             'streaming_url', ARGV[5]) "
    "  redis.call('RPUSH', KEYS[2], ARGV[1]) "
    "end "
    "return redis.call('HMGET', KEYS[1], " SSAI_STATUS_FIELDS ")";

// KEYS: queue, leases. ARGV: job prefix, worker, lease ms. Jobs whose lease ran out go
// to the front of the queue first; queue entries whose job is no longer pending (taken
// through an older entry, or forgotten) are skipped.
constexpr const char* kTake = SSAI_NOW
    "for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do "
    "  redis.call('ZREM', KEYS[2], key) "
    "  if redis.call('HGET', ARGV[1] .. key, 'state') == 'conditioning' then "
    "    redis.call('HSET', ARGV[1] .. key, 'state', 'pending', 'worker', '') "
    "    redis.call('LPUSH', KEYS[1], key) "
    "  end "
    "end "
    "while true do "
    "  local key = redis.call('LPOP', KEYS[1]) "
    "  if not key then return false end "
    "  local job = ARGV[1] .. key "
    "  if redis.call('HGET', job, 'state') == 'pending' then "
    "    local attempts = redis.call('HINCRBY', job, 'attempts', 1) "
    "    redis.call('HSET', job, 'state', 'conditioning', 'worker', ARGV[2]) "
    "    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), key) "
    "    local f = redis.call('HMGET', job, 'media_url', 'ladder_url', 'slate', 'streaming_url') "
    "    return {key, f[1] or '', f[2] or '', f[3] or '0', attempts, f[4] or ''} "
    "  end "
    "end";

// KEYS: job, leases. ARGV: key, worker, lease ms.
constexpr const char* kRenew = SSAI_NOW
    "local f = redis.call('HMGET', KEYS[1], 'state', 'worker') "
    "if f[1] ~= 'conditioning' or f[2] ~= ARGV[2] then return 0 end "
    "redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1]) "
    "return 1";

// KEYS: job, leases. ARGV: key, worker, state, reason, retry after ms.
constexpr const char* kFinish = SSAI_NOW
    "local f = redis.call('HMGET', KEYS[1], 'state', 'worker') "
    "if f[1] ~= 'conditioning' or f[2] ~= ARGV[2] then return 0 end "
    "redis.call('ZREM', KEYS[2], ARGV[1]) "
    "redis.call('HSET', KEYS[1], 'state', ARGV[3], 'reason', ARGV[4], 'worker', '', "
    "           'retry_at', now + tonumber(ARGV[5])) "
    "return 1";

Reply copy(const redisReply& r) {
  Reply out;
  out.nil = r.type == REDIS_REPLY_NIL;
  if (r.str) out.text.assign(r.str, r.len);
  out.integer = r.integer;
  for (std::size_t i = 0; r.type == REDIS_REPLY_ARRAY && i < r.elements; ++i) out.elements.push_back(copy(*r.element[i]));
  return out;
}

long long to_number(const Reply& r) {
  if (r.text.empty()) return r.integer;
  long long n = 0;
  std::from_chars(r.text.data(), r.text.data() + r.text.size(), n);
  return n;
}

// HMGET state, reason, attempts, retry_at, worker: nullopt when the job is unknown.
adcache::Result<std::optional<JobStatus>> status_from(const Reply& reply) {
  if (reply.elements.size() != 5) return adcache::fail(adcache::Errc::kStoreUnavailable, "unexpected reply to a status read");
  if (reply.elements[0].nil) return std::nullopt;
  JobStatus status;
  auto state = adcache::parse_state(reply.elements[0].text);
  if (!state) return adcache::fail(adcache::Errc::kStoreUnavailable, "unknown job state '" + reply.elements[0].text + "'");
  status.state = *state;
  status.reason = reply.elements[1].text;
  status.attempts = static_cast<int>(to_number(reply.elements[2]));
  status.retry_at = adcache::WallTime{std::chrono::milliseconds(to_number(reply.elements[3]))};
  status.worker = reply.elements[4].text;
  return status;
}

std::string ms(std::chrono::milliseconds d) { return std::to_string(d.count()); }

}  // namespace

struct RedisJobStore::Connection {
  redisContext* context = nullptr;
};

RedisJobStore::RedisJobStore(RedisOptions options) : options_(std::move(options)), connection_(std::make_unique<Connection>()) {}

RedisJobStore::~RedisJobStore() {
  if (connection_->context) redisFree(connection_->context);
}

adcache::Result<Reply> RedisJobStore::run(const std::vector<std::string>& argv) {
  std::lock_guard lock(mutex_);
  const auto timeout_us = std::chrono::duration_cast<std::chrono::microseconds>(options_.command_timeout).count();
  const timeval timeout{static_cast<time_t>(timeout_us / 1'000'000), static_cast<suseconds_t>(timeout_us % 1'000'000)};
  if (!connection_->context) {
    connection_->context = redisConnectWithTimeout(options_.host.c_str(), options_.port, timeout);
    if (!connection_->context || connection_->context->err) {
      std::string why = connection_->context ? connection_->context->errstr : "out of memory";
      if (connection_->context) redisFree(connection_->context);
      connection_->context = nullptr;
      return adcache::fail(adcache::Errc::kStoreUnavailable, "redis at " + options_.host + ":" + std::to_string(options_.port) + ": " + why);
    }
    redisSetTimeout(connection_->context, timeout);
  }
  std::vector<const char*> args;
  std::vector<std::size_t> lengths;
  for (const auto& a : argv) {
    args.push_back(a.data());
    lengths.push_back(a.size());
  }
  auto* reply = static_cast<redisReply*>(redisCommandArgv(connection_->context, static_cast<int>(args.size()), args.data(), lengths.data()));
  if (!reply) {
    // The connection is unusable after an I/O error or timeout: the next call opens another.
    std::string why = connection_->context->errstr;
    redisFree(connection_->context);
    connection_->context = nullptr;
    return adcache::fail(adcache::Errc::kStoreUnavailable, "redis: " + why);
  }
  Reply out = copy(*reply);
  const bool error = reply->type == REDIS_REPLY_ERROR;
  freeReplyObject(reply);
  if (error) return adcache::fail(adcache::Errc::kStoreUnavailable, "redis: " + out.text);
  return out;
}

adcache::Result<JobStatus> RedisJobStore::submit(const adcache::ConditioningJob& job) {
  auto reply = run({"EVAL", kSubmit, "2", kJobPrefix + job.key, kQueue, job.key, job.media_url, job.ladder_url,
                    job.slate ? "1" : "0", job.streaming_url});
  if (!reply) return tl::unexpected(reply.error());
  auto status = status_from(*reply);
  if (!status) return tl::unexpected(status.error());
  if (!*status) return adcache::fail(adcache::Errc::kStoreUnavailable, "the job vanished while being submitted");
  return **status;
}

adcache::Result<std::optional<adcache::LeasedJob>> RedisJobStore::take(const std::string& worker, std::chrono::milliseconds lease) {
  auto reply = run({"EVAL", kTake, "2", kQueue, kLeases, kJobPrefix, worker, ms(lease)});
  if (!reply) return tl::unexpected(reply.error());
  if (reply->elements.size() != 6) return std::nullopt;  // false: nothing pending
  adcache::LeasedJob leased;
  leased.job.key = reply->elements[0].text;
  leased.job.media_url = reply->elements[1].text;
  leased.job.ladder_url = reply->elements[2].text;
  leased.job.slate = reply->elements[3].text == "1";
  leased.attempt = static_cast<int>(to_number(reply->elements[4]));
  leased.job.streaming_url = reply->elements[5].text;
  return leased;
}

adcache::Result<bool> RedisJobStore::renew(const std::string& key, const std::string& worker, std::chrono::milliseconds lease) {
  auto reply = run({"EVAL", kRenew, "2", kJobPrefix + key, kLeases, key, worker, ms(lease)});
  if (!reply) return tl::unexpected(reply.error());
  return reply->integer == 1;
}

adcache::Result<bool> RedisJobStore::finish(const std::string& key, const std::string& worker, const adcache::JobOutcome& outcome) {
  auto reply = run({"EVAL", kFinish, "2", kJobPrefix + key, kLeases, key, worker,
                    adcache::state_name(outcome.ready ? JobState::kReady : JobState::kFailed), outcome.reason,
                    ms(outcome.ready ? std::chrono::milliseconds(0) : outcome.retry_after)});
  if (!reply) return tl::unexpected(reply.error());
  return reply->integer == 1;
}

adcache::Result<std::optional<JobStatus>> RedisJobStore::status(const std::string& key) {
  auto reply = run({"HMGET", kJobPrefix + key, "state", "reason", "attempts", "retry_at", "worker"});
  if (!reply) return tl::unexpected(reply.error());
  return status_from(*reply);
}

// KEYS: queue, leases. ARGV: job prefix. Queue entries can outlive their job's pending
// state (take drops them lazily): only jobs still pending count, each once.
constexpr const char* kDepth =
    "local seen = {} local pending = 0 "
    "for _, key in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do "
    "  if not seen[key] and redis.call('HGET', ARGV[1] .. key, 'state') == 'pending' then pending = pending + 1 end "
    "  seen[key] = true "
    "end "
    "return {pending, redis.call('ZCARD', KEYS[2])}";

adcache::Result<adcache::QueueDepth> RedisJobStore::depth() {
  auto reply = run({"EVAL", kDepth, "2", kQueue, kLeases, kJobPrefix});
  if (!reply) return tl::unexpected(reply.error());
  if (reply->elements.size() != 2) return adcache::fail(adcache::Errc::kStoreUnavailable, "redis: unexpected depth reply");
  return adcache::QueueDepth{static_cast<std::size_t>(reply->elements[0].integer),
                             static_cast<std::size_t>(reply->elements[1].integer)};
}

adcache::Result<void> RedisJobStore::forget(const std::string& key) {
  if (auto reply = run({"DEL", kJobPrefix + key}); !reply) return tl::unexpected(reply.error());
  if (auto reply = run({"ZREM", kLeases, key}); !reply) return tl::unexpected(reply.error());
  return {};
}

}  // namespace ssai
