#pragma once
#include <string>

#include "manifests/scte35/splice_info.hpp"

namespace ssai {

/// The JSON of `ssai scte35 decode`: SCTE 35 syntax element names in snake_case, times
/// as 90 kHz ticks with `_seconds` companions, crc_32 as hex plus crc_ok.
[[nodiscard]] std::string scte35_to_json(const manifests::scte35::SpliceInfoSection& section);

}  // namespace ssai
