#include "manifests/scte35/encode.hpp"

#include <type_traits>

#include "bit_writer.hpp"
#include "manifests/scte35/decode.hpp"
#include "manifests/scte35/names.hpp"

namespace manifests::scte35 {
namespace {

void write_splice_time(BitWriter& w, const SpliceTime& t) {
  w.flag(t.time_specified_flag);
  if (t.time_specified_flag) {
    w.reserved(6);
    w.write(t.pts_time.value_or(0), 33);
  } else {
    w.reserved(7);
  }
}

void write_break_duration(BitWriter& w, const BreakDuration& d) {
  w.flag(d.auto_return);
  w.reserved(6);
  w.write(d.duration, 33);
}

void write_insert(BitWriter& w, const SpliceInsert& s) {
  w.write(s.splice_event_id, 32);
  w.flag(s.splice_event_cancel_indicator);
  w.reserved(7);
  if (s.splice_event_cancel_indicator) return;
  w.flag(s.out_of_network_indicator);
  w.flag(s.program_splice_flag);
  w.flag(s.duration_flag);
  w.flag(s.splice_immediate_flag);
  w.reserved(4);
  if (s.program_splice_flag && !s.splice_immediate_flag) write_splice_time(w, s.splice_time.value_or(SpliceTime{}));
  if (!s.program_splice_flag) {
    w.write(s.components.size(), 8);
    for (const auto& c : s.components) {
      w.write(c.component_tag, 8);
      if (!s.splice_immediate_flag) write_splice_time(w, c.splice_time.value_or(SpliceTime{}));
    }
  }
  if (s.duration_flag) write_break_duration(w, s.break_duration.value_or(BreakDuration{}));
  w.write(s.unique_program_id, 16);
  w.write(s.avail_num, 8);
  w.write(s.avails_expected, 8);
}

void write_schedule(BitWriter& w, const SpliceSchedule& schedule) {
  w.write(schedule.events.size(), 8);
  for (const auto& e : schedule.events) {
    w.write(e.splice_event_id, 32);
    w.flag(e.splice_event_cancel_indicator);
    w.reserved(7);
    if (e.splice_event_cancel_indicator) continue;
    w.flag(e.out_of_network_indicator);
    w.flag(e.program_splice_flag);
    w.flag(e.duration_flag);
    w.reserved(5);
    if (e.program_splice_flag) {
      w.write(e.utc_splice_time.value_or(0), 32);
    } else {
      w.write(e.components.size(), 8);
      for (const auto& c : e.components) {
        w.write(c.component_tag, 8);
        w.write(c.utc_splice_time, 32);
      }
    }
    if (e.duration_flag) write_break_duration(w, e.break_duration.value_or(BreakDuration{}));
    w.write(e.unique_program_id, 16);
    w.write(e.avail_num, 8);
    w.write(e.avails_expected, 8);
  }
}

void write_upid(BitWriter& w, const Upid& upid) {
  if (upid.nested.empty()) {
    w.bytes(upid.bytes);
    return;
  }
  for (const auto& inner : upid.nested) {
    w.write(inner.segmentation_upid_type, 8);
    w.write(inner.bytes.size(), 8);
    w.bytes(inner.bytes);
  }
}

std::size_t upid_length(const Upid& upid) {
  if (upid.nested.empty()) return upid.bytes.size();
  std::size_t n = 0;
  for (const auto& inner : upid.nested) n += 2 + inner.bytes.size();
  return n;
}

void write_segmentation(BitWriter& w, const SegmentationDescriptor& d) {
  w.write(d.segmentation_event_id, 32);
  w.flag(d.segmentation_event_cancel_indicator);
  w.reserved(7);
  if (d.segmentation_event_cancel_indicator) return;
  w.flag(d.program_segmentation_flag);
  w.flag(d.segmentation_duration_flag);
  w.flag(d.delivery_not_restricted_flag);
  if (!d.delivery_not_restricted_flag) {
    w.flag(d.web_delivery_allowed_flag);
    w.flag(d.no_regional_blackout_flag);
    w.flag(d.archive_allowed_flag);
    w.write(d.device_restrictions, 2);
  } else {
    w.reserved(5);
  }
  if (!d.program_segmentation_flag) {
    w.write(d.components.size(), 8);
    for (const auto& c : d.components) {
      w.write(c.component_tag, 8);
      w.reserved(7);
      w.write(c.pts_offset, 33);
    }
  }
  if (d.segmentation_duration_flag) w.write(d.segmentation_duration.value_or(0), 40);
  w.write(d.segmentation_upid.segmentation_upid_type, 8);
  w.write(upid_length(d.segmentation_upid), 8);
  write_upid(w, d.segmentation_upid);
  w.write(d.segmentation_type_id, 8);
  w.write(d.segment_num, 8);
  w.write(d.segments_expected, 8);
  if (d.sub_segment_num && d.sub_segments_expected) {
    w.write(*d.sub_segment_num, 8);
    w.write(*d.sub_segments_expected, 8);
  }
}

// Returns (tag, identifier, body bytes) of a descriptor.
std::tuple<std::uint8_t, std::uint32_t, std::vector<std::uint8_t>> descriptor_body(const SpliceDescriptor& descriptor) {
  BitWriter w;
  return std::visit(
      [&](const auto& d) -> std::tuple<std::uint8_t, std::uint32_t, std::vector<std::uint8_t>> {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, AvailDescriptor>) {
          w.write(d.provider_avail_id, 32);
          return {kAvailDescriptorTag, d.identifier, w.data()};
        } else if constexpr (std::is_same_v<T, DtmfDescriptor>) {
          w.write(d.preroll, 8);
          w.write(d.dtmf_chars.size(), 3);
          w.reserved(5);
          for (char c : d.dtmf_chars) w.write(static_cast<std::uint8_t>(c), 8);
          return {kDtmfDescriptorTag, d.identifier, w.data()};
        } else if constexpr (std::is_same_v<T, SegmentationDescriptor>) {
          write_segmentation(w, d);
          return {kSegmentationDescriptorTag, d.identifier, w.data()};
        } else if constexpr (std::is_same_v<T, TimeDescriptor>) {
          w.write(d.tai_seconds, 48);
          w.write(d.tai_ns, 32);
          w.write(d.utc_offset, 16);
          return {kTimeDescriptorTag, d.identifier, w.data()};
        } else if constexpr (std::is_same_v<T, AudioDescriptor>) {
          w.write(d.components.size(), 4);
          w.reserved(4);
          for (const auto& c : d.components) {
            w.write(c.component_tag, 8);
            for (std::size_t i = 0; i < 3; ++i) w.write(i < c.iso_code.size() ? static_cast<std::uint8_t>(c.iso_code[i]) : ' ', 8);
            w.write(c.bit_stream_mode, 3);
            w.write(c.num_channels, 4);
            w.flag(c.full_srvc_audio);
          }
          return {kAudioDescriptorTag, d.identifier, w.data()};
        } else {
          return {d.splice_descriptor_tag, d.identifier, d.bytes};
        }
      },
      descriptor);
}

Result<std::vector<std::uint8_t>> command_bytes(const SpliceCommand& command) {
  BitWriter w;
  bool encrypted = false;
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, SpliceInsert>) {
          write_insert(w, c);
        } else if constexpr (std::is_same_v<T, TimeSignal>) {
          write_splice_time(w, c.splice_time);
        } else if constexpr (std::is_same_v<T, SpliceSchedule>) {
          write_schedule(w, c);
        } else if constexpr (std::is_same_v<T, PrivateCommand>) {
          w.write(c.identifier, 32);
          w.bytes(c.private_bytes);
        } else if constexpr (std::is_same_v<T, EncryptedCommand>) {
          encrypted = true;
        }
      },
      command);
  if (encrypted) return fail(Errc::kBadValue, "encrypted sections cannot be re-encoded");
  return std::move(w.data());
}

