#include "ssai/break_rules.hpp"

namespace ssai {

BreakPosition break_position(const manifests::Avail& avail, std::size_t segment_count) {
  if (avail.first_segment != avail.end_segment) return BreakPosition::kMidRoll;
  if (avail.first_segment == 0) return BreakPosition::kPreRoll;
  return avail.first_segment == segment_count ? BreakPosition::kPostRoll : BreakPosition::kMidRoll;
}

bool below_threshold(const manifests::Avail& avail, const PlaybackConfiguration& config) {
  const bool replaces_content = avail.end_segment > avail.first_segment;
  return replaces_content && avail.duration.count() / 90 < config.personalization_threshold.count();
}

bool suppressed(const PlaybackConfiguration& config, const Session& session, manifests::Ticks before_edge,
                std::int64_t now_ms) {
  const std::int64_t break_start = now_ms - before_edge.count() / 90;
  const std::int64_t value = config.avail_suppression_value.count();
  switch (config.avail_suppression) {
    case AvailSuppression::kOff:
      return false;
    case AvailSuppression::kBehindLiveEdge:
      return break_start <= session.started_ms - value;
    case AvailSuppression::kAfterLiveEdge:
      // Under way when the session started: filled from where it is only with partial_avail.
      if (break_start < session.started_ms) return !config.suppression_partial_avail;
      return break_start < session.started_ms + value;
  }
  return false;
}

}  // namespace ssai
