#pragma once
// Where beacons wait to be sent, and what became of them. Advertisers pay per
// impression, so a beacon is written down before anything tries to send it: a node that
// dies, a receiver that answers 503 or does not answer, a restart, none of these lose
// one. Three things live here together, so that one round trip to the store records
// everything a segment fetch caused:
//   - the queue of beacons due now or later (retries, and quartiles not reached yet),
//     taken by the dispatchers of every node; a beacon taken by a node that died is
//     taken again by another once its lease has passed;
//   - each session's audit trail: every beacon, when it was due, each attempt and
//     answer, for ad-ops who dispute counts with an ad server;
//   - the analytics stream dashboards read: one entry per ad event and decision.
// The memory queue is one node's and does not outlive it; Redis's outlives the nodes.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "ssai/error.hpp"

namespace ssai {

/// One URL to call, once.
struct Beacon {
  std::string id;  ///< unique: session, avail, ad, event and the URL's place in the event
  std::string session;
  std::string avail;
  std::size_t ad = 0;
  std::string event;  ///< impression, start, firstQuartile, ..., breakStart, error
  /// Macros already filled but [TIMESTAMP] and [CACHEBUSTING], which are filled at each
  /// attempt (VAST: the time the URL is called).
  std::string url;
  std::string device_ip;  ///< forwarded as X-Device-IP and X-Forwarded-For, when set
  std::string device_user_agent;
  std::int64_t due_ms = 0;      ///< Unix ms: not sent before
  std::int64_t give_up_ms = 0;  ///< Unix ms: recorded as failed when not sent by then
  int attempts = 0;             ///< made so far
  /// Deferred until playback could reach it (a quartile or complete due after its
  /// segment's fetch): sent only if the session still showed signs of playing near its
  /// due time (Presence), else recorded as abandoned.
  bool awaits_playback = false;
  std::chrono::seconds keep{3600};  ///< how long its audit trail is kept (the session's TTL)
};

[[nodiscard]] std::string to_json(const Beacon& beacon);
[[nodiscard]] Result<Beacon> beacon_from_json(std::string_view json);

/// The most records a session's audit trail keeps (the newest): a live session watched
/// for days stays a few megabytes.
inline constexpr std::size_t kMaxAuditRecords = 10'000;

/// A line of a session's audit trail: the beacon, its `state` (queued, sent, retry,
/// failed, refused by the outbound policy, duplicate), when, and the answer when there was one.
struct AuditDetail {
  long status = 0;        ///< the receiver's HTTP status; 0: none
  std::string error;      ///< why the attempt failed
  std::int64_t next_ms = 0;  ///< retry: when the next attempt is due
};
[[nodiscard]] std::string audit_record(const Beacon& beacon, std::string_view state, std::int64_t at_ms,
                                       const AuditDetail& detail = {});

/// One VAST event of one ad in one session: recorded once, whoever sees it first.
struct AdEvent {
  /// All must be new for the event to fire: (session, avail, ad, event), and the
  /// creative's AdServingId with the event when it has one.
  std::vector<std::string> dedupe_keys;
  std::string session;
  std::chrono::seconds keep{3600};  ///< marks and audit trail: the session's TTL
  std::vector<Beacon> beacons;      ///< one per URL; none when the ad gave no URL
  std::string analytics;            ///< its analytics stream entry (JSON); empty: none
  std::string duplicate_record;     ///< the audit record written when it is not new
  /// Set when the fetch that reached this event is also its session's sign of life to
  /// note (note_presence, no poll interval), in the same write.
  std::optional<std::int64_t> seen_ms;
};

/// The last sign of a session's player: when it last asked the service for anything (a
/// playlist, an MPD, an ad segment), and how often it polls when its content is live
/// (the target duration; 0 when unknown or VOD, where players fetch ahead and poll
/// nothing).
struct Presence {
  std::int64_t seen_ms = 0;
  std::int64_t poll_ms = 0;
};

/// A beacon a dispatcher took, with the queue's handle for settling it.
struct TakenBeacon {
  std::string handle;
  Beacon beacon;
};

/// What became of an attempt.
struct Settlement {
  enum class Kind { kSent, kFailed, kRetry } kind = Kind::kSent;
  std::string audit_record;   ///< JSON for the session's audit trail
  std::optional<Beacon> retry;  ///< kRetry: the beacon again, due later
  /// A final outcome's analytics stream entry (delivery_analytics); empty: none.
  std::string analytics;
};

/// An analytics stream entry: its id (increasing) and JSON.
struct AnalyticsEntry {
  std::string id;
  std::string json;
};

class BeaconQueue {
 public:
  virtual ~BeaconQueue() = default;

