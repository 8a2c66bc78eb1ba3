#pragma once
// What a splice_info_section means for a stitcher, whatever manifest carried it (HLS
// tags, DASH EventStreams).
#include <cstdint>
#include <optional>
#include <string>

#include "manifests/scte35/splice_info.hpp"

namespace manifests::scte35 {

enum class BreakEdge {
  kOut,     ///< a break starts (splice_insert out of network; break/ad/placement start types)
  kIn,      ///< a break ends (splice_insert back to network; the matching end types)
  kCancel,  ///< an earlier cue with this id is withdrawn
};

struct BreakSignal {
  BreakEdge edge = BreakEdge::kOut;
  std::string id;                         ///< splice_event_id or segmentation_event_id, decimal
  std::optional<std::uint64_t> duration;  ///< break_duration or segmentation_duration, 90 kHz
};

/// nullopt when the section is not about ad breaks (splice_null, other segmentation types).
[[nodiscard]] std::optional<BreakSignal> break_signal(const SpliceInfoSection& section);

/// break_duration, else the first segmentation_duration: how long the cue says its break lasts.
[[nodiscard]] std::optional<std::uint64_t> signalled_duration(const SpliceInfoSection& section);

}  // namespace manifests::scte35
