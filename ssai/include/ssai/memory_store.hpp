#pragma once
#include <functional>
#include <mutex>

#include <boost/unordered/unordered_flat_map.hpp>

#include "ssai/store.hpp"

namespace ssai {

/// One node's store: a map behind a mutex, expired lazily on access and swept on writes.
class MemoryStore final : public Store {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  explicit MemoryStore(Clock clock = [] { return std::chrono::steady_clock::now(); });

  boost::asio::awaitable<Result<std::optional<std::string>>> get(std::string key) override;
  boost::asio::awaitable<Result<void>> set(std::string key, std::string value, std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<std::string>> set_if_absent(std::string key, std::string value,
                                                            std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<void>> append(std::string key, std::string value, std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<void>> touch(std::string key, std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<std::vector<std::string>>> list(std::string key) override;

  [[nodiscard]] std::size_t size();

 private:
  struct Entry {
    std::string value;
    std::chrono::steady_clock::time_point expires;
    std::vector<std::string> items;  ///< when the key holds a list
  };
  void sweep_locked(std::chrono::steady_clock::time_point now);

  Clock clock_;
  std::mutex mutex_;
  // Hashed: tens of thousands of keys with long common prefixes. Open addressing: a
  // lookup touches one or two cache lines, not a chain of nodes.
  boost::unordered_flat_map<std::string, Entry> entries_;
  std::chrono::steady_clock::time_point last_sweep_{};
};

}  // namespace ssai
