#pragma once
#include <string>
#include <string_view>

#include "manifests/scte35/splice_info.hpp"
#include "ssai/error.hpp"

namespace ssai {

/// The JSON of `ssai scte35 decode`: SCTE 35 syntax element names in snake_case, times
/// as 90 kHz ticks with `_seconds` companions, names for types, crc_32 as hex plus crc_ok.
[[nodiscard]] std::string scte35_to_json(const manifests::scte35::SpliceInfoSection& section);

/// The reverse, for `ssai scte35 encode`: reads the same field names (companion
/// `_seconds`, `_name` and length fields are ignored; lengths and CRC are recomputed).
[[nodiscard]] Result<manifests::scte35::SpliceInfoSection> scte35_from_json(std::string_view json);

}  // namespace ssai
