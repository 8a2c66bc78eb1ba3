#include "ssai/http_server.hpp"

#include <algorithm>
#include <atomic>
#include <array>
#include <cerrno>
#include <charconv>
#include <list>
#include <mutex>
#include <optional>

#include <sys/resource.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "ssai/detached.hpp"
#include "ssai/log.hpp"
#include "ssai/response_head.hpp"
#include "http/request_head.hpp"

namespace ssai {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

beast::tcp_stream& tcp_of(beast::tcp_stream& stream) { return stream; }
beast::tcp_stream& tcp_of(TlsStream& stream) { return stream.next_layer(); }

// The head and the body in one gather write (HEAD: the head alone, with the body's length).
template <class Stream>
asio::awaitable<boost::system::error_code> write_response(Stream& stream, const Response& response,
                                                          unsigned version, bool keep_alive, bool head_only) {
  const std::string head = response_head(response, version, keep_alive);
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(head),
                                                  head_only ? asio::const_buffer{} : asio::buffer(response.body)};
  auto [ec, written] = co_await asio::async_write(stream, buffers, kUseTuple);
  co_return ec;
}

Response preflight() {
  Response response;
  response.status = 204;
  response.content_type = "text/plain";
  response.headers = {{"Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS"},
                      {"Access-Control-Allow-Headers", "Authorization, Content-Type, Range"},
                      {"Access-Control-Max-Age", "600"}};
  return response;
}

// Every open connection, so that at the cap the one idle the longest can be closed for a
// newcomer. Connections live on several threads: the registry has its own lock.
class ConnectionRegistry {
 public:
  struct Entry {
    asio::any_io_executor executor;
    std::weak_ptr<void> owner;      ///< keeps `tcp` alive while locked
    beast::tcp_stream* tcp = nullptr;  ///< the connection's TCP layer (under TLS too)
    /// Waiting for a request (its first, or its next on keep-alive), since when (steady
    /// clock ticks); atomics: set by the connection's thread on every request, with no
    /// lock, read under the lock by eviction.
    std::atomic<bool> idle{true};
    std::atomic<std::chrono::steady_clock::rep> idle_since{std::chrono::steady_clock::now().time_since_epoch().count()};
    bool evicted = false;  ///< under the lock
  };
  using Handle = std::list<Entry>::iterator;

  Handle add(asio::any_io_executor executor, std::weak_ptr<void> owner, beast::tcp_stream& tcp) {
    std::lock_guard lock(mutex_);
    auto& entry = entries_.emplace_front();
    entry.executor = std::move(executor);
    entry.owner = std::move(owner);
    entry.tcp = &tcp;
    return entries_.begin();
  }
  void remove(Handle handle) {
    std::lock_guard lock(mutex_);
    if (handle->evicted) --evicting_;
    entries_.erase(handle);
  }
  static void set_idle(Handle handle, bool idle) {
    if (idle) handle->idle_since.store(std::chrono::steady_clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    handle->idle.store(idle, std::memory_order_release);
  }
  /// Connections open, less those already being closed.
  [[nodiscard]] std::size_t staying() const {
    std::lock_guard lock(mutex_);
    return entries_.size() - evicting_;
  }
  [[nodiscard]] std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }
  /// Closes the connection idle the longest, on its own thread; false when none is idle.
  bool evict_oldest_idle() {
    std::lock_guard lock(mutex_);
    Entry* oldest = nullptr;
    std::chrono::steady_clock::rep oldest_since = 0;
    for (auto& entry : entries_) {
      if (!entry.idle.load(std::memory_order_acquire) || entry.evicted) continue;
      const auto since = entry.idle_since.load(std::memory_order_relaxed);
      if (!oldest || since < oldest_since) {
        oldest = &entry;
        oldest_since = since;
      }
    }
    if (!oldest) return false;
    oldest->evicted = true;
    ++evicting_;
    asio::post(oldest->executor, [weak = oldest->owner, tcp = oldest->tcp] {
      if (auto alive = weak.lock()) {
        beast::error_code ignored;
        tcp->socket().close(ignored);
      }
    });
    return true;
  }

 private:
  mutable std::mutex mutex_;
  std::list<Entry> entries_;
  std::size_t evicting_ = 0;
};

