#include "ssai/redis_beacon_queue.hpp"

#include <charconv>

#include "common/json_io.hpp"
#include "ssai/log.hpp"
#include "store/store_keys.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {

// ARGV[1] now (ms), ARGV[2] the events as JSON (written by record_events below), ARGV[3]
// the analytics cap, ARGV[4] the audit trail cap. Numbers travel as strings: Lua's
// doubles would print ms times in exponent form. Answers one 1 (new) or 0 (seen before) per event.
constexpr std::string_view kRecordBody = R"lua(
local now = tonumber(ARGV[1])
local out = {}
for i, e in ipairs(cjson.decode(ARGV[2])) do
  local fresh = 1
  for _, k in ipairs(e.keys) do
    if redis.call('EXISTS', k) == 1 then fresh = 0 end
  end
  if fresh == 1 then
    for _, k in ipairs(e.keys) do redis.call('SET', k, ARGV[1], 'EX', e.keep) end
    for _, b in ipairs(e.beacons) do
      if tonumber(b.due) > now then
        redis.call('ZADD', KEYS[2], b.due, b.json)
      else
        redis.call('XADD', KEYS[1], '*', 'b', b.json)
      end
      redis.call('RPUSH', e.audit, b.queued)
    end
    if e.analytics ~= '' then
      redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', 'e', e.analytics)
    end
  elseif e.duplicate ~= '' then
    redis.call('RPUSH', e.audit, e.duplicate)
  end
  if redis.call('EXISTS', e.audit) == 1 then
    redis.call('LTRIM', e.audit, -tonumber(ARGV[4]), -1)
    redis.call('EXPIRE', e.audit, e.keep)
  end
  if e.seen ~= '' then note_presence(e.presence, e.seen, '0', e.keep) end
  out[i] = fresh
end
return out
)lua";

// KEYS: due stream, later set. ARGV: now, count, group, consumer, lease (ms). Moves what
// is due from the set to the stream, claims beacons whose consumer went quiet, then
// reads new ones. Answers id, beacon JSON, id, beacon JSON, ...
constexpr std::string_view kTake = R"lua(
pcall(redis.call, 'XGROUP', 'CREATE', KEYS[1], ARGV[3], '0', 'MKSTREAM')
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, member in ipairs(due) do
  redis.call('XADD', KEYS[1], '*', 'b', member)
  redis.call('ZREM', KEYS[2], member)
end
local out = {}
local function add(entries)
  for _, e in ipairs(entries) do
    if type(e) == 'table' and type(e[2]) == 'table' and e[2][2] then
      out[#out + 1] = e[1]
      out[#out + 1] = e[2][2]
    end
  end
end
local claimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[3], ARGV[4], ARGV[5], '0-0', 'COUNT', ARGV[2])
add(claimed[2])
local room = tonumber(ARGV[2]) - #out / 2
if room > 0 then
  local fresh = redis.call('XREADGROUP', 'GROUP', ARGV[3], ARGV[4], 'COUNT', room, 'STREAMS', KEYS[1], '>')
  if fresh then add(fresh[1][2]) end
end
return out
)lua";

// KEYS: due stream, later set, audit list. ARGV: group, id, kind, record, keep (s), due,
// beacon JSON, audit trail cap. Answers 0 when the beacon was settled already (by whoever claimed it).
constexpr std::string_view kSettle = R"lua(
local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
if acked == 0 then return 0 end
if ARGV[3] == 'retry' then redis.call('ZADD', KEYS[2], ARGV[6], ARGV[7]) end
if ARGV[4] ~= '' then
  redis.call('RPUSH', KEYS[3], ARGV[4])
  redis.call('LTRIM', KEYS[3], -tonumber(ARGV[8]), -1)
  redis.call('EXPIRE', KEYS[3], ARGV[5])
end
if ARGV[9] ~= '' then redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[10], '*', 'e', ARGV[9]) end
return 1
)lua";

// KEYS[1] the session's presence key; ARGV[1] seen (ms), ARGV[2] poll interval (ms),
// ARGV[3] seconds to keep it.
constexpr std::string_view kNotePresenceBody = R"lua(
note_presence(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
return 1
)lua";

// Prepended to the scripts that note a session's presence: stored as "seen:poll" (ms), a
// poll of "0" keeping the one noted before (an ad segment fetch of a live session).
constexpr std::string_view kPresenceFunction = R"lua(
local function note_presence(key, seen, poll, keep)
  if poll == '0' then
    local old = redis.call('GET', key)
    if old then poll = string.match(old, ':(%d+)$') or '0' end
  end
  redis.call('SET', key, seen .. ':' .. poll, 'EX', keep)
end
)lua";

const std::string kRecord = std::string(kPresenceFunction) + std::string(kRecordBody);
const std::string kNotePresence = std::string(kPresenceFunction) + std::string(kNotePresenceBody);

