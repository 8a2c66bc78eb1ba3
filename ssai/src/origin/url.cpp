#include "ssai/url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/url.hpp>

namespace ssai {

std::optional<std::string> url_origin(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || !parsed->has_authority()) return std::nullopt;
  std::string origin(parsed->scheme());
  origin += "://";
  origin += parsed->encoded_host_and_port();
  return origin;
}

bool is_safe_content_path(std::string_view path) {
  if (path.empty() || path.size() > 1024 || path.front() == '/') return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    for (char c : segment) {
      if (c <= 0x20 || c >= 0x7F || c == '\\' || c == '?' || c == '#' || c == '%') return false;
    }
    start = end + 1;
  }
  return true;
}

std::optional<std::string> decode_path_segment(std::string_view segment) {
  auto checked = boost::urls::make_pct_string_view(segment);
  if (!checked) return std::nullopt;
  return checked->decode();
}

}  // namespace ssai
