#include "ssai/http_server.hpp"

#include <array>
#include <charconv>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include "ssai/log.hpp"
#include "ssai/response_head.hpp"

namespace ssai {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

Request to_request(const http::request<http::string_body>& message, const std::string& remote_address) {
  Request request;
  request.method = std::string(message.method_string());
  request.host = std::string(message[http::field::host]);
  request.user_agent = std::string(message[http::field::user_agent]);
  request.body = message.body();
  for (const auto& field : message) request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  request.remote_address = remote_address;
  auto target = boost::urls::parse_origin_form(message.target());
  if (!target) {
    request.path = std::string(message.target());
    return request;
  }
  request.path = target->path();
  request.raw_query = std::string(target->encoded_query());
  for (auto param : target->params()) request.query.emplace_back(param.key, param.value);
  return request;
}

// The head and the body in one gather write (HEAD: the head alone, with the body's length).
asio::awaitable<boost::system::error_code> write_response(beast::tcp_stream& stream, const Response& response,
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

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, Handler h, ServerLimits l) : acceptor(io), handler(std::move(h)), limits(l) {}

  asio::awaitable<void> accept_loop() {
    auto self = shared_from_this();
    std::size_t next = 0;
    for (;;) {
      const auto executor = connection_executors.empty() ? acceptor.get_executor()
                                                         : connection_executors[next++ % connection_executors.size()];
      auto [ec, socket] = co_await acceptor.async_accept(executor, kUseTuple);
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) {
        log::warn("http", "accept failed: " + ec.message());
        continue;
      }
      asio::co_spawn(executor, serve(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> serve(tcp::socket socket) {
    auto self = shared_from_this();
    // Once per connection, not per request: it is a system call.
    boost::system::error_code remote_ec;
    const auto remote = socket.remote_endpoint(remote_ec);
    const std::string remote_address = remote_ec ? std::string() : remote.address().to_string();
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(limits.max_body_bytes);
      parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
      stream.expires_after(limits.idle_timeout);
      auto [read_ec, read_bytes] = co_await http::async_read(stream, buffer, parser, kUseTuple);
      if (read_ec == http::error::body_limit || read_ec == http::error::header_limit) {
        auto too_large = error_response({Errc::kBadRequest, "request too large"});
        too_large.status = 413;
        stream.expires_after(limits.idle_timeout);
        co_await write_response(stream, too_large, 11, false, false);
        break;
      }
      if (read_ec) break;  // closed, timed out, or not HTTP: nothing to answer
      const auto& request_message = parser.get();
      Response response;
      if (request_message.method() == http::verb::options) {
        response = preflight();
      } else {
        try {
          response = co_await handler(to_request(request_message, remote_address));
        } catch (const std::exception& e) {
          log::error("http", std::string("handler threw: ") + e.what());
          response = error_response({Errc::kInternal, "internal error"});
        }
      }
      const bool head = request_message.method() == http::verb::head;
      const bool keep_alive = request_message.keep_alive();
      stream.expires_after(limits.idle_timeout);
      const auto write_ec = co_await write_response(stream, response, request_message.version(), keep_alive, head);
      if (write_ec || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  tcp::acceptor acceptor;
  Handler handler;
  ServerLimits limits;
  std::vector<asio::any_io_executor> connection_executors;
};

HttpServer::HttpServer(asio::io_context& io, const std::string& host, std::uint16_t port, Handler handler,
                       ServerLimits limits)
    : impl_(std::make_shared<Impl>(io, std::move(handler), limits)) {
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

void HttpServer::start() { asio::co_spawn(impl_->acceptor.get_executor(), impl_->accept_loop(), asio::detached); }

void HttpServer::stop() {
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
}

std::uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

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
