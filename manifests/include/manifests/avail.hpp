#pragma once
// An ad opportunity found in a manifest, whatever the cue dialect that signalled it.
#include <cstddef>
#include <string>
#include <vector>

#include "manifests/time.hpp"

namespace manifests {

struct Avail {
  std::string id;             ///< stable across the renditions of one asset
  std::size_t first_segment;  ///< first content segment inside the break
  std::size_t end_segment;    ///< one past the last content segment inside the break
  Ticks start{};              ///< from the start of the playlist
  Ticks duration{};           ///< as signalled by the cue
  Ticks content_duration{};   ///< what the segments inside the break actually last
};

/// What cue detection found, and what it had to ignore (with the reason, for the log).
struct CueReport {
  std::vector<Avail> avails;
  std::vector<std::string> warnings;
};

}  // namespace manifests
