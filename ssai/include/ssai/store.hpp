#pragma once
// Where sessions, decisions and beacon marks live: the embedded in-memory store for one
// node, Redis for many (issue 6). Values are opaque strings (JSON); every key expires.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "ssai/error.hpp"

namespace ssai {

class Store {
 public:
  virtual ~Store() = default;

  [[nodiscard]] virtual boost::asio::awaitable<Result<std::optional<std::string>>> get(std::string key) = 0;
  [[nodiscard]] virtual boost::asio::awaitable<Result<void>> set(std::string key, std::string value,
                                                                 std::chrono::seconds ttl) = 0;
  /// Stores `value` unless the key holds one; returns what the key holds afterwards, so
  /// concurrent writers all continue with the same winner.
  [[nodiscard]] virtual boost::asio::awaitable<Result<std::string>> set_if_absent(std::string key, std::string value,
                                                                                  std::chrono::seconds ttl) = 0;
  /// Appends to the list under `key` (a key holds a value or a list, never both) and
  /// makes the whole list expire `ttl` from now.
  [[nodiscard]] virtual boost::asio::awaitable<Result<void>> append(std::string key, std::string value,
                                                                    std::chrono::seconds ttl) = 0;
  /// Makes `key` (a value or a list) expire `ttl` from now; nothing when it has expired.
  [[nodiscard]] virtual boost::asio::awaitable<Result<void>> touch(std::string key, std::chrono::seconds ttl) = 0;
  /// False when the store is known to be unreachable right now (its connection is
  /// down): what this node remembers of it must not be served as if it were stored.
  [[nodiscard]] virtual bool reachable() const { return true; }
  /// The list under `key`, oldest first; empty when there is none.
  [[nodiscard]] virtual boost::asio::awaitable<Result<std::vector<std::string>>> list(std::string key) = 0;
};

}  // namespace ssai