bool out_of_descriptors(const boost::system::error_code& ec) {
  return ec == asio::error::no_descriptors || ec.value() == ENFILE || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory;
}

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, Handler h, ServerLimits l) : acceptor(io), handler(std::move(h)), limits(std::move(l)) {
    if (limits.max_connections == 0) {
      const std::size_t descriptors = raise_descriptor_limit();
      // Outgoing connections (origin, ad servers, beacons, Redis), files and ffmpeg's
      // pipes need descriptors too.
      limits.max_connections = descriptors > 2048 ? descriptors - 1024 : std::max<std::size_t>(8, descriptors / 2);
    }
  }

  asio::awaitable<void> accept_loop() {
    auto self = shared_from_this();
    std::size_t next = 0;
    asio::steady_timer pause(acceptor.get_executor());
    std::chrono::milliseconds backoff{0};
    std::size_t failures_unlogged = 0;
    auto last_log = std::chrono::steady_clock::now() - kAcceptLogInterval;
    for (;;) {
      // At the cap: make room by closing the connection idle the longest, and wait for
      // it to go (or for any other to end) before taking another.
      while (registry.staying() >= limits.max_connections) {
        registry.evict_oldest_idle();
        pause.expires_after(std::chrono::milliseconds(5));
        co_await pause.async_wait(kUseTuple);
        if (!acceptor.is_open()) co_return;
      }
      const auto executor = connection_executors.empty() ? acceptor.get_executor()
                                                         : connection_executors[next++ % connection_executors.size()];
      auto [ec, socket] = co_await acceptor.async_accept(executor, kUseTuple);
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) {
        // Out of descriptors (or another persistent failure): retrying at once would
        // spin a core and flood the log. Free an idle connection, back off, and log
        // once per interval with the count.
        if (out_of_descriptors(ec)) registry.evict_oldest_idle();
        backoff = std::clamp(backoff * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
        ++failures_unlogged;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_log >= kAcceptLogInterval) {
          log::warn("http", "accept failed: " + ec.message() + " (" + std::to_string(failures_unlogged) +
                                " times since the last report; " + std::to_string(registry.size()) +
                                " connections open); backing off");
          failures_unlogged = 0;
          last_log = now;
        }
        pause.expires_after(backoff);
        co_await pause.async_wait(kUseTuple);
        continue;
      }
      backoff = std::chrono::milliseconds(0);
      asio::co_spawn(executor, serve(std::move(socket), executor), logged_detached("HTTP connection"));
    }
  }

  // Answers a request that broke a limit, then closes the connection. What the client
  // is still sending is read and dropped for a moment first (bounded): closing with
  // unread input makes the kernel reset the connection, and the client might never see
  // the answer.
  template <class Stream>
  static asio::awaitable<void> refuse(Stream& stream, HeadRefusal refusal, std::chrono::seconds timeout) {
    auto response = error_response({Errc::kBadRequest, std::move(refusal.message)});
    response.status = refusal.status;
    tcp_of(stream).expires_after(timeout);
    if (co_await write_response(stream, response, 11, false, false)) co_return;
    beast::error_code ignored;
    tcp_of(stream).socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp_of(stream).expires_after(std::chrono::seconds(2));
    std::array<char, 16 * 1024> scratch;
    for (std::size_t drained = 0; drained < kMostDrained;) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(scratch), kUseTuple);
      if (ec) break;
      drained += n;
    }
  }

  asio::awaitable<void> serve(tcp::socket socket, asio::any_io_executor executor) {
    auto self = shared_from_this();
    // Once per connection, not per request: it is a system call.
    boost::system::error_code remote_ec;
    const auto remote = socket.remote_endpoint(remote_ec);
    const std::string remote_address = remote_ec ? std::string() : remote.address().to_string();
    if (!tls) {
      auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
      const auto slot = registry.add(executor, stream, *stream);
      co_await exchange(*stream, slot, remote_address);
      beast::error_code ignored;
      stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
      registry.remove(slot);
      co_return;
    }
    auto stream = std::make_shared<TlsStream>(beast::tcp_stream(std::move(socket)), *tls);
    const auto slot = registry.add(executor, stream, stream->next_layer());
    stream->next_layer().expires_after(limits.header_timeout);
    auto [handshake_ec] = co_await stream->async_handshake(asio::ssl::stream_base::server, kUseTuple);
    if (!handshake_ec) {
      co_await exchange(*stream, slot, remote_address);
      stream->next_layer().expires_after(std::chrono::seconds(2));
      (void)co_await stream->async_shutdown(kUseTuple);
    }
    registry.remove(slot);
  }

  // Requests and responses on one connection until it closes, breaks a rule or idles out.
  template <class Stream>
  asio::awaitable<void> exchange(Stream& stream, ConnectionRegistry::Handle slot, const std::string& remote_address) {
    auto& tcp_layer = tcp_of(stream);
    beast::flat_buffer buffer;
    for (;;) {
      RequestParser parser;
      prepare_parser(parser, limits);
      // Waiting for a request's head (its first byte, or the rest of a head trickling in)
      // is the state in which the connection may be closed to make room for another,
      // and the whole head must come within the idle timeout: a slow client is cut off
      // there, or sooner when the server is full. One read operation, as without limits.
      const bool waiting = buffer.size() == 0;
      registry.set_idle(slot, waiting);
      tcp_layer.expires_after(waiting ? limits.idle_timeout : limits.header_timeout);
      auto [head_ec, head_bytes] = co_await http::async_read_header(stream, buffer, parser, kUseTuple);
      if (waiting) registry.set_idle(slot, false);
      if (head_ec) {
        if (auto refusal = refusal_for(head_ec, limits)) co_await refuse(stream, std::move(*refusal), limits.idle_timeout);
        break;  // refused, or closed or timed out: nothing to answer
      }
      if (auto refusal = check_head(parser, limits)) {
        co_await refuse(stream, std::move(*refusal), limits.idle_timeout);
        break;
      }
      if (!parser.is_done()) {
        tcp_layer.expires_after(limits.body_timeout);
        auto [body_ec, body_bytes] = co_await http::async_read(stream, buffer, parser, kUseTuple);
        if (body_ec == http::error::body_limit) {
          co_await refuse(stream, {413, "request body over the limit of its route"}, limits.idle_timeout);
          break;
        }
        if (body_ec) break;
      }
      const auto& request_message = parser.get();
      Response response;
      if (request_message.method() == http::verb::options) {
        response = preflight();
      } else {
        try {
          auto request = to_request(request_message, remote_address);
          request.tls = tls.has_value();
          response = co_await handler(std::move(request));
        } catch (const std::exception& e) {
          log::error("http", std::string("handler threw: ") + e.what());
          response = error_response({Errc::kInternal, "internal error"});
        }
      }
      const bool head_only = request_message.method() == http::verb::head;
      const bool keep_alive = request_message.keep_alive();
      tcp_layer.expires_after(limits.idle_timeout);
      const auto write_ec = co_await write_response(stream, response, request_message.version(), keep_alive, head_only);
      if (write_ec || !keep_alive) break;
    }
  }

  static constexpr std::chrono::seconds kAcceptLogInterval{10};
  static constexpr std::size_t kMostDrained = 1 << 20;
  tcp::acceptor acceptor;
  Handler handler;
  ServerLimits limits;
  ConnectionRegistry registry;
  std::vector<asio::any_io_executor> connection_executors;
  std::optional<asio::ssl::context> tls;  ///< set: every connection is TLS
};

