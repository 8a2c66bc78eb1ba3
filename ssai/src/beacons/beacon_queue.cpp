#include "ssai/beacon_queue.hpp"

#include <algorithm>
#include <iterator>

#include "common/json_io.hpp"

namespace ssai {

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string to_json(const Beacon& beacon) {
  JsonWriter w;
  w.begin_object();
  w.field("id", beacon.id);
  w.field("session", beacon.session);
  w.field("avail", beacon.avail);
  w.field("ad", static_cast<std::uint64_t>(beacon.ad));
  w.field("event", beacon.event);
  w.field("url", beacon.url);
  if (!beacon.device_ip.empty()) w.field("deviceIp", beacon.device_ip);
  if (!beacon.device_user_agent.empty()) w.field("deviceUa", beacon.device_user_agent);
  w.field("due", beacon.due_ms);
  w.field("giveUp", beacon.give_up_ms);
  w.field("attempts", beacon.attempts);
  if (beacon.awaits_playback) w.field("awaitsPlayback", true);
  w.field("keep", static_cast<std::int64_t>(beacon.keep.count()));
  w.end_object();
  return w.take();
}

Result<Beacon> beacon_from_json(std::string_view json) {
  JsonReader r(json);
  if (!r.ok()) return fail(Errc::kBadRequest, "a queued beacon is not a JSON object");
  Beacon beacon;
  beacon.id = r.string("id");
  beacon.session = r.string("session");
  beacon.avail = r.string("avail");
  beacon.ad = static_cast<std::size_t>(std::max<std::int64_t>(0, r.integer("ad")));
  beacon.event = r.string("event");
  beacon.url = r.string("url");
  beacon.device_ip = r.string("deviceIp");
  beacon.device_user_agent = r.string("deviceUa");
  beacon.due_ms = r.integer("due");
  beacon.give_up_ms = r.integer("giveUp");
  beacon.attempts = static_cast<int>(std::clamp<std::int64_t>(r.integer("attempts"), 0, 1'000'000));
  beacon.awaits_playback = r.boolean("awaitsPlayback");
  beacon.keep = std::chrono::seconds{std::max<std::int64_t>(1, r.integer("keep"))};
  if (beacon.id.empty() || beacon.url.empty()) return fail(Errc::kBadRequest, "a queued beacon has no id or no URL");
  return beacon;
}

std::string audit_record(const Beacon& beacon, std::string_view state, std::int64_t at_ms, const AuditDetail& detail) {
  JsonWriter w;
  w.begin_object();
  w.field("beacon", beacon.id);
  w.field("avail", beacon.avail);
  w.field("ad", static_cast<std::uint64_t>(beacon.ad));
  w.field("event", beacon.event);
  if (!beacon.url.empty()) w.field("url", beacon.url);
  w.field("state", state);
  w.field("at", at_ms);
  w.field("attempt", beacon.attempts);
  if (detail.status != 0) w.field("status", static_cast<std::int64_t>(detail.status));
  if (!detail.error.empty()) w.field("error", detail.error);
  if (detail.next_ms != 0) w.field("next", detail.next_ms);
  if (state == "queued") w.field("due", beacon.due_ms);
  w.end_object();
  return w.take();
}

std::string delivery_analytics(const Beacon& beacon, std::string_view outcome, std::int64_t at_ms, long status) {
  JsonWriter w;
  w.begin_object();
  w.field("time", at_ms);
  w.field("session", beacon.session);
  w.field("avail", beacon.avail);
  w.field("ad", static_cast<std::uint64_t>(beacon.ad));
  w.field("event", "delivery");
  w.field("beaconEvent", beacon.event);
  w.field("outcome", outcome);
  w.field("attempts", beacon.attempts);
  if (status != 0) w.field("status", static_cast<std::int64_t>(status));
  w.end_object();
  return w.take();
}

boost::asio::awaitable<Result<std::vector<bool>>> BeaconQueue::record(std::vector<AdEvent> events, std::int64_t now_ms) {
  bool due_now = false;
  for (const auto& event : events) {
    for (const auto& beacon : event.beacons) due_now = due_now || beacon.due_ms <= now_ms;
  }
  // In bounded chunks: a store command carrying thousands of events could outlast the
  // store's command timeout on a busy machine. Each event is recorded (or found a
  // duplicate) on its own, so chunks change nothing but the size of each command; after
  // a failed chunk the caller may record all again, its dedupe keys keeping it once.
  std::vector<bool> fired;
  fired.reserve(events.size());
  for (std::size_t begin = 0; begin < events.size(); begin += kRecordChunk) {
    const std::size_t end = std::min(events.size(), begin + kRecordChunk);
    std::vector<AdEvent> chunk(std::make_move_iterator(events.begin() + static_cast<std::ptrdiff_t>(begin)),
                               std::make_move_iterator(events.begin() + static_cast<std::ptrdiff_t>(end)));
    auto recorded = co_await record_events(std::move(chunk), now_ms);
    if (!recorded) co_return tl::unexpected(recorded.error());
    fired.insert(fired.end(), recorded->begin(), recorded->end());
  }
  if (due_now && on_due_) on_due_();
  co_return fired;
}

}  // namespace ssai
