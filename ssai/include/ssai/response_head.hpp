#pragma once
// The status line and header block of a response, written by hand into one string: what
// Beast's serializer would write for it, without building a field list per request
// (the stitched playlist path answers tens of thousands of requests a second).
#include <string>

#include "ssai/http_types.hpp"

namespace ssai {

/// HTTP/1.x head for `response`: Server, Content-Type, Cache-Control (no-cache unless
/// the response sets its own), the response's headers, CORS, Connection when it differs
/// from the version's default, Content-Length of its body (none for 1xx, 204 and 304).
/// CR and LF in header values become spaces: a value from elsewhere (an ad's URL in a
/// Location) cannot add headers.
[[nodiscard]] std::string response_head(const Response& response, unsigned version, bool keep_alive);

}  // namespace ssai
