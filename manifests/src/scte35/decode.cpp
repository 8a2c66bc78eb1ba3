// splice_info_section() (SCTE 35 section 9.6).
#include "manifests/scte35/decode.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "bit_reader.hpp"
#include "decoding.hpp"

namespace manifests::scte35 {

namespace detail {
tl::unexpected<Error> truncated(std::string_view field, std::size_t offset) {
  return fail(Errc::kTruncated,
              std::string(field) + " runs past the end of the data at byte " + std::to_string(offset));
}
}  // namespace detail

namespace {

constexpr std::uint16_t kLegacyUnknownCommandLength = 0xFFF;
constexpr std::size_t kHeaderBytes = 14;  // table_id .. splice_command_type
constexpr std::size_t kCrcBytes = 4;

std::uint32_t read_u32(std::span<const std::uint8_t> bytes, std::size_t at) {
  return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) | (std::uint32_t{bytes[at + 2]} << 8) |
         bytes[at + 3];
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

std::optional<std::uint64_t> command_pts(const SpliceInfoSection& section) {
  if (const auto* signal = std::get_if<TimeSignal>(&section.splice_command)) return signal->splice_time.pts_time;
  if (const auto* insert = std::get_if<SpliceInsert>(&section.splice_command); insert && insert->splice_time) {
    return insert->splice_time->pts_time;
  }
  return std::nullopt;
}

Result<SpliceInfoSection> decode(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return fail(Errc::kTruncated, "empty input: no splice_info_section");
  BitReader r(bytes);
  SpliceInfoSection s;
  s.table_id = static_cast<std::uint8_t>(r.read(8));
  if (s.table_id != kTableId) {
    return fail(Errc::kBadValue, "table_id at byte 0 is " + std::to_string(s.table_id) + ", not 252 (0xFC)");
  }
  s.section_syntax_indicator = r.flag();
  s.private_indicator = r.flag();
  s.sap_type = static_cast<std::uint8_t>(r.read(2));
  s.section_length = static_cast<std::uint16_t>(r.read(12));
  if (r.overflowed()) return detail::truncated("section_length", 1);
  const std::size_t section_end = 3 + std::size_t{s.section_length};
  if (section_end > bytes.size()) {
    return fail(Errc::kTruncated, "section_length " + std::to_string(s.section_length) + " at byte 1 needs " +
                                      std::to_string(section_end) + " bytes, the input has " +
                                      std::to_string(bytes.size()));
  }
  // 0xFF after the section is MPEG-TS packet stuffing (cues lifted out of TS packets
  // carry it); anything else after it means the lengths or the input are wrong.
  const auto after = bytes.subspan(section_end);
  if (std::find_if(after.begin(), after.end(), [](std::uint8_t b) { return b != 0xFF; }) != after.end()) {
    return fail(Errc::kBadValue, std::to_string(bytes.size() - section_end) + " trailing bytes after the section at byte " +
                                     std::to_string(section_end) + " (section_length " +
                                     std::to_string(s.section_length) + ")");
  }
  if (section_end < kHeaderBytes + 2 + kCrcBytes) {
    return fail(Errc::kBadValue, "section_length " + std::to_string(s.section_length) +
                                     " at byte 1 is too short for a splice_info_section");
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
  s.crc_32 = read_u32(section, crc_at);
  s.crc_ok = crc32_mpeg2(section.first(crc_at)) == s.crc_32;
  if (s.encrypted_packet) {
    // Command, descriptors and E_CRC_32 are ciphertext; only the header is in the clear.
    s.splice_command = EncryptedCommand{{section.begin() + kHeaderBytes, section.begin() + static_cast<std::ptrdiff_t>(crc_at)}};
    if (crc_at >= kHeaderBytes + 4) s.e_crc_32 = read_u32(section, crc_at - 4);
    return s;
  }

  std::size_t pos = kHeaderBytes;
  const bool length_known = s.splice_command_length != kLegacyUnknownCommandLength;
  if (length_known && pos + s.splice_command_length + 2 > crc_at) {
    return fail(Errc::kTruncated, "splice_command_length " + std::to_string(s.splice_command_length) +
                                      " at byte 11 runs past the section");
  }
  const auto command_bytes = section.subspan(pos, length_known ? s.splice_command_length : crc_at - pos);
  auto command = detail::read_command(s.splice_command_type, command_bytes, pos);
  if (!command) return tl::unexpected(command.error());
  if (length_known && command->second != s.splice_command_length &&
      !std::holds_alternative<PrivateCommand>(command->first)) {
    return fail(Errc::kBadValue, "splice_command_length " + std::to_string(s.splice_command_length) +
                                     " at byte 11, but the command takes " + std::to_string(command->second) +
                                     " bytes");
  }
  s.splice_command = std::move(command->first);
  pos += length_known ? s.splice_command_length : command->second;

  if (pos + 2 > crc_at) return detail::truncated("descriptor_loop_length", pos);
  const std::size_t loop_length = (std::size_t{section[pos]} << 8) | section[pos + 1];
  pos += 2;
  if (pos + loop_length > crc_at) {
    return fail(Errc::kTruncated, "descriptor_loop_length " + std::to_string(loop_length) + " at byte " +
                                      std::to_string(pos - 2) + " runs past the section");
  }
  auto descriptors = detail::read_descriptors(section.subspan(pos, loop_length), pos);
  if (!descriptors) return tl::unexpected(descriptors.error());
  s.descriptors = std::move(*descriptors);
  // Whatever lies between the loop and CRC_32 is alignment_stuffing, allowed by the spec.
  s.alignment_stuffing.assign(section.begin() + static_cast<std::ptrdiff_t>(pos + loop_length),
                              section.begin() + static_cast<std::ptrdiff_t>(crc_at));
  s.packet_stuffing_bytes = after.size();
  return s;
}

Result<SpliceInfoSection> decode_text(std::string_view text) {
  auto bytes = bytes_from_text(text);
  if (!bytes) return tl::unexpected(bytes.error());
  return decode(*bytes);
}

}  // namespace manifests::scte35
