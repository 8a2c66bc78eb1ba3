#pragma once
// An HTTP/1.1 server: one coroutine per connection, a deadline on every read and
// write, a limit on every request. Routes are a handler from Request to Response.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "ssai/http_types.hpp"

namespace ssai {

struct ServerLimits {
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::seconds idle_timeout{30};
};

class HttpServer {
 public:
  using Handler = std::function<boost::asio::awaitable<Response>(Request)>;

  /// Binds at once (port 0 picks a free one); serves once start() is called.
  HttpServer(boost::asio::io_context& io, const std::string& host, std::uint16_t port, Handler handler,
             ServerLimits limits = {});
  ~HttpServer();

  /// Serves accepted connections on these executors in turn (each a thread's own
  /// io_context: no loop shared between threads, no handoffs between them); empty, the
  /// default: on the acceptor's. Call before start().
  void serve_connections_on(std::vector<boost::asio::any_io_executor> executors);
  void start();
  void stop();
  [[nodiscard]] std::uint16_t port() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

/// "HOST:PORT" into its parts; nullopt when malformed.
[[nodiscard]] std::optional<std::pair<std::string, std::uint16_t>> split_host_port(std::string_view text);

}  // namespace ssai
