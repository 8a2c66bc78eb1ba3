#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "manifests/error.hpp"
#include "manifests/scte35/splice_info.hpp"

namespace manifests::scte35 {

/// Writes a splice_info_section. section_length, splice_command_length (kept at 0xFFF
/// when the section says so, as legacy encoders do), descriptor_loop_length, the
/// descriptors' lengths and CRC_32 are computed; the other fields are written as given.
/// decode(encode(s)) == s, and encode(decode(b)) == b for every section this decoder reads.
[[nodiscard]] Result<std::vector<std::uint8_t>> encode(const SpliceInfoSection& section);

/// The length fields of a section this decoder read, as the wire carries them (decoding
/// checks each against what it holds): what `ssai scte35 decode` prints beside the
/// values, so a cue can be compared field by field with other tools.
/// segmentation_upid_length of a upid (a MID counts its nested type and length bytes).
[[nodiscard]] std::size_t segmentation_upid_length(const Upid& upid);
/// descriptor_length: the bytes after it (identifier and body).
[[nodiscard]] std::size_t descriptor_length(const SpliceDescriptor& descriptor);
/// descriptor_loop_length: every descriptor with its tag and length bytes.
[[nodiscard]] std::size_t descriptor_loop_length(const std::vector<SpliceDescriptor>& descriptors);

/// Lower-case hexadecimal, two digits a byte, no prefix.
[[nodiscard]] std::string to_hex(std::span<const std::uint8_t> bytes);

/// Standard base64 with padding, the form HLS tags and DASH <Binary> carry.
[[nodiscard]] std::string to_base64(std::span<const std::uint8_t> bytes);

}  // namespace manifests::scte35
