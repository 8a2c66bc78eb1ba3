#pragma once
// Conditioned creatives on disk: <dir>/<key>/master.m3u8 lists the rungs, each an HLS
// media playlist beside it. Segments are served under <base_url><key>/....
#include <chrono>
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

  /// The renditions of a creative, read once and then kept in memory (checked against
  /// the disk every 30 s, since eviction may remove it). Each find counts as a use for
  /// least-recently-used eviction (library_eviction.hpp). Thread-safe.
  [[nodiscard]] Result<std::shared_ptr<const ConditionedCreative>> find(const std::string& key);
  /// `key` conditioned to the ladder `fingerprint` names (ladder_key), else `key` as it
  /// is: conditioned with no ladder named (a library filled by hand, or before keys named
  /// ladders). `found_key` is set to the one found; the error is the laddered key's.
  [[nodiscard]] Result<std::shared_ptr<const ConditionedCreative>> find_for_ladder(const std::string& key,
                                                                                   std::string_view fingerprint,
                                                                                   std::string& found_key);
  /// The renditions as they are on disk now, for looking at (the admin API): neither
  /// kept nor counted as a use.
  [[nodiscard]] Result<ConditionedCreative> inspect(const std::string& key) const { return load(key); }

 private:
  struct Loaded {
    std::shared_ptr<const ConditionedCreative> creative;
    std::chrono::steady_clock::time_point checked;  ///< last seen on disk
    std::chrono::steady_clock::time_point used;     ///< last recorded as used
  };

  [[nodiscard]] Result<ConditionedCreative> load(const std::string& key) const;
  void record_use(const std::string& key) const;

  std::filesystem::path dir_;
  std::string base_url_;
  std::mutex mutex_;
  std::map<std::string, Loaded, std::less<>> loaded_;
  /// Keys found missing lately, and why: a session of a laddered content asks first for
  /// its laddered key on every fill, which a library of plain keys never has, and a stat
  /// per ad per playlist request is measurable. Forgotten after a second, so a creative
  /// published since is seen at once.
  struct Absent {
    Error error;
    std::chrono::steady_clock::time_point checked;
  };
  std::map<std::string, Absent, std::less<>> absent_;
};

}  // namespace adcache
