#pragma once
// A blocking HTTP client for tests (libcurl), redirects not followed.
#include <string>
#include <vector>

namespace test_support {

struct HttpResult {
  long status = 0;
  std::string body;
  std::string location;  ///< Location header of a redirect
  std::string content_type;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  ///< "Name: value"
  std::string body;
  std::string ca_file{};  ///< https: the certificate to trust (a test's self-signed one)
};

/// Status 0 when the connection failed.
HttpResult http_request(const HttpRequest& request);
HttpResult http_get(const std::string& url);

}  // namespace test_support
