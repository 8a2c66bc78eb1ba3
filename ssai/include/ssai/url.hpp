#pragma once
// URL helpers over Boost.URL.
#include <optional>
#include <string>
#include <string_view>

namespace ssai {

/// "scheme://host:port" of an absolute URL, for allow-list checks; nullopt if not absolute.
[[nodiscard]] std::optional<std::string> url_origin(std::string_view url);

/// A content path from a request ("live/channel1/master"): relative, no "..", no
/// empty or dot segments, printable ASCII only, so appending it to an origin base
/// URL can never leave that origin.
[[nodiscard]] bool is_safe_content_path(std::string_view path);

/// One path segment with its %XX escapes decoded; nullopt when an escape is malformed.
[[nodiscard]] std::optional<std::string> decode_path_segment(std::string_view segment);

}  // namespace ssai
