// The hand-written response head against Beast's own parser: what a peer reads from it.
#include <catch2/catch.hpp>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "ssai/response_head.hpp"

namespace {

namespace http = boost::beast::http;

// Parses head + body as a peer would; REQUIREs it to parse whole.
http::response<http::string_body> read_back(const ssai::Response& response, unsigned version, bool keep_alive) {
  const std::string bytes = ssai::response_head(response, version, keep_alive) + response.body;
  http::response_parser<http::string_body> parser;
  parser.eager(true);
  boost::beast::error_code ec;
  const auto used = parser.put(boost::asio::buffer(bytes), ec);
  REQUIRE_FALSE(ec);
  if (!parser.is_done()) parser.put_eof(ec);
  REQUIRE_FALSE(ec);
  CHECK(used == bytes.size());
  return parser.release();
}

}  // namespace

TEST_CASE("a response head reads back as the response, with our defaults and CORS") {
  const auto message = read_back(ssai::hls_response("#EXTM3U\n"), 11, true);
  CHECK(message.result_int() == 200);
  CHECK(message.reason() == "OK");
  CHECK(message[http::field::content_type] == "application/vnd.apple.mpegurl");
  CHECK(message[http::field::cache_control] == "no-cache");
  CHECK(message[http::field::server] == "ssai");
  CHECK(message[http::field::access_control_allow_origin] == "*");
  CHECK(message[http::field::content_length] == "8");
  CHECK(message.body() == "#EXTM3U\n");
  CHECK(message.keep_alive());
}

TEST_CASE("a response head says Connection only where the version's default differs") {
  CHECK_FALSE(read_back(ssai::json_response(200, "{}"), 11, false).keep_alive());
  CHECK(read_back(ssai::json_response(200, "{}"), 10, true).keep_alive());
  CHECK_FALSE(read_back(ssai::json_response(200, "{}"), 10, false).keep_alive());
  CHECK(ssai::response_head(ssai::json_response(200, "{}"), 11, true).find("\r\nConnection:") == std::string::npos);
}

TEST_CASE("a response's own headers replace the defaults, and cannot add headers of their own") {
  ssai::Response redirect;
  redirect.status = 302;
  redirect.headers = {{"Location", "http://ads.example/a.ts\r\nSet-Cookie: x=1"}, {"cache-control", "max-age=60"},
                      {"Content-Length", "999"}};
  const auto message = read_back(redirect, 11, true);
  CHECK(message.result_int() == 302);
  CHECK(message[http::field::location] == "http://ads.example/a.ts  Set-Cookie: x=1");
  CHECK(message.count(http::field::set_cookie) == 0);
  CHECK(message[http::field::cache_control] == "max-age=60");
  CHECK(message.count(http::field::cache_control) == 1);
  CHECK(message[http::field::content_length] == "0");
}

TEST_CASE("control characters in a header value become spaces, so the head still parses") {
  // Found by the request-head fuzzer: a %0F in a path echoed into a Location.
  ssai::Response redirect;
  redirect.status = 302;
  redirect.headers = {{"Location", std::string("/a\x0f\x01") + "b\x7f\tc"}};
  const auto message = read_back(redirect, 11, true);
  CHECK(message.result_int() == 302);
  CHECK(message[http::field::location] == "/a  b \tc");
}

TEST_CASE("a 204 has no Content-Length") {
  ssai::Response none;
  none.status = 204;
  CHECK(ssai::response_head(none, 11, true).find("\r\nContent-Length:") == std::string::npos);
  CHECK(read_back(none, 11, true).result_int() == 204);
}
