#pragma once
// A blocking HTTP client for tests (libcurl), redirects not followed.
#include <string>

namespace test_support {

struct HttpResult {
  long status = 0;
  std::string body;
  std::string location;  ///< Location header of a redirect
  std::string content_type;
};

/// GET `url`; status 0 when the connection failed.
HttpResult http_get(const std::string& url);

}  // namespace test_support
