#include "ssai/memory_store.hpp"

#include <algorithm>

namespace ssai {
namespace {
// Expired entries are dropped when read; a sweep once a second frees the ones nobody
// reads again, at the cost of one pass over every key.
constexpr std::chrono::seconds kSweepEvery{1};
// The map's own share of an entry, beyond its key and value bytes.
constexpr std::size_t kEntryOverhead = 96;

std::size_t size_of(const std::string& key, const std::string& value, const std::vector<std::string>& items) {
  std::size_t bytes = kEntryOverhead + key.size() + value.size();
  for (const auto& item : items) bytes += item.size() + sizeof(std::string);
  return bytes;
}
}  // namespace

MemoryStore::MemoryStore(const Clock& clock, std::size_t max_bytes) : clock_(clock), max_bytes_(max_bytes) {}

Error MemoryStore::full() {
  return {Errc::kUnavailable, "the memory store is full: every session in it was used within the last minute"};
}

boost::asio::awaitable<Result<std::optional<std::string>>> MemoryStore::get(std::string key) {
  const auto now = clock_.steady();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) co_return std::optional<std::string>{};
  if (it->second.expires <= now) {
    erase_locked(it);
    co_return std::optional<std::string>{};
  }
  co_return std::optional<std::string>{it->second.value};
}

boost::asio::awaitable<Result<void>> MemoryStore::set(std::string key, std::string value, std::chrono::seconds ttl) {
  const auto now = clock_.steady();
  std::lock_guard lock(mutex_);
  sweep_locked(now);
  if (!make_room_locked(now, size_of(key, value, {}))) co_return tl::unexpected(full());
  auto [it, inserted] = entries_.try_emplace(std::move(key));
  it->second.value = std::move(value);
  it->second.items.clear();
  it->second.expires = now + ttl;
  account_locked(it->first, it->second, now);
  co_return Result<void>{};
}

boost::asio::awaitable<Result<std::string>> MemoryStore::set_if_absent(std::string key, std::string value,
                                                                       std::chrono::seconds ttl) {
  const auto now = clock_.steady();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.expires > now) co_return it->second.value;
  if (it != entries_.end()) erase_locked(it);
  sweep_locked(now);
  if (!make_room_locked(now, size_of(key, value, {}))) co_return tl::unexpected(full());
  auto inserted = entries_.emplace(std::move(key), Entry{std::move(value), now + ttl, {}}).first;
  account_locked(inserted->first, inserted->second, now);
  co_return inserted->second.value;
}

boost::asio::awaitable<Result<void>> MemoryStore::append(std::string key, std::string value, std::chrono::seconds ttl) {
  const auto now = clock_.steady();
  std::lock_guard lock(mutex_);
  sweep_locked(now);
  if (!make_room_locked(now, value.size() + sizeof(std::string) + kEntryOverhead + key.size())) co_return tl::unexpected(full());
  auto [it, inserted] = entries_.try_emplace(std::move(key));
  if (!inserted && it->second.expires <= now) it->second.items.clear();
  it->second.items.push_back(std::move(value));
  it->second.expires = now + ttl;
  account_locked(it->first, it->second, now);
  co_return Result<void>{};
}

boost::asio::awaitable<Result<void>> MemoryStore::touch(std::string key, std::chrono::seconds ttl) {
  const auto now = clock_.steady();
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end() && it->second.expires > now) {
    it->second.expires = now + ttl;
    it->second.touched = now;
  }
  co_return Result<void>{};
}

boost::asio::awaitable<Result<std::vector<std::string>>> MemoryStore::list(std::string key) {
  const auto now = clock_.steady();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.expires <= now) co_return std::vector<std::string>{};
  co_return it->second.items;
}

std::size_t MemoryStore::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t MemoryStore::bytes() {
  std::lock_guard lock(mutex_);
  return bytes_;
}

void MemoryStore::account_locked(const std::string& key, Entry& entry, TimePoint now) {
  bytes_ -= entry.bytes;
  entry.bytes = size_of(key, entry.value, entry.items);
  bytes_ += entry.bytes;
  entry.touched = now;
}

void MemoryStore::erase_locked(Map::iterator it) {
  bytes_ -= it->second.bytes;
  entries_.erase(it);
}

void MemoryStore::sweep_locked(TimePoint now, bool force) {
  if (!force && now - last_sweep_ < kSweepEvery) return;
  last_sweep_ = now;
  boost::unordered::erase_if(entries_, [this, now](const auto& item) {
    if (item.second.expires > now) return false;
    bytes_ -= item.second.bytes;
    return true;
  });
}

bool MemoryStore::make_room_locked(TimePoint now, std::size_t more) {
  if (bytes_ + more <= max_bytes_) return true;
  sweep_locked(now, true);
  if (bytes_ + more <= max_bytes_) return true;
  // Least recently used first, and only what nobody used for a while: a session being
  // watched keeps its decisions and ledgers.
  std::vector<std::pair<TimePoint, const std::string*>> idle;
  for (const auto& [key, entry] : entries_) {
    if (now - entry.touched >= kEvictableAfter) idle.emplace_back(entry.touched, &key);
  }
  std::sort(idle.begin(), idle.end());
  const std::size_t target = max_bytes_ / 10 * 9;
  std::vector<std::string> victims;
  std::size_t freed = 0;
  for (const auto& [touched, key] : idle) {
    if (bytes_ - freed + more <= target) break;
    freed += entries_.find(*key)->second.bytes;
    victims.push_back(*key);
  }
  for (const auto& key : victims) erase_locked(entries_.find(key));
  return bytes_ + more <= max_bytes_;
}

}  // namespace ssai
