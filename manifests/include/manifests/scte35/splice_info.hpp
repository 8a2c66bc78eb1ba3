#pragma once
// SCTE 35 splice_info_section, one struct per syntax structure; field names are the
// spec's syntax element names.
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace manifests::scte35 {

inline constexpr std::uint8_t kTableId = 0xFC;
inline constexpr std::uint32_t kCueIdentifier = 0x43554549;  // "CUEI"
inline constexpr std::uint64_t kPtsModulus = std::uint64_t{1} << 33;

enum class SpliceCommandType : std::uint8_t {
  kSpliceNull = 0x00,
  kSpliceSchedule = 0x04,
  kSpliceInsert = 0x05,
  kTimeSignal = 0x06,
  kBandwidthReservation = 0x07,
  kPrivateCommand = 0xFF,
};

struct SpliceTime {
  bool time_specified_flag = false;
  std::optional<std::uint64_t> pts_time;  ///< 90 kHz, as sent (pts_adjustment not applied)
};

struct BreakDuration {
  bool auto_return = false;
  std::uint64_t duration = 0;  ///< 90 kHz
};

struct SpliceInsertComponent {
  std::uint8_t component_tag = 0;
  std::optional<SpliceTime> splice_time;
};

struct SpliceInsert {
  std::uint32_t splice_event_id = 0;
  bool splice_event_cancel_indicator = false;
  bool out_of_network_indicator = false;
  bool program_splice_flag = false;
  bool duration_flag = false;
  bool splice_immediate_flag = false;
  std::optional<SpliceTime> splice_time;  ///< program mode without splice_immediate
  std::vector<SpliceInsertComponent> components;
  std::optional<BreakDuration> break_duration;
  std::uint16_t unique_program_id = 0;
  std::uint8_t avail_num = 0;
  std::uint8_t avails_expected = 0;
};

struct TimeSignal {
  SpliceTime splice_time;
};

struct SpliceNull {};

/// A command this decoder does not model yet, kept as its bytes.
struct OpaqueCommand {
  std::uint8_t splice_command_type = 0;
  std::vector<std::uint8_t> bytes;
};

using SpliceCommand = std::variant<SpliceNull, SpliceInsert, TimeSignal, OpaqueCommand>;

struct SegmentationComponent {
  std::uint8_t component_tag = 0;
  std::uint64_t pts_offset = 0;
};

struct SegmentationDescriptor {
  std::uint32_t identifier = kCueIdentifier;
  std::uint32_t segmentation_event_id = 0;
  bool segmentation_event_cancel_indicator = false;
  bool program_segmentation_flag = true;
  bool segmentation_duration_flag = false;
  bool delivery_not_restricted_flag = true;
  bool web_delivery_allowed_flag = false;
  bool no_regional_blackout_flag = false;
  bool archive_allowed_flag = false;
  std::uint8_t device_restrictions = 0;
  std::vector<SegmentationComponent> components;
  std::optional<std::uint64_t> segmentation_duration;  ///< 90 kHz
  std::uint8_t segmentation_upid_type = 0;
  std::vector<std::uint8_t> segmentation_upid;
  std::uint8_t segmentation_type_id = 0;
  std::uint8_t segment_num = 0;
  std::uint8_t segments_expected = 0;
  std::optional<std::uint8_t> sub_segment_num;
  std::optional<std::uint8_t> sub_segments_expected;
};

/// Any descriptor not modelled yet: tag, identifier and the bytes after it.
struct RawDescriptor {
  std::uint8_t splice_descriptor_tag = 0;
  std::uint32_t identifier = 0;
  std::vector<std::uint8_t> bytes;
};

using SpliceDescriptor = std::variant<SegmentationDescriptor, RawDescriptor>;

struct SpliceInfoSection {
  std::uint8_t table_id = kTableId;
  bool section_syntax_indicator = false;
  bool private_indicator = false;
  std::uint8_t sap_type = 3;
  std::uint16_t section_length = 0;
  std::uint8_t protocol_version = 0;
  bool encrypted_packet = false;
  std::uint8_t encryption_algorithm = 0;
  std::uint64_t pts_adjustment = 0;
  std::uint8_t cw_index = 0;
  std::uint16_t tier = 0xFFF;
  std::uint16_t splice_command_length = 0;
  std::uint8_t splice_command_type = 0;
  SpliceCommand splice_command;
  std::vector<SpliceDescriptor> descriptors;
  std::uint32_t crc_32 = 0;
  bool crc_ok = false;  ///< crc_32 matches the section's bytes
};

/// pts_time + pts_adjustment, modulo 2^33 (the spec's wrap-around).
[[nodiscard]] inline std::uint64_t adjusted_pts(std::uint64_t pts_time, std::uint64_t pts_adjustment) {
  return (pts_time + pts_adjustment) % kPtsModulus;
}

}  // namespace manifests::scte35
