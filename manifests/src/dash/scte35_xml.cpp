#include "scte35_xml.hpp"

#include <string_view>

#include "manifests/dash/mpd.hpp"

namespace manifests::dash {
namespace {

namespace s35 = manifests::scte35;

bool flag(const pugi::xml_node& node, const char* name) {
  const std::string_view value = node.attribute(name).value();
  return value == "true" || value == "1";
}

template <class T>
T number(const pugi::xml_node& node, const char* name, T fallback = 0) {
  const auto value = uint_attribute(node, name);
  return value ? static_cast<T>(*value) : fallback;
}

std::optional<s35::SpliceTime> splice_time(const pugi::xml_node& parent) {
  const auto node = child(parent, "SpliceTime");
  if (!node) return std::nullopt;
  s35::SpliceTime time;
  if (auto pts = uint_attribute(node, "ptsTime")) {
    time.time_specified_flag = true;
    time.pts_time = *pts % s35::kPtsModulus;
  }
  return time;
}

s35::SpliceInsert splice_insert(const pugi::xml_node& node) {
  s35::SpliceInsert insert;
  insert.splice_event_id = number<std::uint32_t>(node, "spliceEventId");
  insert.splice_event_cancel_indicator = flag(node, "spliceEventCancelIndicator");
  insert.out_of_network_indicator = flag(node, "outOfNetworkIndicator");
  insert.splice_immediate_flag = flag(node, "spliceImmediateFlag");
  insert.unique_program_id = number<std::uint16_t>(node, "uniqueProgramId");
  insert.avail_num = number<std::uint8_t>(node, "availNum");
  insert.avails_expected = number<std::uint8_t>(node, "availsExpected");
  if (auto program = child(node, "Program")) {
    insert.program_splice_flag = true;
    if (!insert.splice_immediate_flag) insert.splice_time = splice_time(program);
  }
  if (auto duration = child(node, "BreakDuration")) {
    insert.duration_flag = true;
    insert.break_duration = s35::BreakDuration{flag(duration, "autoReturn"), number<std::uint64_t>(duration, "duration")};
  }
  return insert;
}

s35::SegmentationDescriptor segmentation(const pugi::xml_node& node) {
  s35::SegmentationDescriptor d;
  // segmentationEventId per the schema; some encoders (Telestream) write spliceEventId.
  d.segmentation_event_id = number<std::uint32_t>(node, "segmentationEventId", number<std::uint32_t>(node, "spliceEventId"));
  d.segmentation_event_cancel_indicator = flag(node, "segmentationEventCancelIndicator");
  d.segmentation_type_id = number<std::uint8_t>(node, "segmentationTypeId");
  if (auto duration = uint_attribute(node, "segmentationDuration")) {
    d.segmentation_duration_flag = true;
    d.segmentation_duration = *duration;
  }
  d.segment_num = number<std::uint8_t>(node, "segmentNum");
  d.segments_expected = number<std::uint8_t>(node, "segmentsExpected");
  if (auto v = uint_attribute(node, "subSegmentNum")) d.sub_segment_num = static_cast<std::uint8_t>(*v);
  if (auto v = uint_attribute(node, "subSegmentsExpected")) d.sub_segments_expected = static_cast<std::uint8_t>(*v);
  if (auto upid = child(node, "SegmentationUpid")) {
    d.segmentation_upid.segmentation_upid_type = number<std::uint8_t>(upid, "segmentationUpidType");
    const std::string_view text = upid.text().get();
    d.segmentation_upid.bytes.assign(text.begin(), text.end());
  } else if (auto type = uint_attribute(node, "segmentationUpidType")) {
    d.segmentation_upid.segmentation_upid_type = static_cast<std::uint8_t>(*type);
  }
  return d;
}

}  // namespace

Result<scte35::SpliceInfoSection> splice_info_from_xml(const pugi::xml_node& node) {
  s35::SpliceInfoSection section;
  section.pts_adjustment = number<std::uint64_t>(node, "ptsAdjustment") % s35::kPtsModulus;
  section.protocol_version = number<std::uint8_t>(node, "protocolVersion");
  section.tier = number<std::uint16_t>(node, "tier", 0xFFF);
  bool command = false;
  for (const auto& element : node.children()) {
    if (element.type() != pugi::node_element) continue;
    const auto name = local_name(element);
    if (name == "SpliceNull") {
      section.splice_command = s35::SpliceNull{};
      section.splice_command_type = static_cast<std::uint8_t>(s35::SpliceCommandType::kSpliceNull);
      command = true;
    } else if (name == "SpliceInsert") {
      section.splice_command = splice_insert(element);
      section.splice_command_type = static_cast<std::uint8_t>(s35::SpliceCommandType::kSpliceInsert);
      command = true;
    } else if (name == "TimeSignal") {
      section.splice_command = s35::TimeSignal{splice_time(element).value_or(s35::SpliceTime{})};
      section.splice_command_type = static_cast<std::uint8_t>(s35::SpliceCommandType::kTimeSignal);
      command = true;
    } else if (name == "SegmentationDescriptor") {
      section.descriptors.emplace_back(segmentation(element));
    } else if (name == "AvailDescriptor") {
      section.descriptors.emplace_back(s35::AvailDescriptor{s35::kCueIdentifier, number<std::uint32_t>(element, "providerAvailId")});
    }
  }
  if (!command) return fail(Errc::kBadValue, "SpliceInfoSection has no splice command this reader knows");
  // Not transmitted, so nothing to check: treated as intact.
  section.crc_ok = true;
  return section;
}

}  // namespace manifests::dash
