#pragma once
// The beacon queue in Redis, shared by every node and outliving them (store_keys.hpp
// names the keys):
//   beacons:due     a stream read by the consumer group "dispatchers"; a beacon stays
//                   in the group's pending list until settled, and one whose consumer
//                   went quiet for the lease is claimed by the next taker (XAUTOCLAIM)
//   beacons:later   a sorted set of beacons due later (retries, quartiles not reached
//                   yet) by Unix ms, moved to the stream when due
//   beacons:audit:<session>, analytics (a stream capped near 100,000 entries)
// Each operation is one Lua script, so a segment fetch's events, their marks, beacons,
// audit records and analytics entries are written together or not at all.
#include "ssai/beacon_queue.hpp"
#include "ssai/redis_store.hpp"

namespace ssai {

class RedisBeaconQueue final : public BeaconQueue {
 public:
  /// Uses `redis`'s connection. `lease`: how long a taken beacon stays with a consumer
  /// that does not settle it; longer than any one attempt.
  RedisBeaconQueue(RedisStore& redis, std::chrono::milliseconds lease = std::chrono::seconds{30},
                   std::size_t analytics_kept = 100'000);

  boost::asio::awaitable<Result<std::optional<std::int64_t>>> fired_at(std::string dedupe_key) override;
  boost::asio::awaitable<Result<std::vector<TakenBeacon>>> take(std::string consumer, std::size_t max,
                                                                std::int64_t now_ms) override;
  boost::asio::awaitable<Result<void>> settle(TakenBeacon taken, Settlement settlement) override;
  boost::asio::awaitable<Result<void>> note_presence(std::string session, Presence presence,
                                                    std::chrono::seconds keep) override;
  boost::asio::awaitable<Result<std::optional<Presence>>> presence(std::string session) override;
  boost::asio::awaitable<Result<std::vector<std::string>>> audit(std::string session) override;
  boost::asio::awaitable<Result<void>> publish(std::string json) override;
  boost::asio::awaitable<Result<std::vector<AnalyticsEntry>>> analytics_after(std::string after_id,
                                                                             std::size_t max) override;
  boost::asio::awaitable<Result<std::vector<AnalyticsEntry>>> analytics_latest(std::size_t max) override;

 protected:
  boost::asio::awaitable<Result<std::vector<bool>>> record_events(std::vector<AdEvent> events,
                                                                  std::int64_t now_ms) override;

 private:
  /// Runs a script; an error reply becomes kUnavailable with `what` in its message.
  boost::asio::awaitable<Result<RedisReply>> script(std::string_view what, std::string_view lua,
                                                    std::vector<std::string> names, std::vector<std::string> args);

  RedisStore& redis_;
  std::chrono::milliseconds lease_;
  std::size_t analytics_kept_;
};

}  // namespace ssai
