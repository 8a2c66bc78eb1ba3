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

/// Standard base64 with padding, the form HLS tags and DASH <Binary> carry.
[[nodiscard]] std::string to_base64(std::span<const std::uint8_t> bytes);

}  // namespace manifests::scte35
