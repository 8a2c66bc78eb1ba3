#include "manifests/scte35/decode.hpp"

#include <array>
#include <string>

#include "bit_reader.hpp"

namespace manifests::scte35 {
namespace {

constexpr std::uint16_t kLegacyUnknownCommandLength = 0xFFF;
constexpr std::uint8_t kSegmentationDescriptorTag = 0x02;
constexpr std::size_t kHeaderBytes = 14;  // table_id .. splice_command_type
constexpr std::size_t kCrcBytes = 4;

tl::unexpected<Error> truncated(std::string_view field, std::size_t offset) {
  return fail(Errc::kTruncated,
              std::string(field) + " runs past the end of the data at byte " + std::to_string(offset));
}

SpliceTime read_splice_time(BitReader& r) {
  SpliceTime t;
  t.time_specified_flag = r.flag();
  if (t.time_specified_flag) {
    r.skip(6);  // reserved
    t.pts_time = r.read(33);
  } else {
    r.skip(7);  // reserved
  }
  return t;
}

BreakDuration read_break_duration(BitReader& r) {
  BreakDuration d;
  d.auto_return = r.flag();
  r.skip(6);  // reserved
  d.duration = r.read(33);
  return d;
}

SpliceInsert read_splice_insert(BitReader& r) {
  SpliceInsert s;
  s.splice_event_id = static_cast<std::uint32_t>(r.read(32));
  s.splice_event_cancel_indicator = r.flag();
  r.skip(7);  // event_id_compliance_flag (2022+) and reserved
  if (s.splice_event_cancel_indicator) return s;
  s.out_of_network_indicator = r.flag();
  s.program_splice_flag = r.flag();
  s.duration_flag = r.flag();
  s.splice_immediate_flag = r.flag();
  r.skip(4);  // reserved
  if (s.program_splice_flag && !s.splice_immediate_flag) s.splice_time = read_splice_time(r);
  if (!s.program_splice_flag) {
    const auto component_count = r.read(8);
    for (std::uint64_t i = 0; i < component_count && !r.overflowed(); ++i) {
      SpliceInsertComponent c;
      c.component_tag = static_cast<std::uint8_t>(r.read(8));
      if (!s.splice_immediate_flag) c.splice_time = read_splice_time(r);
      s.components.push_back(c);
    }
  }
  if (s.duration_flag) s.break_duration = read_break_duration(r);
  s.unique_program_id = static_cast<std::uint16_t>(r.read(16));
  s.avail_num = static_cast<std::uint8_t>(r.read(8));
  s.avails_expected = static_cast<std::uint8_t>(r.read(8));
  return s;
}

// Segmentation types that carry sub_segment_num/sub_segments_expected (SCTE 35 table 23).
bool has_sub_segments(std::uint8_t type_id) {
  return type_id == 0x34 || type_id == 0x36 || type_id == 0x38 || type_id == 0x3A;
}

Result<SegmentationDescriptor> read_segmentation(std::span<const std::uint8_t> body,
                                                 std::uint32_t identifier, std::size_t base) {
  BitReader r(body);
  SegmentationDescriptor d;
  d.identifier = identifier;
  d.segmentation_event_id = static_cast<std::uint32_t>(r.read(32));
  d.segmentation_event_cancel_indicator = r.flag();
  r.skip(7);  // segmentation_event_id_compliance_indicator and reserved
  if (!d.segmentation_event_cancel_indicator) {
    d.program_segmentation_flag = r.flag();
    d.segmentation_duration_flag = r.flag();
    d.delivery_not_restricted_flag = r.flag();
    if (!d.delivery_not_restricted_flag) {
      d.web_delivery_allowed_flag = r.flag();
      d.no_regional_blackout_flag = r.flag();
      d.archive_allowed_flag = r.flag();
      d.device_restrictions = static_cast<std::uint8_t>(r.read(2));
    } else {
      r.skip(5);  // reserved
    }
    if (!d.program_segmentation_flag) {
      const auto component_count = r.read(8);
      for (std::uint64_t i = 0; i < component_count && !r.overflowed(); ++i) {
        SegmentationComponent c;
        c.component_tag = static_cast<std::uint8_t>(r.read(8));
        r.skip(7);  // reserved
        c.pts_offset = r.read(33);
        d.components.push_back(c);
      }
    }
    if (d.segmentation_duration_flag) d.segmentation_duration = r.read(40);
    d.segmentation_upid_type = static_cast<std::uint8_t>(r.read(8));
    const auto upid_length = static_cast<std::size_t>(r.read(8));
    const auto upid = r.read_bytes(upid_length);
    d.segmentation_upid.assign(upid.begin(), upid.end());
    d.segmentation_type_id = static_cast<std::uint8_t>(r.read(8));
    d.segment_num = static_cast<std::uint8_t>(r.read(8));
    d.segments_expected = static_cast<std::uint8_t>(r.read(8));
    // Encoders before the 2016 edition omit the sub-segment bytes: read them only when present.
    if (has_sub_segments(d.segmentation_type_id) && r.bytes_left() >= 2) {
      d.sub_segment_num = static_cast<std::uint8_t>(r.read(8));
      d.sub_segments_expected = static_cast<std::uint8_t>(r.read(8));
    }
  }
  if (r.overflowed()) return truncated("segmentation_descriptor", base + r.byte_offset());
  return d;
}

Result<std::vector<SpliceDescriptor>> read_descriptors(std::span<const std::uint8_t> loop,
                                                       std::size_t base) {
  std::vector<SpliceDescriptor> out;
  std::size_t pos = 0;
  while (pos < loop.size()) {
    if (loop.size() - pos < 6) return truncated("splice_descriptor header", base + pos);
    const std::uint8_t tag = loop[pos];
    const std::size_t length = loop[pos + 1];
    if (length < 4) {
      return fail(Errc::kBadValue, "descriptor_length " + std::to_string(length) +
                                       " is shorter than its identifier at byte " +
                                       std::to_string(base + pos + 1));
    }
    if (pos + 2 + length > loop.size()) return truncated("splice_descriptor", base + pos);
    const std::uint32_t identifier = (std::uint32_t{loop[pos + 2]} << 24) | (std::uint32_t{loop[pos + 3]} << 16) |
                                     (std::uint32_t{loop[pos + 4]} << 8) | loop[pos + 5];
    const auto body = loop.subspan(pos + 6, length - 4);
    if (tag == kSegmentationDescriptorTag && identifier == kCueIdentifier) {
      auto seg = read_segmentation(body, identifier, base + pos + 6);
      if (!seg) return tl::unexpected(seg.error());
      out.emplace_back(std::move(*seg));
    } else {
      out.emplace_back(RawDescriptor{tag, identifier, {body.begin(), body.end()}});
    }
    pos += 2 + length;
  }
  return out;
}

// Reads the command; returns it and how many bytes it took (needed for the legacy
// 0xFFF "length unknown" form).
Result<std::pair<SpliceCommand, std::size_t>> read_command(std::uint8_t type,
                                                           std::span<const std::uint8_t> bytes,
                                                           std::size_t base) {
  BitReader r(bytes);
  SpliceCommand command;
  switch (static_cast<SpliceCommandType>(type)) {
    case SpliceCommandType::kSpliceNull:
      command = SpliceNull{};
      break;
    case SpliceCommandType::kSpliceInsert:
      command = read_splice_insert(r);
      break;
    case SpliceCommandType::kTimeSignal:
      command = TimeSignal{read_splice_time(r)};
      break;
    default:
      return std::pair<SpliceCommand, std::size_t>{OpaqueCommand{type, {bytes.begin(), bytes.end()}},
                                                   bytes.size()};
  }
  if (r.overflowed()) return truncated("splice_command", base + r.byte_offset());
  return std::pair<SpliceCommand, std::size_t>{std::move(command), r.byte_offset()};
}

}  // namespace

std::uint32_t crc32_mpeg2(std::span<const std::uint8_t> bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i << 24;
      for (int k = 0; k < 8; ++k) c = (c & 0x80000000u) ? (c << 1) ^ 0x04C11DB7u : c << 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFu;
  for (auto b : bytes) crc = (crc << 8) ^ table[((crc >> 24) ^ b) & 0xFF];
  return crc;
}

Result<SpliceInfoSection> decode(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return fail(Errc::kTruncated, "empty input: no splice_info_section");
  BitReader r(bytes);
  SpliceInfoSection s;
  s.table_id = static_cast<std::uint8_t>(r.read(8));
  if (s.table_id != kTableId) {
    return fail(Errc::kBadValue, "table_id is 0x" + [&] {
      static constexpr char kHex[] = "0123456789abcdef";
      return std::string{kHex[s.table_id >> 4], kHex[s.table_id & 0xF]};
    }() + ", expected 0xfc at byte 0");
  }
  s.section_syntax_indicator = r.flag();
  s.private_indicator = r.flag();
  s.sap_type = static_cast<std::uint8_t>(r.read(2));
  s.section_length = static_cast<std::uint16_t>(r.read(12));
  if (r.overflowed()) return truncated("section_length", 1);
  const std::size_t section_end = 3 + std::size_t{s.section_length};
  if (section_end > bytes.size()) {
    return fail(Errc::kTruncated, "section_length " + std::to_string(s.section_length) + " needs " +
                                      std::to_string(section_end) + " bytes, the input has " +
                                      std::to_string(bytes.size()));
  }
  if (section_end < kHeaderBytes + 2 + kCrcBytes) {
    return fail(Errc::kBadValue, "section_length " + std::to_string(s.section_length) +
                                     " is too short for a splice_info_section (byte 1)");
  }
  const auto section = bytes.first(section_end);
  s.protocol_version = static_cast<std::uint8_t>(r.read(8));
  s.encrypted_packet = r.flag();
  s.encryption_algorithm = static_cast<std::uint8_t>(r.read(6));
  s.pts_adjustment = r.read(33);
  s.cw_index = static_cast<std::uint8_t>(r.read(8));
  s.tier = static_cast<std::uint16_t>(r.read(12));
  s.splice_command_length = static_cast<std::uint16_t>(r.read(12));
  s.splice_command_type = static_cast<std::uint8_t>(r.read(8));

  const std::size_t crc_at = section_end - kCrcBytes;
  s.crc_32 = (std::uint32_t{section[crc_at]} << 24) | (std::uint32_t{section[crc_at + 1]} << 16) |
             (std::uint32_t{section[crc_at + 2]} << 8) | section[crc_at + 3];
  s.crc_ok = crc32_mpeg2(section.first(crc_at)) == s.crc_32;
  if (s.encrypted_packet) {
    // The command and descriptors are ciphertext; only the header above is in the clear.
    s.splice_command = OpaqueCommand{s.splice_command_type, {}};
    return s;
  }

  std::size_t pos = kHeaderBytes;
  const bool length_known = s.splice_command_length != kLegacyUnknownCommandLength;
  if (length_known && pos + s.splice_command_length + 2 > crc_at) {
    return fail(Errc::kTruncated, "splice_command_length " + std::to_string(s.splice_command_length) +
                                      " runs past the section at byte 11");
  }
  const auto command_bytes = section.subspan(pos, length_known ? s.splice_command_length : crc_at - pos);
  auto command = read_command(s.splice_command_type, command_bytes, pos);
  if (!command) return tl::unexpected(command.error());
  s.splice_command = std::move(command->first);
  pos += length_known ? s.splice_command_length : command->second;

  if (pos + 2 > crc_at) return truncated("descriptor_loop_length", pos);
  const std::size_t loop_length = (std::size_t{section[pos]} << 8) | section[pos + 1];
  pos += 2;
  if (pos + loop_length > crc_at) {
    return fail(Errc::kTruncated, "descriptor_loop_length " + std::to_string(loop_length) +
                                      " runs past the section at byte " + std::to_string(pos - 2));
  }
  auto descriptors = read_descriptors(section.subspan(pos, loop_length), pos);
  if (!descriptors) return tl::unexpected(descriptors.error());
  s.descriptors = std::move(*descriptors);
  // Whatever lies between the loop and CRC_32 is alignment_stuffing, allowed by the spec.
  return s;
}

Result<SpliceInfoSection> decode_text(std::string_view text) {
  auto bytes = bytes_from_text(text);
  if (!bytes) return tl::unexpected(bytes.error());
  return decode(*bytes);
}

}  // namespace manifests::scte35
