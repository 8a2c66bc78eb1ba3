#include "manifests/scte35/break_signal.hpp"

#include "manifests/scte35/names.hpp"

namespace manifests::scte35 {

std::optional<std::uint64_t> signalled_duration(const SpliceInfoSection& s) {
  if (const auto* insert = std::get_if<SpliceInsert>(&s.splice_command); insert && insert->break_duration) {
    return insert->break_duration->duration;
  }
  for (const auto& d : s.descriptors) {
    if (const auto* seg = std::get_if<SegmentationDescriptor>(&d); seg && seg->segmentation_duration) {
      return *seg->segmentation_duration;
    }
  }
  return std::nullopt;
}

std::optional<BreakSignal> break_signal(const SpliceInfoSection& s) {
  if (const auto* insert = std::get_if<SpliceInsert>(&s.splice_command)) {
    BreakSignal signal{BreakEdge::kOut, std::to_string(insert->splice_event_id), {}};
    if (insert->splice_event_cancel_indicator) {
      signal.edge = BreakEdge::kCancel;
    } else {
      signal.edge = insert->out_of_network_indicator ? BreakEdge::kOut : BreakEdge::kIn;
      signal.duration = signalled_duration(s);
    }
    return signal;
  }
  if (!std::holds_alternative<TimeSignal>(s.splice_command)) return std::nullopt;
  for (const auto& d : s.descriptors) {
    const auto* seg = std::get_if<SegmentationDescriptor>(&d);
    if (!seg) continue;
    BreakSignal signal{BreakEdge::kOut, std::to_string(seg->segmentation_event_id), {}};
    if (seg->segmentation_event_cancel_indicator) {
      signal.edge = BreakEdge::kCancel;
      return signal;
    }
    if (opens_break(seg->segmentation_type_id)) {
      signal.duration = seg->segmentation_duration;
      return signal;
    }
    if (closes_break(seg->segmentation_type_id)) {
      signal.edge = BreakEdge::kIn;
      return signal;
    }
  }
  return std::nullopt;
}

}  // namespace manifests::scte35
