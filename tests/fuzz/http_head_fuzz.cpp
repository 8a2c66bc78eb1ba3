// libFuzzer target: a request as bytes off the wire, through the server's own head
// rules (limits, transfer codings, body limits) into a Request, and what it decides from
// it (the base of absolute URLs, the viewer's address) and writes back into a response
// head: nothing crashes, a refusal is a 4xx, and a response head carrying the request's
// values parses back as exactly one response.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <boost/beast/http.hpp>

#include "http/request_head.hpp"
#include "ssai/request_origin.hpp"
#include "ssai/response_head.hpp"

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ssai::ServerLimits limits;
  limits.body_limit = [](std::string_view method, std::string_view path) -> std::size_t {
    return method == "POST" && path.starts_with("/v1/session/") ? 16 * 1024 : 4 * 1024;
  };
  ssai::RequestParser parser;
  ssai::prepare_parser(parser, limits);
  parser.eager(false);
  boost::system::error_code ec;
  const boost::asio::const_buffer input(data, size);
  const std::size_t head_used = parser.put(input, ec);
  if (ec) {
    if (auto refusal = ssai::refusal_for(ec, limits); refusal && (refusal->status < 400 || refusal->status > 499)) std::abort();
    return 0;
  }
  if (!parser.is_header_done()) return 0;
  if (auto refusal = ssai::check_head(parser, limits)) {
    if (refusal->status < 400 || refusal->status > 499) std::abort();
    return 0;
  }
  parser.eager(true);
  std::size_t used = head_used;
  while (!parser.is_done() && used < size) {
    const std::size_t n = parser.put(boost::asio::const_buffer(data + used, size - used), ec);
    if (ec == http::error::need_more) break;
    if (ec || n == 0) return 0;
    used += n;
  }
  if (!parser.is_done()) return 0;
  const auto request = ssai::to_request(parser.get(), "10.0.0.1");

  ssai::RequestOriginSettings settings;
  settings.listen = "127.0.0.1:8080";
  settings.public_hosts = {"ssai.example.com"};
  settings.trusted_proxies.push_back(ssai::IpPrefix::parse("10.0.0.0/8").value());
  const std::string base = ssai::public_base_for(request, settings);
  // What a forged Host or X-Forwarded-Host could smuggle into a manifest or a header.
  if (base.find_first_of("\"\r\n <>") != std::string::npos) std::abort();
  (void)ssai::client_address(request, settings);

  ssai::Response response;
  response.status = 302;
  response.headers.emplace_back("Location", base + request.path + "?" + request.raw_query);
  response.headers.emplace_back("X-Echo", request.user_agent);
  response.body = request.body;
  const std::string head = ssai::response_head(response, 11, true) + response.body;
  http::response_parser<http::string_body> reader;
  // The echoed target can be as long as a request head may be (16 KiB), past the
  // parser's default of 8 KiB.
  reader.header_limit(1 << 20);
  reader.eager(true);
  reader.body_limit(1 << 20);
  const std::size_t read = reader.put(boost::asio::buffer(head), ec);
  // One response, all of it: a header value never ends the head early or adds another.
  if (ec || !reader.is_done() || read != head.size()) std::abort();
  if (reader.get().result_int() != 302) std::abort();
  return 0;
}
