#include "ssai/memory_store.hpp"

namespace ssai {
namespace {
// Expired entries are dropped when read; a sweep once a second frees the ones nobody
// reads again, at the cost of one pass over every key.
constexpr std::chrono::seconds kSweepEvery{1};
}

MemoryStore::MemoryStore(Clock clock) : clock_(std::move(clock)) {}

boost::asio::awaitable<Result<std::optional<std::string>>> MemoryStore::get(std::string key) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) co_return std::optional<std::string>{};
  if (it->second.expires <= now) {
    entries_.erase(it);
    co_return std::optional<std::string>{};
  }
  co_return std::optional<std::string>{it->second.value};
}

boost::asio::awaitable<Result<void>> MemoryStore::set(std::string key, std::string value, std::chrono::seconds ttl) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  entries_.insert_or_assign(std::move(key), Entry{std::move(value), now + ttl, {}});
  sweep_locked(now);
  co_return Result<void>{};
}

boost::asio::awaitable<Result<std::string>> MemoryStore::set_if_absent(std::string key, std::string value,
                                                                       std::chrono::seconds ttl) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.expires > now) co_return it->second.value;
  if (it != entries_.end()) entries_.erase(it);
  auto inserted = entries_.emplace(std::move(key), Entry{std::move(value), now + ttl, {}}).first;
  std::string winner = inserted->second.value;
  sweep_locked(now);
  co_return winner;
}

boost::asio::awaitable<Result<void>> MemoryStore::append(std::string key, std::string value, std::chrono::seconds ttl) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  auto [it, inserted] = entries_.try_emplace(std::move(key));
  if (!inserted && it->second.expires <= now) it->second.items.clear();
  it->second.items.push_back(std::move(value));
  it->second.expires = now + ttl;
  sweep_locked(now);
  co_return Result<void>{};
}

boost::asio::awaitable<Result<void>> MemoryStore::touch(std::string key, std::chrono::seconds ttl) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end() && it->second.expires > now) it->second.expires = now + ttl;
  co_return Result<void>{};
}

boost::asio::awaitable<Result<std::vector<std::string>>> MemoryStore::list(std::string key) {
  const auto now = clock_();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.expires <= now) co_return std::vector<std::string>{};
  co_return it->second.items;
}

std::size_t MemoryStore::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void MemoryStore::sweep_locked(std::chrono::steady_clock::time_point now) {
  if (now - last_sweep_ < kSweepEvery) return;
  last_sweep_ = now;
  boost::unordered::erase_if(entries_, [now](const auto& item) { return item.second.expires <= now; });
}

}  // namespace ssai
