#pragma once
// Keeps the conditioned-renditions directory under a size cap by removing the creatives
// used least recently. Use is what RenditionLibrary records: the mtime of <key>/.used,
// touched at most once a minute by each node that plays the creative (the directory is
// shared by all nodes, so this is what they agree on). A creative used recently is
// never removed, even when that leaves the directory over its cap: players may be
// fetching its segments.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace adcache {

inline constexpr const char* kUsedMarker = ".used";

struct EvictionReport {
  std::uintmax_t bytes_before = 0;
  std::uintmax_t bytes_after = 0;
  std::vector<std::string> evicted;  ///< keys, least recently used first
};

/// Removes creatives (least recently used first) until the directory holds at most
/// `max_bytes`, sparing those used within `recent` and those `spare` names; calls
/// `evicted` with each removed key (to forget its job, so it can be conditioned again).
EvictionReport evict_least_recently_used(const std::filesystem::path& library, std::uintmax_t max_bytes,
                                         std::chrono::seconds recent, const std::function<bool(const std::string&)>& spare,
                                         const std::function<void(const std::string&)>& evicted);

}  // namespace adcache