std::uint8_t command_type(const SpliceCommand& command) {
  return std::visit(
      [](const auto& c) -> std::uint8_t {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, SpliceNull>) return 0x00;
        if constexpr (std::is_same_v<T, SpliceSchedule>) return 0x04;
        if constexpr (std::is_same_v<T, SpliceInsert>) return 0x05;
        if constexpr (std::is_same_v<T, TimeSignal>) return 0x06;
        if constexpr (std::is_same_v<T, BandwidthReservation>) return 0x07;
        return 0xFF;
      },
      command);
}

}  // namespace

Result<std::vector<std::uint8_t>> encode(const SpliceInfoSection& s) {
  auto command = command_bytes(s.splice_command);
  if (!command) return tl::unexpected(command.error());
  if (command->size() > 0xFFE) return fail(Errc::kBadValue, "splice command over 4094 bytes");

  BitWriter loop;
  for (const auto& descriptor : s.descriptors) {
    auto [tag, identifier, body] = descriptor_body(descriptor);
    if (body.size() + 4 > 0xFF) return fail(Errc::kBadValue, "a descriptor over 255 bytes");
    loop.write(tag, 8);
    loop.write(body.size() + 4, 8);
    loop.write(identifier, 32);
    loop.bytes(body);
  }
  const std::size_t section_length =
      11 + command->size() + 2 + loop.data().size() + s.alignment_stuffing.size() + 4;
  if (section_length > 0xFFF) return fail(Errc::kBadValue, "section over 4095 bytes");

  BitWriter w;
  w.write(kTableId, 8);
  w.flag(s.section_syntax_indicator);
  w.flag(s.private_indicator);
  w.write(s.sap_type, 2);
  w.write(section_length, 12);
  w.write(s.protocol_version, 8);
  w.flag(false);  // encrypted_packet: encrypted sections are refused above
  w.write(s.encryption_algorithm, 6);
  w.write(s.pts_adjustment, 33);
  w.write(s.cw_index, 8);
  w.write(s.tier, 12);
  w.write(s.splice_command_length == 0xFFF ? 0xFFF : command->size(), 12);
  w.write(command_type(s.splice_command), 8);
  w.bytes(*command);
  w.write(loop.data().size(), 16);
  w.bytes(loop.data());
  w.bytes(s.alignment_stuffing);
  auto& out = w.data();
  const auto crc = crc32_mpeg2(out);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(crc >> shift));
  out.insert(out.end(), s.packet_stuffing_bytes, 0xFF);
  // What we write must read back: a section the decoder would refuse (a UPID whose
  // length its type does not allow, a field wider than its bits) is refused here, by
  // the decoder's own rules rather than a second copy of them.
  if (auto check = decode(out); !check) return fail(Errc::kBadValue, "the section would not decode: " + check.error().detail);
  return std::move(out);
}

std::string to_base64(std::span<const std::uint8_t> bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(v >> shift) & 0x3F]);
  }
  if (i < bytes.size()) {
    std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    if (i + 1 < bytes.size()) v |= std::uint32_t{bytes[i + 1]} << 8;
    out.push_back(kAlphabet[(v >> 18) & 0x3F]);
    out.push_back(kAlphabet[(v >> 12) & 0x3F]);
    out.push_back(i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 0x3F] : '=');
    out.push_back('=');
  }
  return out;
}

std::size_t segmentation_upid_length(const Upid& upid) { return upid_length(upid); }

std::size_t descriptor_length(const SpliceDescriptor& descriptor) {
  return 4 + std::get<2>(descriptor_body(descriptor)).size();  // identifier, then the body
}

std::size_t descriptor_loop_length(const std::vector<SpliceDescriptor>& descriptors) {
  std::size_t n = 0;
  for (const auto& d : descriptors) n += 2 + descriptor_length(d);
  return n;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

}  // namespace manifests::scte35