  /// Records the events: for each, true when it was new (its beacons are queued, its
  /// audit records and analytics entry written), false when seen before.
  [[nodiscard]] boost::asio::awaitable<Result<std::vector<bool>>> record(std::vector<AdEvent> events,
                                                                         std::int64_t now_ms);
  /// When the event a dedupe key marks was first recorded (Unix ms); nullopt: never.
  [[nodiscard]] virtual boost::asio::awaitable<Result<std::optional<std::int64_t>>> fired_at(std::string dedupe_key) = 0;
  /// Up to `max` beacons due by `now_ms`, leased to `consumer` (a node's dispatcher).
  [[nodiscard]] virtual boost::asio::awaitable<Result<std::vector<TakenBeacon>>> take(std::string consumer,
                                                                                      std::size_t max,
                                                                                      std::int64_t now_ms) = 0;
  [[nodiscard]] virtual boost::asio::awaitable<Result<void>> settle(TakenBeacon taken, Settlement settlement) = 0;
  /// Notes that the session's player asked for something. A note without a poll
  /// interval keeps the one noted before (an ad segment fetch of a live session).
  [[nodiscard]] virtual boost::asio::awaitable<Result<void>> note_presence(std::string session, Presence presence,
                                                                          std::chrono::seconds keep) = 0;
  [[nodiscard]] virtual boost::asio::awaitable<Result<std::optional<Presence>>> presence(std::string session) = 0;
  /// A session's audit records, oldest first.
  [[nodiscard]] virtual boost::asio::awaitable<Result<std::vector<std::string>>> audit(std::string session) = 0;
  /// Adds an entry to the analytics stream (decisions, and ad events without beacons).
  [[nodiscard]] virtual boost::asio::awaitable<Result<void>> publish(std::string json) = 0;
  /// Analytics entries after `after_id` (empty: from the oldest kept), oldest first.
  [[nodiscard]] virtual boost::asio::awaitable<Result<std::vector<AnalyticsEntry>>> analytics_after(std::string after_id,
                                                                                                   std::size_t max) = 0;
  /// The newest `max` analytics entries, oldest first: where a new dashboard starts.
  [[nodiscard]] virtual boost::asio::awaitable<Result<std::vector<AnalyticsEntry>>> analytics_latest(std::size_t max) = 0;

  /// Called after record() queued a beacon due now: this node's dispatcher, so that it
  /// does not wait for its next poll.
  void on_due(std::function<void()> callback) { on_due_ = std::move(callback); }

 protected:
  /// The most events one record_events call carries (record() splits larger batches).
  static constexpr std::size_t kRecordChunk = 256;
  [[nodiscard]] virtual boost::asio::awaitable<Result<std::vector<bool>>> record_events(std::vector<AdEvent> events,
                                                                                        std::int64_t now_ms) = 0;

 private:
  std::function<void()> on_due_;
};

/// The analytics entry of a beacon's final outcome (sent, failed, abandoned), so that
/// dashboards count deliveries as the ad server sees them: event "delivery", with the
/// beacon's own event as "beaconEvent".
[[nodiscard]] std::string delivery_analytics(const Beacon& beacon, std::string_view outcome, std::int64_t at_ms,
                                             long status);

/// Unix time in ms, the queue's clock.
[[nodiscard]] std::int64_t unix_ms();

}  // namespace ssai
