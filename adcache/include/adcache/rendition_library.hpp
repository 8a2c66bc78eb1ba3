#pragma once
// Conditioned creatives on disk: <dir>/<key>/master.m3u8 lists the rungs, each an HLS
// media playlist beside it. Segments are served under <base_url><key>/....
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "adcache/error.hpp"
#include "adcache/rendition.hpp"

namespace adcache {

class RenditionLibrary {
 public:
  /// `base_url` ends with '/'.
  RenditionLibrary(std::filesystem::path dir, std::string base_url);

  /// The renditions of a creative, read once and then kept in memory. Thread-safe.
  [[nodiscard]] Result<std::shared_ptr<const ConditionedCreative>> find(const std::string& key);

 private:
  [[nodiscard]] Result<ConditionedCreative> load(const std::string& key) const;

  std::filesystem::path dir_;
  std::string base_url_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const ConditionedCreative>, std::less<>> loaded_;
};

}  // namespace adcache
