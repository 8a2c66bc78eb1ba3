#pragma once
// Sessions as the routes read and write them. A stored session never changes; only
// whether it still exists does. So one read serves this node's requests for a second
// (a player asks for several playlists at once, and again every few seconds), and a
// watched session's expiry is extended now and then, not on every request.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "ssai/clock.hpp"
#include "ssai/error.hpp"
#include "ssai/generation_memo.hpp"
#include "ssai/session.hpp"
#include "ssai/store.hpp"
#include "ssai/throttle.hpp"

namespace ssai {

/// How long after a session expires the service still knows it existed (410, not 404).
inline constexpr std::chrono::seconds kExpiredSessionMemory{24 * 3600};

class SessionCache {
 public:
  /// An expired session is told as such at most this late (its TTL is hours).
  static constexpr std::chrono::seconds kRecheck{1};

  SessionCache(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  /// The session `id`: kNotFound (never issued, or not an id of ours), kGone (expired),
  /// kUnavailable (the store cannot tell: its players get content without ads, so this
  /// node's memory is not trusted then either).
  [[nodiscard]] boost::asio::awaitable<Result<std::shared_ptr<const Session>>> load(std::string_view id);

  /// Stores a new session for `ttl`, in its stored form (to_json), and the mark that it
  /// was issued, which outlives it by kExpiredSessionMemory.
  [[nodiscard]] boost::asio::awaitable<Result<void>> save(const Session& session, std::string stored_form,
                                                          std::chrono::seconds ttl);

  /// Extends a watched session's expiry to `ttl` from now: best effort, from each node at
  /// most every quarter of the TTL (up to a minute). A session expires when its players
  /// stop asking, not while someone watches (a live channel outlasts any TTL).
  boost::asio::awaitable<void> keep_alive(const Session& session, std::chrono::seconds ttl);

 private:
  struct Recent {
    std::shared_ptr<const Session> session;
    std::chrono::steady_clock::time_point read_at;
  };
  Store& store_;
  const Clock& clock_;
  GenerationMemo<Recent> recent_{50'000};
  Throttle touches_;
};

}  // namespace ssai
