#include "ssai/memory_beacon_queue.hpp"

#include <charconv>

#include "ssai/log.hpp"

namespace ssai {
namespace asio = boost::asio;

namespace {
constexpr std::int64_t kSweepEveryMs = 60'000;
}

MemoryBeaconQueue::MemoryBeaconQueue(std::chrono::milliseconds lease, std::size_t analytics_kept, const Clock& clock)
    : clock_(clock), lease_(lease), analytics_kept_(analytics_kept) {}

MemoryBeaconQueue::~MemoryBeaconQueue() {
  if (const auto unsent = waiting_.size() + leased_.size(); unsent > 0) {
    log::warn("beacons", std::to_string(unsent) + " beacons not sent: the memory queue ends with this node");
  }
}

asio::awaitable<Result<std::vector<bool>>> MemoryBeaconQueue::record_events(std::vector<AdEvent> events,
                                                                             std::int64_t now_ms) {
  std::vector<bool> fired;
  std::lock_guard lock(mutex_);
  if (now_ms - last_sweep_ms_ > kSweepEveryMs) {
    last_sweep_ms_ = now_ms;
    std::erase_if(marks_, [now_ms](const auto& mark) { return mark.second.expires_ms <= now_ms; });
    std::erase_if(trails_, [now_ms](const auto& trail) { return trail.second.expires_ms <= now_ms; });
    std::erase_if(presence_, [now_ms](const auto& seen) { return seen.second.expires_ms <= now_ms; });
  }
  for (auto& event : events) {
    if (event.seen_ms) note_presence_locked(event.session, Presence{*event.seen_ms, 0}, event.keep, now_ms);
    const bool fresh = std::none_of(event.dedupe_keys.begin(), event.dedupe_keys.end(), [&](const std::string& key) {
      auto it = marks_.find(key);
      return it != marks_.end() && it->second.expires_ms > now_ms;
    });
    fired.push_back(fresh);
    if (!fresh) {
      append_audit_locked(event.session, std::move(event.duplicate_record), event.keep, now_ms);
      continue;
    }
    const auto keep_ms = std::chrono::duration_cast<std::chrono::milliseconds>(event.keep).count();
    for (const auto& key : event.dedupe_keys) marks_[key] = {now_ms, now_ms + keep_ms};
    for (auto& beacon : event.beacons) {
      append_audit_locked(event.session, audit_record(beacon, "queued", now_ms), event.keep, now_ms);
      const auto due = beacon.due_ms;
      waiting_.emplace(due, std::move(beacon));
    }
    if (!event.analytics.empty()) publish_locked(std::move(event.analytics));
  }
  co_return fired;
}

asio::awaitable<Result<std::optional<std::int64_t>>> MemoryBeaconQueue::fired_at(std::string dedupe_key) {
  std::lock_guard lock(mutex_);
  auto it = marks_.find(dedupe_key);
  if (it == marks_.end() || it->second.expires_ms <= clock_.unix_ms()) co_return std::optional<std::int64_t>{};
  co_return std::optional(it->second.at_ms);
}

asio::awaitable<Result<void>> MemoryBeaconQueue::note_presence(std::string session, Presence presence,
                                                              std::chrono::seconds keep) {
  std::lock_guard lock(mutex_);
  note_presence_locked(session, presence, keep, clock_.unix_ms());
  co_return Result<void>{};
}

void MemoryBeaconQueue::note_presence_locked(const std::string& session, Presence presence, std::chrono::seconds keep,
                                             std::int64_t now_ms) {
  auto& seen = presence_[session];
  if (presence.poll_ms == 0) presence.poll_ms = seen.presence.poll_ms;
  seen.presence = presence;
  seen.expires_ms = now_ms + std::chrono::duration_cast<std::chrono::milliseconds>(keep).count();
}

asio::awaitable<Result<std::optional<Presence>>> MemoryBeaconQueue::presence(std::string session) {
  std::lock_guard lock(mutex_);
  auto it = presence_.find(session);
  if (it == presence_.end() || it->second.expires_ms <= clock_.unix_ms()) co_return std::optional<Presence>{};
  co_return std::optional(it->second.presence);
}

asio::awaitable<Result<std::vector<TakenBeacon>>> MemoryBeaconQueue::take(std::string consumer, std::size_t max,
                                                                          std::int64_t now_ms) {
  std::vector<TakenBeacon> taken;
  std::lock_guard lock(mutex_);
  // A lease that ran out: its consumer died or hung; the beacon goes to whoever asks.
  for (auto& [handle, lease] : leased_) {
    if (taken.size() >= max) break;
    if (now_ms - lease.since_ms < lease_.count()) continue;
    lease.since_ms = now_ms;
    taken.push_back({handle, lease.beacon});
  }
  while (taken.size() < max && !waiting_.empty() && waiting_.begin()->first <= now_ms) {
    auto node = waiting_.extract(waiting_.begin());
    auto handle = consumer + ":" + std::to_string(++next_handle_);
    leased_.emplace(handle, Lease{now_ms, node.mapped()});
    taken.push_back({std::move(handle), std::move(node.mapped())});
  }
  co_return taken;
}

asio::awaitable<Result<void>> MemoryBeaconQueue::settle(TakenBeacon taken, Settlement settlement) {
  std::lock_guard lock(mutex_);
  // Settled already by whoever took it after its lease ran out: theirs is the record.
  if (leased_.erase(taken.handle) == 0) co_return Result<void>{};
  const auto now = clock_.unix_ms();
  append_audit_locked(taken.beacon.session, std::move(settlement.audit_record), taken.beacon.keep, now);
  if (settlement.kind == Settlement::Kind::kRetry && settlement.retry) {
    const auto due = settlement.retry->due_ms;
    waiting_.emplace(due, std::move(*settlement.retry));
  }
  if (!settlement.analytics.empty()) publish_locked(std::move(settlement.analytics));
  co_return Result<void>{};
}

asio::awaitable<Result<std::vector<std::string>>> MemoryBeaconQueue::audit(std::string session) {
  std::lock_guard lock(mutex_);
  auto it = trails_.find(session);
  if (it == trails_.end() || it->second.expires_ms <= clock_.unix_ms()) co_return std::vector<std::string>{};
  co_return it->second.records;
}

asio::awaitable<Result<void>> MemoryBeaconQueue::publish(std::string json) {
  std::lock_guard lock(mutex_);
  publish_locked(std::move(json));
  co_return Result<void>{};
}

asio::awaitable<Result<std::vector<AnalyticsEntry>>> MemoryBeaconQueue::analytics_after(std::string after_id,
                                                                                       std::size_t max) {
  std::uint64_t after = 0;
  const bool from_start = std::from_chars(after_id.data(), after_id.data() + after_id.size(), after).ec != std::errc{};
  std::vector<AnalyticsEntry> out;
  std::lock_guard lock(mutex_);
  for (const auto& entry : analytics_) {
    if (out.size() >= max) break;
    std::uint64_t id = 0;
    std::from_chars(entry.id.data(), entry.id.data() + entry.id.size(), id);
    if (from_start || id > after) out.push_back(entry);
  }
  co_return out;
}

asio::awaitable<Result<std::vector<AnalyticsEntry>>> MemoryBeaconQueue::analytics_latest(std::size_t max) {
  std::lock_guard lock(mutex_);
  const auto skip = analytics_.size() > max ? analytics_.size() - max : 0;
  co_return std::vector<AnalyticsEntry>(analytics_.begin() + static_cast<std::ptrdiff_t>(skip), analytics_.end());
}

void MemoryBeaconQueue::append_audit_locked(const std::string& session, std::string record, std::chrono::seconds keep,
                                            std::int64_t now_ms) {
  if (record.empty()) return;
  auto& trail = trails_[session];
  trail.expires_ms = now_ms + std::chrono::duration_cast<std::chrono::milliseconds>(keep).count();
  trail.records.push_back(std::move(record));
  if (trail.records.size() > kMaxAuditRecords) trail.records.erase(trail.records.begin());
}

void MemoryBeaconQueue::publish_locked(std::string json) {
  analytics_.push_back({std::to_string(++next_analytics_), std::move(json)});
  while (analytics_.size() > analytics_kept_) analytics_.pop_front();
}

}  // namespace ssai