// KEYS: analytics. ARGV: start ('-' or an exclusive '(id'), count. Answers id, JSON, ...
constexpr std::string_view kAnalyticsAfter = R"lua(
local out = {}
for _, e in ipairs(redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])) do
  out[#out + 1] = e[1]
  out[#out + 1] = e[2][2] or ''
end
return out
)lua";

// KEYS: analytics. ARGV: count. The newest entries, answered oldest first: id, JSON, ...
constexpr std::string_view kAnalyticsLatest = R"lua(
local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', ARGV[1])
local out = {}
for i = #newest, 1, -1 do
  out[#out + 1] = newest[i][1]
  out[#out + 1] = newest[i][2][2] or ''
end
return out
)lua";

std::vector<AnalyticsEntry> entries_from(const std::vector<std::string>& pairs) {
  std::vector<AnalyticsEntry> entries;
  for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) entries.push_back({pairs[i], pairs[i + 1]});
  return entries;
}

std::vector<TakenBeacon> taken_from(const std::vector<std::string>& pairs) {
  std::vector<TakenBeacon> taken;
  for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) {
    auto beacon = beacon_from_json(pairs[i + 1]);
    if (!beacon) {
      // Not ours to send, and never will be: dropped, loudly, rather than retried forever.
      log::error("beacons", "queue entry " + pairs[i] + " dropped: " + beacon.error().detail);
      continue;
    }
    taken.push_back({pairs[i], std::move(*beacon)});
  }
  return taken;
}

}  // namespace

RedisBeaconQueue::RedisBeaconQueue(RedisStore& redis, std::chrono::milliseconds lease, std::size_t analytics_kept)
    : redis_(redis), lease_(lease), analytics_kept_(analytics_kept) {}

asio::awaitable<Result<RedisReply>> RedisBeaconQueue::script(std::string_view what, std::string_view lua,
                                                              std::vector<std::string> names,
                                                              std::vector<std::string> args) {
  std::vector<std::string> command{"EVAL", std::string(lua), std::to_string(names.size())};
  for (auto& name : names) command.push_back(std::move(name));
  for (auto& arg : args) command.push_back(std::move(arg));
  auto reply = co_await redis_.command(std::move(command));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->kind == RedisReply::Kind::kError) co_return fail(Errc::kUnavailable, "redis " + std::string(what) + ": " + reply->text);
  co_return std::move(*reply);
}

asio::awaitable<Result<std::vector<bool>>> RedisBeaconQueue::record_events(std::vector<AdEvent> events,
                                                                           std::int64_t now_ms) {
  JsonWriter w;
  w.begin_array();
  for (const auto& event : events) {
    w.begin_object();
    w.key("keys");
    w.begin_array();
    for (const auto& key : event.dedupe_keys) w.value(key);
    w.end_array();
    w.field("keep", std::to_string(event.keep.count()));
    w.field("audit", keys::beacon_audit(event.session));
    w.key("beacons");
    w.begin_array();
    for (const auto& beacon : event.beacons) {
      w.begin_object();
      w.field("due", std::to_string(beacon.due_ms));
      w.field("json", to_json(beacon));
      w.field("queued", audit_record(beacon, "queued", now_ms));
      w.end_object();
    }
    w.end_array();
    w.field("analytics", event.analytics);
    w.field("duplicate", event.duplicate_record);
    w.field("seen", event.seen_ms ? std::to_string(*event.seen_ms) : std::string());
    w.field("presence", keys::presence(event.session));
    w.end_object();
  }
  w.end_array();
  // Named, not braced into the co_await: GCC 12 mishandles temporaries there.
  std::vector<std::string> names{std::string(keys::kBeaconsDue), std::string(keys::kBeaconsLater),
                                std::string(keys::kAnalytics)};
  std::vector<std::string> args{std::to_string(now_ms), w.take(), std::to_string(analytics_kept_),
                                std::to_string(kMaxAuditRecords)};
  auto reply = co_await script("record beacons", kRecord, std::move(names), std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->elements.size() != events.size()) co_return fail(Errc::kUnavailable, "redis record beacons: unexpected answer");
  std::vector<bool> fired;
  for (const auto& flag : reply->elements) fired.push_back(flag == "1");
  co_return fired;
}

asio::awaitable<Result<std::optional<std::int64_t>>> RedisBeaconQueue::fired_at(std::string dedupe_key) {
  std::vector<std::string> command{"GET", std::move(dedupe_key)};
  auto reply = co_await redis_.command(std::move(command));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->kind == RedisReply::Kind::kNil) co_return std::optional<std::int64_t>{};
  std::int64_t at = 0;
  const auto& text = reply->text;
  if (reply->kind != RedisReply::Kind::kString ||
      std::from_chars(text.data(), text.data() + text.size(), at).ec != std::errc{}) {
    co_return fail(Errc::kUnavailable, "redis GET of a beacon mark: not a time");
  }
  co_return std::optional(at);
}

