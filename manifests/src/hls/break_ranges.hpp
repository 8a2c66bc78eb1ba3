#pragma once
// Shared by the VOD and live stitchers: the breaks they are given must be in order, not
// overlap, and lie inside the playlist.
#include <cstddef>
#include <string>

#include "manifests/error.hpp"

namespace manifests::hls {

template <class Breaks>
[[nodiscard]] Result<void> check_break_ranges(const Breaks& breaks, std::size_t segment_count) {
  std::size_t previous_end = 0;
  for (const auto& b : breaks) {
    if (b.first_segment < previous_end || b.end_segment < b.first_segment || b.end_segment > segment_count) {
      return fail(Errc::kInconsistent, "break [" + std::to_string(b.first_segment) + ", " + std::to_string(b.end_segment) +
                                           ") overlaps or lies outside the " + std::to_string(segment_count) + " segments");
    }
    previous_end = b.end_segment;
  }
  return {};
}

}  // namespace manifests::hls
