#pragma once
// The largest request body each route takes (HttpServer's ServerLimits::body_limit):
// 16 KiB for a new session's adsParams, 64 KiB for a configuration or the explain lab,
// 4 KiB elsewhere.
#include <cstddef>
#include <string_view>

namespace ssai {

[[nodiscard]] std::size_t request_body_limit(std::string_view method, std::string_view path);
inline constexpr std::size_t kLargestRequestBody = 64 * 1024;

}  // namespace ssai
