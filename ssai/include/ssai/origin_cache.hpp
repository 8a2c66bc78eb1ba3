#pragma once
// One cache of origin playlists per node, keyed by URL, so that ten thousand sessions on
// one channel cost one origin fetch per variant per cache period: live playlists are
// kept for half their target duration, VOD and master playlists for longer, and
// concurrent requests for a URL being fetched wait for that one fetch (coalescing).
// When a live origin fails, the last good playlist is served for up to one target
// duration, then the error.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "ssai/clock.hpp"
#include "ssai/error.hpp"

namespace ssai {

/// A playlist as the cache hands it out: shared, never copied per request. A new fetch
/// is a new body, so callers may key work derived from it (parsing) on its address.
using OriginBody = std::shared_ptr<const std::string>;

/// A fetch as the cache sees it: the body, or the error to pass on.
using OriginFetch = std::function<boost::asio::awaitable<Result<std::string>>(const std::string& url)>;

struct OriginCacheOptions {
  std::chrono::milliseconds vod_ttl{300'000};
  std::chrono::milliseconds master_ttl{30'000};
  std::size_t max_entries = 10'000;
  std::size_t max_bytes = 256 * 1024 * 1024;  ///< playlists kept, all URLs together
};

class OriginCache {
 public:
  explicit OriginCache(OriginCacheOptions options = {}, const Clock& clock = system_clock());
  ~OriginCache();

  /// The playlist at `url`, from the cache when fresh; else `fetch` runs once for all
  /// who ask meanwhile.
  [[nodiscard]] boost::asio::awaitable<Result<OriginBody>> get(const std::string& url, const OriginFetch& fetch);

  /// How many fetches the cache has made (for tests and /metrics).
  [[nodiscard]] std::uint64_t fetches() const;
  /// How many URLs and bytes it holds now.
  [[nodiscard]] std::size_t entries() const;
  [[nodiscard]] std::size_t bytes() const;

  struct Entry;

 private:
  /// Records a fetch's outcome, answers the waiters; returns what they were answered.
  Result<OriginBody> finish(const std::string& url, const std::shared_ptr<Entry>& entry, Result<std::string> fetched);
  void evict_locked(const std::string& keep, std::chrono::steady_clock::time_point now);

  OriginCacheOptions options_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Entry>, std::less<>> entries_;
  std::uint64_t fetches_ = 0;
  std::size_t bytes_ = 0;  ///< of the bodies kept
};

/// How long a playlist body may be served from the cache: half the target duration for
/// live media playlists, the VOD or master period otherwise.
[[nodiscard]] std::chrono::milliseconds cache_period(const std::string& body, const OriginCacheOptions& options);
/// A live media playlist's target duration (0 for VOD and master playlists).
[[nodiscard]] std::chrono::milliseconds live_target_duration(const std::string& body);

}  // namespace ssai
