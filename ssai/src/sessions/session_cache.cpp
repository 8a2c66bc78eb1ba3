#include "ssai/session_cache.hpp"

#include "store/store_keys.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

asio::awaitable<Result<std::shared_ptr<const Session>>> SessionCache::load(std::string_view id) {
  if (!is_session_id(id)) co_return fail(Errc::kNotFound, "no session " + std::string(id));
  const std::string key = keys::session(id);
  const auto now = clock_.steady();
  auto recent = recent_.find(key);
  if (recent.session && now - recent.read_at < kRecheck && store_.reachable()) co_return recent.session;
  auto stored = co_await store_.get(key);
  if (!stored) co_return fail(Errc::kUnavailable, stored.error().detail);
  if (!*stored) {
    auto issued = co_await store_.get(keys::session_issued(id));
    if (issued && *issued) co_return fail(Errc::kGone, "session " + std::string(id) + " has expired; start a new one");
    co_return fail(Errc::kNotFound, "no session " + std::string(id));
  }
  // Still there, and a stored session never changes: what was read before stands.
  if (recent.session) {
    recent_.remember(key, {recent.session, now});
    co_return recent.session;
  }
  auto session = session_from_json(**stored);
  if (!session) co_return tl::unexpected(session.error());
  auto shared = std::make_shared<const Session>(std::move(*session));
  recent_.remember(key, {shared, now});
  co_return shared;
}

asio::awaitable<Result<void>> SessionCache::save(const Session& session, std::string stored_form, std::chrono::seconds ttl) {
  if (auto stored = co_await store_.set(keys::session(session.id), std::move(stored_form), ttl); !stored) {
    co_return tl::unexpected(stored.error());
  }
  // Best effort: without it a player coming back late hears "never existed" (404), not
  // "expired" (410): only less precise.
  (void)co_await store_.set(keys::session_issued(session.id), "1", ttl + kExpiredSessionMemory);
  co_return Result<void>{};
}

asio::awaitable<void> SessionCache::keep_alive(const Session& session, std::chrono::seconds ttl) {
  const auto period = std::min<std::chrono::steady_clock::duration>(std::chrono::minutes(1), ttl / 4);
  if (!touches_.due(session.id, clock_.steady(), period)) co_return;
  (void)co_await store_.touch(keys::session(session.id), ttl);
  (void)co_await store_.touch(keys::session_issued(session.id), ttl + kExpiredSessionMemory);
}

}  // namespace ssai
