#pragma once
// The store on Redis, for many nodes: hiredis's asynchronous API driven by the Asio event
// loop (its socket watched on a strand, so no I/O thread ever blocks), commands
// pipelined on one connection, every command bounded by a timeout, and a reconnect with
// backoff when Redis goes away. While it is away, calls fail fast with kUnavailable:
// the service degrades, it does not wait.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "ssai/store.hpp"

namespace ssai {

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::chrono::milliseconds command_timeout{500};
};

/// What a command answered, copied out of hiredis's reply. An array keeps its string
/// and integer elements (as text), in order; nested arrays are not kept, so scripts that
/// answer to this store flatten what they return.
struct RedisReply {
  enum class Kind { kNil, kString, kInteger, kStatus, kError, kArray, kOther } kind = Kind::kNil;
  std::string text;
  long long integer = 0;
  std::vector<std::string> elements;
};

/// "redis://HOST:PORT" (port optional).
[[nodiscard]] Result<RedisOptions> parse_redis_url(std::string_view url);

class RedisStore final : public Store {
 public:
  /// Connects in the background on `executor`. Destroy it only when that executor's
  /// io_context is not running.
  RedisStore(boost::asio::any_io_executor executor, RedisOptions options);
  /// One connection per event loop: a command goes out on the connection of the loop it
  /// is issued from (the first one's when it is none of them), so a request never hops
  /// to another thread and back for its store reads. The same rule for destruction.
  RedisStore(const std::vector<boost::asio::any_io_executor>& executors, RedisOptions options);
  ~RedisStore() override;
  RedisStore(const RedisStore&) = delete;
  RedisStore& operator=(const RedisStore&) = delete;

  boost::asio::awaitable<Result<std::optional<std::string>>> get(std::string key) override;
  boost::asio::awaitable<Result<void>> set(std::string key, std::string value, std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<std::string>> set_if_absent(std::string key, std::string value,
                                                            std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<void>> append(std::string key, std::string value, std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<void>> touch(std::string key, std::chrono::seconds ttl) override;
  boost::asio::awaitable<Result<std::vector<std::string>>> list(std::string key) override;

  /// Any command, for the other Redis-backed parts of a node (the beacon queue), on the
  /// same connection and with the same timeout and failure rules.
  boost::asio::awaitable<Result<RedisReply>> command(std::vector<std::string> args);

  /// True once every connection is connected (and again after a reconnect).
  [[nodiscard]] bool connected() const;
  [[nodiscard]] bool reachable() const override { return connected(); }

  struct Connection;

 private:
  [[nodiscard]] Connection& connection_for(const boost::asio::any_io_executor& caller) const;
  std::vector<std::shared_ptr<Connection>> connections_;
};

}  // namespace ssai
