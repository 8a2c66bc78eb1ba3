#pragma once
// FNV-1a, for ids and keys that are written down (ladder fingerprints, store keys, DASH
// event ids): the same on every build, machine and node, which std::hash is not.
// Neither is meant to resist a chosen input.
#include <cstdint>
#include <string_view>

namespace manifests {

[[nodiscard]] constexpr std::uint64_t fnv1a_64(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return hash;
}

[[nodiscard]] constexpr std::uint32_t fnv1a_32(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (const char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return hash;
}

}  // namespace manifests
