#include "ssai/body_limits.hpp"

namespace ssai {

std::size_t request_body_limit(std::string_view method, std::string_view path) {
  if (method == "POST" && path.starts_with("/v1/session/")) return 16 * 1024;
  if ((method == "POST" && path == "/v1/explain") || (method == "PUT" && path.starts_with("/v1/config/"))) {
    return kLargestRequestBody;
  }
  return 4 * 1024;
}

}  // namespace ssai