HttpServer::HttpServer(asio::io_context& io, const std::string& host, std::uint16_t port, Handler handler,
                       ServerLimits limits, const TlsFiles* tls)
    : impl_(std::make_shared<Impl>(io, std::move(handler), limits)) {
  if (tls) {
    // TLS 1.2 and up; the files are read once, at start (a renewed certificate takes a
    // restart).
    auto& context = impl_->tls.emplace(asio::ssl::context::tls_server);
    context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                        asio::ssl::context::single_dh_use);
    context.use_certificate_chain_file(tls->certificate.string());
    context.use_private_key_file(tls->key.string(), asio::ssl::context::pem);
  }
  const tcp::endpoint endpoint(asio::ip::make_address(host), port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::serve_connections_on(std::vector<asio::any_io_executor> executors) {
  impl_->connection_executors = std::move(executors);
}

void HttpServer::start() { asio::co_spawn(impl_->acceptor.get_executor(), impl_->accept_loop(), logged_detached("HTTP accept loop")); }

void HttpServer::stop() {
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
}

std::uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

std::size_t HttpServer::connections() const { return impl_->registry.size(); }

std::size_t HttpServer::max_connections() const { return impl_->limits.max_connections; }

std::size_t raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  constexpr rlim_t kMost = 1 << 20;
  return static_cast<std::size_t>(limit.rlim_cur == RLIM_INFINITY ? kMost : std::min(limit.rlim_cur, kMost));
}

std::optional<std::pair<std::string, std::uint16_t>> split_host_port(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  unsigned port = 0;
  const auto digits = text.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc{} || ptr != digits.data() + digits.size() || port > 65535) return std::nullopt;
  std::string host(text.substr(0, colon));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  boost::system::error_code bad;
  asio::ip::make_address(host, bad);
  if (bad) return std::nullopt;
  return std::pair{host, static_cast<std::uint16_t>(port)};
}

}  // namespace ssai
