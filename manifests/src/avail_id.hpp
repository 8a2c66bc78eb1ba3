#pragma once
// Avail ids travel in URLs and store keys: cue ids made safe for both.
#include <string>
#include <string_view>

namespace manifests {

/// At most 64 characters of [A-Za-z0-9_-]; anything else becomes '_'.
inline std::string path_safe(std::string_view id) {
  std::string out;
  for (char c : id.substr(0, 64)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    out.push_back(ok ? c : '_');
  }
  return out;
}

}  // namespace manifests
