#pragma once
// A request's head judged against the server's limits, and turned into a Request: pure
// functions over Beast's parser, shared by the server and its fuzz target.
#include <optional>
#include <string>

#include <boost/beast/http.hpp>

#include "ssai/http_server.hpp"
#include "ssai/http_types.hpp"

namespace ssai {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

/// An answer to a request that broke a rule; the connection closes after it.
struct HeadRefusal {
  int status = 400;
  std::string message;
};

/// The parser's limits for reading a head (the body's is set by check_head).
void prepare_parser(RequestParser& parser, const ServerLimits& limits);

/// What reading the head failed with, as an answer; nullopt when there is nobody to
/// answer (the peer closed, or the read timed out).
[[nodiscard]] std::optional<HeadRefusal> refusal_for(const boost::system::error_code& ec, const ServerLimits& limits);

/// A complete head: nullopt when the request may be read on (the parser's body limit
/// then set for its route), else the refusal. Only plain "chunked" transfer coding is
/// understood: anything else would leave its body to be read as the next request.
[[nodiscard]] std::optional<HeadRefusal> check_head(RequestParser& parser, const ServerLimits& limits);

[[nodiscard]] Request to_request(const boost::beast::http::request<boost::beast::http::string_body>& message,
                                 const std::string& remote_address);

}  // namespace ssai
