#pragma once
// A live media playlist as this node last wrote it for one session rendition, with what
// it was written from. Writing one is a function of these alone: the session never
// changes, its decisions are written once, and the ledger says what was served. So while
// the origin window, the configuration, the public base and the stored ledger are the
// same, the playlist is served again as written; most reloads of a window come before
// its next segment.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ssai/config_registry.hpp"

namespace ssai {

/// What a node keeps of written live playlists, per memo generation (two at most).
inline constexpr std::size_t kWrittenLiveBytes = 64 * 1024 * 1024;

struct WrittenLive {
  std::uint64_t origin = 0;  ///< ParsedMedia::version of the rendition's window
  std::uint64_t main = 0;    ///< and of the main variant's, for another rendition (else 0)
  ConfigRegistry::Config config;
  std::string base;    ///< of the request: the playlist's own URIs start with it
  std::string ledger;  ///< as in the store, continuing this playlist
  std::string body;

  /// What it holds, for the memo's bound.
  [[nodiscard]] std::size_t bytes() const { return sizeof(WrittenLive) + base.size() + ledger.size() + body.size(); }

  /// Written from these inputs.
  [[nodiscard]] bool written_from(std::uint64_t origin_version, std::uint64_t main_version,
                                  const ConfigRegistry::Config& config_in_force, std::string_view request_base,
                                  std::string_view stored_ledger) const {
    return origin == origin_version && main == main_version && config == config_in_force && base == request_base &&
           ledger == stored_ledger;
  }
};

}  // namespace ssai
