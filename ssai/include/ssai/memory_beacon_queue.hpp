#pragma once
// One node's beacon queue, audit trails and analytics stream, in memory: what a single
// node without Redis uses. It keeps every promise of BeaconQueue but the last: it does
// not outlive the process (beacons queued when the node stops are lost, and the log
// says how many).
#include <deque>
#include <map>
#include <mutex>
#include <unordered_map>

#include "ssai/beacon_queue.hpp"
#include "ssai/clock.hpp"

namespace ssai {

class MemoryBeaconQueue final : public BeaconQueue {
 public:
  /// `lease`: how long a taken beacon stays with its consumer before another may take it.
  explicit MemoryBeaconQueue(std::chrono::milliseconds lease = std::chrono::seconds{30},
                             std::size_t analytics_kept = 10'000, const Clock& clock = system_clock());
  ~MemoryBeaconQueue() override;

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
  const Clock& clock_;
  struct Lease {
    std::int64_t since_ms;
    Beacon beacon;
  };
  struct Trail {
    std::int64_t expires_ms = 0;
    std::vector<std::string> records;
  };
  void append_audit_locked(const std::string& session, std::string record, std::chrono::seconds keep,
                           std::int64_t now_ms);
  void publish_locked(std::string json);
  void note_presence_locked(const std::string& session, Presence presence, std::chrono::seconds keep,
                            std::int64_t now_ms);

  std::chrono::milliseconds lease_;
  std::size_t analytics_kept_;
  std::mutex mutex_;
  struct Mark {
    std::int64_t at_ms;
    std::int64_t expires_ms;
  };
  std::unordered_map<std::string, Mark> marks_;  ///< by dedupe key
  std::multimap<std::int64_t, Beacon> waiting_;          ///< by due time
  std::map<std::string, Lease> leased_;                  ///< by handle
  std::unordered_map<std::string, Trail> trails_;        ///< by session
  struct Seen {
    Presence presence;
    std::int64_t expires_ms = 0;
  };
  std::unordered_map<std::string, Seen> presence_;  ///< by session
  std::deque<AnalyticsEntry> analytics_;
  std::uint64_t next_handle_ = 0;
  std::uint64_t next_analytics_ = 0;
  std::int64_t last_sweep_ms_ = 0;
};

}  // namespace ssai
