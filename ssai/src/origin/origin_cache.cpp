#include "ssai/origin_cache.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "manifests/time.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;
using Handler = asio::any_completion_handler<void(Result<OriginBody>)>;

struct OriginCache::Entry {
  OriginBody body;  ///< the last good playlist
  std::chrono::steady_clock::time_point fresh_until{};
  std::chrono::steady_clock::time_point stale_until{};  ///< live: served on origin errors until then
  bool fetching = false;
  std::vector<std::pair<asio::any_io_executor, Handler>> waiters;
};

std::chrono::milliseconds live_target_duration(const std::string& body) {
  if (body.find("#EXT-X-ENDLIST") != std::string::npos) return {};
  const auto at = body.find("#EXT-X-TARGETDURATION:");
  if (at == std::string::npos) return {};
  const char* begin = body.data() + at + 22;
  int seconds = 0;
  std::from_chars(begin, body.data() + body.size(), seconds);
  return std::chrono::seconds{std::max(seconds, 1)};
}

// A live DASH MPD (type="dynamic"): players reload it every minimumUpdatePeriod (2 s
// when it says none, or something unreadable).
std::chrono::milliseconds live_update_period(const std::string& body) {
  const bool dynamic = body.find("type=\"dynamic\"") != std::string::npos || body.find("type='dynamic'") != std::string::npos;
  if (body.find("<MPD") == std::string::npos || !dynamic) return {};
  constexpr std::string_view kAttribute = "minimumUpdatePeriod=\"";
  const auto at = body.find(kAttribute);
  const auto end = at == std::string::npos ? at : body.find('"', at + kAttribute.size());
  const auto period = end == std::string::npos
                          ? std::nullopt
                          : manifests::parse_iso_duration(std::string_view(body).substr(at + kAttribute.size(), end - at - kAttribute.size()));
  if (!period || period->count() <= 0) return std::chrono::seconds{2};
  return std::max(std::chrono::milliseconds{200}, std::chrono::milliseconds{period->count() / 90});
}

std::chrono::milliseconds cache_period(const std::string& body, const OriginCacheOptions& options) {
  if (const auto target = live_target_duration(body); target.count() > 0) return target / 2;
  if (const auto update = live_update_period(body); update.count() > 0) return update / 2;
  if (body.find("#EXT-X-STREAM-INF") != std::string::npos) return options.master_ttl;
  return options.vod_ttl;
}

OriginCache::OriginCache(OriginCacheOptions options, const Clock& clock) : options_(options), clock_(clock) {}

OriginCache::~OriginCache() = default;

std::size_t OriginCache::entries() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t OriginCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::uint64_t OriginCache::fetches() const {
  std::lock_guard lock(mutex_);
  return fetches_;
}

asio::awaitable<Result<OriginBody>> OriginCache::get(const std::string& url, const OriginFetch& fetch) {
  std::shared_ptr<Entry> entry;
  bool fetch_now = false;
  {
    std::lock_guard lock(mutex_);
    auto& slot = entries_[url];
    if (!slot) slot = std::make_shared<Entry>();
    entry = slot;
    if (entry->body && clock_.steady() < entry->fresh_until) co_return entry->body;
    if (!entry->fetching) {
      entry->fetching = fetch_now = true;
      ++fetches_;
    }
  }
  if (fetch_now) {
    auto result = co_await fetch(url);
    co_return finish(url, entry, std::move(result));
  }
  // Someone is fetching this URL: wait for that answer.
  auto executor = co_await asio::this_coro::executor;
  auto initiation = [this, entry, executor](Handler handler) {
    std::lock_guard lock(mutex_);
    if (!entry->fetching) {  // finished between our check and now
      auto answer = entry->body ? Result<OriginBody>(entry->body)
                                : Result<OriginBody>(fail(Errc::kOriginFailed, "origin fetch failed"));
      asio::post(executor, [h = std::move(handler), answer = std::move(answer)]() mutable { std::move(h)(std::move(answer)); });
      return;
    }
    entry->waiters.emplace_back(executor, std::move(handler));
  };
  auto result = co_await asio::async_initiate<decltype(asio::use_awaitable), void(Result<OriginBody>)>(
      initiation, asio::use_awaitable);
  co_return result;
}

Result<OriginBody> OriginCache::finish(const std::string& url, const std::shared_ptr<Entry>& entry,
                                       Result<std::string> fetched) {
  std::vector<std::pair<asio::any_io_executor, Handler>> waiters;
  Result<OriginBody> result = fail(Errc::kInternal, "unset");
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_.steady();
    if (entry->body) bytes_ -= entry->body->size();
    if (fetched) {
      entry->fresh_until = now + cache_period(*fetched, options_);
      entry->stale_until = now + std::max(live_target_duration(*fetched), live_update_period(*fetched));
      entry->body = std::make_shared<const std::string>(std::move(*fetched));
      result = entry->body;
    } else if (entry->body && now < entry->stale_until && fetched.error().code == Errc::kOriginFailed) {
      // A live origin hiccup: the last good playlist, while it is at most one target
      // duration old, is better than an error (players would stall on a 502).
      result = entry->body;
    } else {
      entry->body.reset();
      result = tl::unexpected(fetched.error());
    }
    if (entry->body) bytes_ += entry->body->size();
    entry->fetching = false;
    waiters.swap(entry->waiters);
    evict_locked(url, now);
  }
  for (auto& [executor, handler] : waiters) {
    asio::post(executor, [h = std::move(handler), answer = result]() mutable { std::move(h)(std::move(answer)); });
  }
  return result;
}

// Bounded in URLs and bytes: the expired go first, then those that expire soonest;
// entries being fetched stay (their waiters hold them anyway).
void OriginCache::evict_locked(const std::string& keep, std::chrono::steady_clock::time_point now) {
  if (entries_.size() <= options_.max_entries && bytes_ <= options_.max_bytes) return;
  std::vector<std::pair<std::chrono::steady_clock::time_point, std::string>> candidates;
  for (const auto& [url, entry] : entries_) {
    if (!entry->fetching && url != keep) candidates.emplace_back(std::min(entry->fresh_until, now), url);
  }
  std::sort(candidates.begin(), candidates.end());
  for (const auto& [when, url] : candidates) {
    if (entries_.size() <= options_.max_entries && bytes_ <= options_.max_bytes) break;
    auto it = entries_.find(url);
    if (it->second->body) bytes_ -= it->second->body->size();
    entries_.erase(it);
  }
}

}  // namespace ssai
