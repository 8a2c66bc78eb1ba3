#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "manifests/error.hpp"
#include "manifests/scte35/splice_info.hpp"

namespace manifests::scte35 {

/// Decodes one splice_info_section. A CRC mismatch is not an error: it is reported in
/// crc_ok, so callers decide (the service ignores such cues; the CLI shows them).
/// Errors name the field and the byte offset where the input stopped making sense.
[[nodiscard]] Result<SpliceInfoSection> decode(std::span<const std::uint8_t> bytes);

/// Cue text as it appears in manifests and on the command line: base64 (padding
/// optional), hex with a 0x prefix, or bare hex starting with the table_id "fc".
/// Whitespace around it is ignored.
[[nodiscard]] Result<std::vector<std::uint8_t>> bytes_from_text(std::string_view text);

/// decode(bytes_from_text(text)).
[[nodiscard]] Result<SpliceInfoSection> decode_text(std::string_view text);

/// CRC-32/MPEG-2 (poly 0x04C11DB7, init all ones, no reflection, no final xor).
[[nodiscard]] std::uint32_t crc32_mpeg2(std::span<const std::uint8_t> bytes);

}  // namespace manifests::scte35