asio::awaitable<Result<std::vector<TakenBeacon>>> RedisBeaconQueue::take(std::string consumer, std::size_t max,
                                                                         std::int64_t now_ms) {
  std::vector<std::string> names{std::string(keys::kBeaconsDue), std::string(keys::kBeaconsLater)};
  std::vector<std::string> args{std::to_string(now_ms), std::to_string(max), std::string(keys::kBeaconsGroup),
                                std::move(consumer), std::to_string(lease_.count())};
  auto reply = co_await script("take beacons", kTake, std::move(names), std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  co_return taken_from(reply->elements);
}

asio::awaitable<Result<void>> RedisBeaconQueue::settle(TakenBeacon taken, Settlement settlement) {
  const bool retry = settlement.kind == Settlement::Kind::kRetry && settlement.retry;
  const char* kind = retry ? "retry" : settlement.kind == Settlement::Kind::kSent ? "sent" : "failed";
  std::vector<std::string> names{std::string(keys::kBeaconsDue), std::string(keys::kBeaconsLater),
                                keys::beacon_audit(taken.beacon.session), std::string(keys::kAnalytics)};
  std::vector<std::string> args{std::string(keys::kBeaconsGroup), taken.handle, kind, std::move(settlement.audit_record),
                                std::to_string(taken.beacon.keep.count()),
                                retry ? std::to_string(settlement.retry->due_ms) : "0",
                                retry ? to_json(*settlement.retry) : "", std::to_string(kMaxAuditRecords),
                                std::move(settlement.analytics), std::to_string(analytics_kept_)};
  auto reply = co_await script("settle beacon", kSettle, std::move(names), std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  co_return Result<void>{};
}

asio::awaitable<Result<void>> RedisBeaconQueue::note_presence(std::string session, Presence presence,
                                                             std::chrono::seconds keep) {
  std::vector<std::string> names{keys::presence(session)};
  std::vector<std::string> args{std::to_string(presence.seen_ms), std::to_string(presence.poll_ms),
                                std::to_string(std::max<std::int64_t>(1, keep.count()))};
  auto reply = co_await script("note presence", kNotePresence, std::move(names), std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  co_return Result<void>{};
}

asio::awaitable<Result<std::optional<Presence>>> RedisBeaconQueue::presence(std::string session) {
  std::vector<std::string> command{"GET", keys::presence(session)};
  auto reply = co_await redis_.command(std::move(command));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->kind == RedisReply::Kind::kNil) co_return std::optional<Presence>{};
  const std::string_view text = reply->text;
  const auto colon = text.find(':');
  Presence presence;
  if (reply->kind != RedisReply::Kind::kString || colon == std::string_view::npos ||
      std::from_chars(text.data(), text.data() + colon, presence.seen_ms).ec != std::errc{} ||
      std::from_chars(text.data() + colon + 1, text.data() + text.size(), presence.poll_ms).ec != std::errc{}) {
    co_return fail(Errc::kUnavailable, "redis GET of a session's presence: not \"seen:poll\"");
  }
  co_return std::optional(presence);
}

asio::awaitable<Result<std::vector<std::string>>> RedisBeaconQueue::audit(std::string session) {
  std::vector<std::string> command{"LRANGE", keys::beacon_audit(session), "0", "-1"};
  auto reply = co_await redis_.command(std::move(command));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->kind != RedisReply::Kind::kArray) co_return fail(Errc::kUnavailable, "redis LRANGE: " + reply->text);
  co_return std::move(reply->elements);
}

asio::awaitable<Result<void>> RedisBeaconQueue::publish(std::string json) {
  std::vector<std::string> command{"XADD", std::string(keys::kAnalytics), "MAXLEN", "~",
                                   std::to_string(analytics_kept_), "*", "e", std::move(json)};
  auto reply = co_await redis_.command(std::move(command));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->kind == RedisReply::Kind::kError) co_return fail(Errc::kUnavailable, "redis XADD: " + reply->text);
  co_return Result<void>{};
}

asio::awaitable<Result<std::vector<AnalyticsEntry>>> RedisBeaconQueue::analytics_after(std::string after_id,
                                                                                      std::size_t max) {
  // Stream ids are digits and one dash; anything else starts from the oldest.
  const bool valid = !after_id.empty() && after_id.find_first_not_of("0123456789-") == std::string::npos;
  std::vector<std::string> names{std::string(keys::kAnalytics)};
  std::vector<std::string> args{valid ? "(" + after_id : "-", std::to_string(max)};
  auto reply = co_await script("read analytics", kAnalyticsAfter, std::move(names), std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  co_return entries_from(reply->elements);
}

asio::awaitable<Result<std::vector<AnalyticsEntry>>> RedisBeaconQueue::analytics_latest(std::size_t max) {
  std::vector<std::string> names{std::string(keys::kAnalytics)};
  std::vector<std::string> args{std::to_string(max)};
  auto reply = co_await script("read analytics", kAnalyticsLatest, std::move(names), std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  co_return entries_from(reply->elements);
}

}  // namespace ssai
