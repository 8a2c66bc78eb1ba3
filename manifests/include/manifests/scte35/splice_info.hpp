#pragma once
// SCTE 35 splice_info_section, one struct per syntax structure; field names are the
// spec's syntax element names.
#include <cstdint>
#include <optional>
#include <string>
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

  bool operator==(const SpliceTime&) const = default;
};

struct BreakDuration {
  bool auto_return = false;
  std::uint64_t duration = 0;  ///< 90 kHz

  bool operator==(const BreakDuration&) const = default;
};

struct SpliceInsertComponent {
  std::uint8_t component_tag = 0;
  std::optional<SpliceTime> splice_time;

  bool operator==(const SpliceInsertComponent&) const = default;
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

  bool operator==(const SpliceInsert&) const = default;
};

struct TimeSignal {
  SpliceTime splice_time;

  bool operator==(const TimeSignal&) const = default;
};

struct SpliceNull {
  bool operator==(const SpliceNull&) const = default;
};

struct BandwidthReservation {
  bool operator==(const BandwidthReservation&) const = default;
};

struct ScheduleComponent {
  std::uint8_t component_tag = 0;
  std::uint32_t utc_splice_time = 0;

  bool operator==(const ScheduleComponent&) const = default;
};

struct ScheduledEvent {
  std::uint32_t splice_event_id = 0;
  bool splice_event_cancel_indicator = false;
  bool out_of_network_indicator = false;
  bool program_splice_flag = false;
  bool duration_flag = false;
  std::optional<std::uint32_t> utc_splice_time;  ///< program mode; seconds since 1980-01-06 (GPS epoch)
  std::vector<ScheduleComponent> components;
  std::optional<BreakDuration> break_duration;
  std::uint16_t unique_program_id = 0;
  std::uint8_t avail_num = 0;
  std::uint8_t avails_expected = 0;

  bool operator==(const ScheduledEvent&) const = default;
};

struct SpliceSchedule {
  std::vector<ScheduledEvent> events;

  bool operator==(const SpliceSchedule&) const = default;
};

struct PrivateCommand {
  std::uint32_t identifier = 0;
  std::vector<std::uint8_t> private_bytes;

  bool operator==(const PrivateCommand&) const = default;
};

/// The command of an encrypted section: ciphertext, kept as bytes.
struct EncryptedCommand {
  std::vector<std::uint8_t> bytes;

  bool operator==(const EncryptedCommand&) const = default;
};

using SpliceCommand = std::variant<SpliceNull, SpliceSchedule, SpliceInsert, TimeSignal, BandwidthReservation,
                                   PrivateCommand, EncryptedCommand>;

/// One segmentation_upid. MID (0x0D) holds others in `nested`.
struct Upid {
  std::uint8_t segmentation_upid_type = 0;
  std::vector<std::uint8_t> bytes;
  std::vector<Upid> nested;

  bool operator==(const Upid&) const = default;
};

struct SegmentationComponent {
  std::uint8_t component_tag = 0;
  std::uint64_t pts_offset = 0;

  bool operator==(const SegmentationComponent&) const = default;
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
  Upid segmentation_upid;
  std::uint8_t segmentation_type_id = 0;
  std::uint8_t segment_num = 0;
  std::uint8_t segments_expected = 0;
  /// Present when the descriptor carries them: always for the placement-opportunity
  /// types, and as "unused sub-segments" after other types when encoders write them.
  std::optional<std::uint8_t> sub_segment_num;
  std::optional<std::uint8_t> sub_segments_expected;

  bool operator==(const SegmentationDescriptor&) const = default;
};

struct AvailDescriptor {
  std::uint32_t identifier = kCueIdentifier;
  std::uint32_t provider_avail_id = 0;

  bool operator==(const AvailDescriptor&) const = default;
};

struct DtmfDescriptor {
  std::uint32_t identifier = kCueIdentifier;
  std::uint8_t preroll = 0;  ///< tenths of a second
  std::string dtmf_chars;

  bool operator==(const DtmfDescriptor&) const = default;
};

struct TimeDescriptor {
  std::uint32_t identifier = kCueIdentifier;
  std::uint64_t tai_seconds = 0;  ///< 48 bits
  std::uint32_t tai_ns = 0;
  std::uint16_t utc_offset = 0;

  bool operator==(const TimeDescriptor&) const = default;
};

struct AudioComponent {
  std::uint8_t component_tag = 0;
  std::string iso_code;  ///< ISO 639-2, 3 characters
  std::uint8_t bit_stream_mode = 0;
  std::uint8_t num_channels = 0;
  bool full_srvc_audio = false;

  bool operator==(const AudioComponent&) const = default;
};

struct AudioDescriptor {
  std::uint32_t identifier = kCueIdentifier;
  std::vector<AudioComponent> components;

  bool operator==(const AudioDescriptor&) const = default;
};

/// Private descriptors (identifier other than "CUEI") and reserved tags, kept as bytes.
struct RawDescriptor {
  std::uint8_t splice_descriptor_tag = 0;
  std::uint32_t identifier = 0;
  std::vector<std::uint8_t> bytes;

  bool operator==(const RawDescriptor&) const = default;
};

using SpliceDescriptor = std::variant<AvailDescriptor, DtmfDescriptor, SegmentationDescriptor, TimeDescriptor,
                                      AudioDescriptor, RawDescriptor>;

inline constexpr std::uint8_t kAvailDescriptorTag = 0x00;
inline constexpr std::uint8_t kDtmfDescriptorTag = 0x01;
inline constexpr std::uint8_t kSegmentationDescriptorTag = 0x02;
inline constexpr std::uint8_t kTimeDescriptorTag = 0x03;
inline constexpr std::uint8_t kAudioDescriptorTag = 0x04;

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
  std::vector<std::uint8_t> alignment_stuffing;  ///< bytes between the descriptors and CRC_32, as sent
  std::size_t packet_stuffing_bytes = 0;     ///< 0xFF after the section (TS packet fill)
  std::optional<std::uint32_t> e_crc_32;  ///< encrypted sections only
  std::uint32_t crc_32 = 0;
  bool crc_ok = false;  ///< crc_32 matches the section's bytes

  bool operator==(const SpliceInfoSection&) const = default;
};

/// The splice time of the command (splice_insert program mode or time_signal), if any.
[[nodiscard]] std::optional<std::uint64_t> command_pts(const SpliceInfoSection& section);

/// pts_time + pts_adjustment, modulo 2^33 (the spec's wrap-around).
[[nodiscard]] inline std::uint64_t adjusted_pts(std::uint64_t pts_time, std::uint64_t pts_adjustment) {
  return (pts_time + pts_adjustment) % kPtsModulus;
}

}  // namespace manifests::scte35
