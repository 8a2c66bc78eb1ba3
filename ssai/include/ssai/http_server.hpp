#pragma once
// An HTTP/1.1 server: one coroutine per connection, a deadline on every read and
// write, a limit on every request. Routes are a handler from Request to Response.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "ssai/http_types.hpp"

namespace ssai {

struct ServerLimits {
  /// The largest body of any request; a route may allow less (body_limit).
  std::size_t max_body_bytes = 64 * 1024;
  /// Request line and header fields together.
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_header_fields = 100;
  /// A connection waiting for its next request (keep-alive, or its first), until that
  /// request's head is complete: a client that trickles its head (slowloris) is cut off
  /// then, or sooner when the connection cap needs its place.
  std::chrono::seconds idle_timeout{30};
  /// The TLS handshake, and a head whose first bytes came with the previous request.
  std::chrono::seconds header_timeout{10};
  /// From the end of the head to the end of the body.
  std::chrono::seconds body_timeout{30};
  /// Connections open at once; 0: derived from the descriptor limit at start (the soft
  /// limit is raised to the hard one), leaving room for outgoing connections and files.
  /// At the cap, the connection idle the longest is closed for the new one.
  std::size_t max_connections = 0;
  /// The body a request to `path` may carry, at most max_body_bytes; unset: that maximum.
  std::function<std::size_t(std::string_view method, std::string_view path)> body_limit;
};

/// A certificate (chain, PEM) and its private key (PEM), for serving HTTPS.
struct TlsFiles {
  std::filesystem::path certificate;
  std::filesystem::path key;
};

class HttpServer {
 public:
  using Handler = std::function<boost::asio::awaitable<Response>(Request)>;

  /// Binds at once (port 0 picks a free one); serves once start() is called. With
  /// `tls`, every connection is HTTPS (throws when the files cannot be used).
  HttpServer(boost::asio::io_context& io, const std::string& host, std::uint16_t port, Handler handler,
             ServerLimits limits = {}, const TlsFiles* tls = nullptr);
  ~HttpServer();

  /// Serves accepted connections on these executors in turn (each a thread's own
  /// io_context: no loop shared between threads, no handoffs between them); empty, the
  /// default: on the acceptor's. Call before start().
  void serve_connections_on(std::vector<boost::asio::any_io_executor> executors);
  void start();
  void stop();
  [[nodiscard]] std::uint16_t port() const;
  /// Connections open now, and the cap they are held under.
  [[nodiscard]] std::size_t connections() const;
  [[nodiscard]] std::size_t max_connections() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

/// Raises the soft descriptor limit to the hard one; returns the limit now in force.
std::size_t raise_descriptor_limit();

/// "HOST:PORT" into its parts; nullopt when malformed.
[[nodiscard]] std::optional<std::pair<std::string, std::uint16_t>> split_host_port(std::string_view text);

}  // namespace ssai
