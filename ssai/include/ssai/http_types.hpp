#pragma once
// Requests and responses as plain values, so routes never see Beast.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ssai/error.hpp"

namespace ssai {

using Params = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;
  std::string path;  ///< percent-decoded
  std::string raw_query;
  Params query;  ///< percent-decoded, in order
  std::string host;
  std::string user_agent;
  std::string remote_address;
  bool tls = false;  ///< came in on the HTTPS listener
  Params headers;  ///< every request header, names as sent
  std::string body;

  [[nodiscard]] std::optional<std::string_view> query_param(std::string_view name) const;
};

/// A request as the server makes it of a request line ("GET /v1/x?a=b"): the path and
/// query percent-decoded. For the server and for callers in this process (tests).
[[nodiscard]] Request request_for(std::string method, std::string_view target, std::string body = {});

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Params headers;
};

/// {"error": "<name>", "message": "..."} with the status of error_name's table.
[[nodiscard]] Response error_response(const Error& error);
[[nodiscard]] Response json_response(int status, std::string body);

inline constexpr std::string_view kHlsContentType = "application/vnd.apple.mpegurl";
inline constexpr std::string_view kDashContentType = "application/dash+xml";

/// A 200 with an HLS playlist.
[[nodiscard]] Response hls_response(std::string playlist);
/// A 302 to `location` (absolute), the body empty.
[[nodiscard]] Response redirect_response(std::string location);

}  // namespace ssai
