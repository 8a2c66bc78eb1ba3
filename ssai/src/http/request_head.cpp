#include "http/request_head.hpp"

#include <algorithm>
#include <iterator>

#include <boost/url/parse.hpp>

namespace ssai {
namespace http = boost::beast::http;

namespace {

// The path of a request target, for the per-route body limit.
std::string_view target_path(std::string_view target) { return target.substr(0, target.find('?')); }

bool is_plain_chunked(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return boost::beast::iequals(value, "chunked");
}

}  // namespace

void prepare_parser(RequestParser& parser, const ServerLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_body_bytes);
}

std::optional<HeadRefusal> refusal_for(const boost::system::error_code& ec, const ServerLimits& limits) {
  if (ec == http::error::header_limit) return HeadRefusal{431, "request head over " + std::to_string(limits.max_header_bytes) + " bytes"};
  // A Content-Length over the largest body of any route.
  if (ec == http::error::body_limit) return HeadRefusal{413, "request body over " + std::to_string(limits.max_body_bytes) + " bytes"};
  // Not HTTP as the spec has it (a bad request line, Content-Length with chunked...).
  if (ec.category() == http::make_error_code(http::error::bad_method).category() && ec != http::error::end_of_stream &&
      ec != http::error::partial_message) {
    return HeadRefusal{400, "malformed request: " + ec.message()};
  }
  return std::nullopt;
}

std::optional<HeadRefusal> check_head(RequestParser& parser, const ServerLimits& limits) {
  const auto& head = parser.get();
  if (static_cast<std::size_t>(std::distance(head.begin(), head.end())) > limits.max_header_fields) {
    return HeadRefusal{431, "more than " + std::to_string(limits.max_header_fields) + " header fields"};
  }
  if (const auto te = head.find(http::field::transfer_encoding); te != head.end()) {
    if (!is_plain_chunked(te->value()) || head.find(http::field::content_length) != head.end()) {
      return HeadRefusal{400, "unsupported Transfer-Encoding: " + std::string(te->value())};
    }
  }
  std::size_t body_limit = limits.max_body_bytes;
  if (limits.body_limit) body_limit = std::min(body_limit, limits.body_limit(head.method_string(), target_path(head.target())));
  if (const auto length = parser.content_length(); length && *length > body_limit) {
    return HeadRefusal{413, "request body over " + std::to_string(body_limit) + " bytes"};
  }
  parser.body_limit(body_limit);
  return std::nullopt;
}

Request to_request(const http::request<http::string_body>& message, const std::string& remote_address) {
  Request request = request_for(std::string(message.method_string()), message.target(), message.body());
  request.host = std::string(message[http::field::host]);
  request.user_agent = std::string(message[http::field::user_agent]);
  for (const auto& field : message) request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  request.remote_address = remote_address;
  return request;
}

}  // namespace ssai
