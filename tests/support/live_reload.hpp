#pragma once
// A player's view of one reload of a stitched media playlist, and the rule every reload
// of a live one must keep (RFC 8216 section 6.2.2): what stays in the window is served
// again unchanged, and the sequence numbers count exactly what left.
#include <cstdint>
#include <string>
#include <vector>

#include "manifests/time.hpp"

namespace test_support {

struct Entry {
  std::string uri;  ///< without the node's host: every node must write the same entries
  manifests::Ticks duration;
  bool discontinuity;
  friend bool operator==(const Entry&, const Entry&) = default;
};

struct Reload {
  std::int64_t media_sequence = 0;
  std::int64_t discontinuity_sequence = 0;
  bool endlist = false;
  std::vector<Entry> entries;
};

/// GETs a media playlist (REQUIREs a 200 and a playlist that parses).
[[nodiscard]] Reload fetch_reload(const std::string& url);

/// CHECKs that `after` continues `before`.
void check_continues(const Reload& before, const Reload& after);

/// "c" for content, "a" for an ad segment (our redirect), "d" for an ad file straight
/// from the ad CDN (I-frames: no beacons), "s" for slate, "b" for a blank subtitle, "|"
/// before each discontinuity.
[[nodiscard]] std::string entry_kinds(const std::vector<Entry>& entries);

}  // namespace test_support
