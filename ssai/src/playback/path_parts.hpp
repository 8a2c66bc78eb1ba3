#pragma once
// Reading the parts of a playback URL's path, the same way on every route.
#include <charconv>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace ssai {

/// A decimal index ("0", "12"); nullopt for anything else (signs, spaces, empty).
[[nodiscard]] inline std::optional<std::size_t> parse_index(std::string_view text) {
  std::size_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

/// The parts of `path` between slashes, empty ones included ("a//b" gives three).
[[nodiscard]] inline std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace ssai
