#pragma once
#include <mutex>

#include <boost/unordered/unordered_flat_map.hpp>

#include "ssai/clock.hpp"
#include "ssai/store.hpp"

namespace ssai {

/// One node's store: a map behind a mutex, expired lazily on access and swept on writes.
/// Bounded in bytes: when a write would pass `max_bytes`, the entries written or touched
/// least recently (and not within kEvictableAfter) are dropped first, down to 90 %; when
/// that is not enough, the write fails as unavailable (503 for a new session, content
/// without ads for a playing one).
class MemoryStore final : public Store {
 public:
  static constexpr std::chrono::seconds kEvictableAfter{60};
  explicit MemoryStore(const Clock& clock = system_clock(), std::size_t max_bytes = std::size_t{1} << 30);

  boost::asio::awaitable<Result<std::optional<std::string>>> get(std::string key) override;
  boost::asio::awaitable<Result<void>> set(std::string key, std::string value, std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<std::string>> set_if_absent(std::string key, std::string value,
                                                            std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<void>> append(std::string key, std::string value, std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<void>> touch(std::string key, std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<std::vector<std::string>>> list(std::string key) override;

  [[nodiscard]] std::size_t size();
  /// What the entries take, as counted against max_bytes.
  [[nodiscard]] std::size_t bytes();

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Entry {
    std::string value;
    TimePoint expires;
    std::vector<std::string> items;  ///< when the key holds a list
    TimePoint touched{};             ///< last written or touched
    std::size_t bytes = 0;           ///< as counted in bytes_
  };
  using Map = boost::unordered_flat_map<std::string, Entry>;
  void sweep_locked(TimePoint now, bool force = false);
  /// Room for `more` bytes, making it as said above; false when there is none.
  [[nodiscard]] bool make_room_locked(TimePoint now, std::size_t more);
  /// Counts the entry's size again after a change (and its touch).
  void account_locked(const std::string& key, Entry& entry, TimePoint now);
  void erase_locked(Map::iterator it);
  [[nodiscard]] static Error full();

  const Clock& clock_;
  std::mutex mutex_;
  // Hashed: tens of thousands of keys with long common prefixes. Open addressing: a
  // lookup touches one or two cache lines, not a chain of nodes.
  Map entries_;
  TimePoint last_sweep_{};
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
};

}  // namespace ssai
