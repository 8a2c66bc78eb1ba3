#pragma once
// Internal pieces of the SCTE-35 decoder. `base` is the byte offset of the span within
// the whole section, so errors can name where in the cue they are.
#include <cstdint>
#include <span>
#include <string>

#include "bit_reader.hpp"
#include "manifests/error.hpp"
#include "manifests/scte35/splice_info.hpp"

namespace manifests::scte35::detail {

[[nodiscard]] tl::unexpected<Error> truncated(std::string_view field, std::size_t offset);

SpliceTime read_splice_time(BitReader& r);
BreakDuration read_break_duration(BitReader& r);

/// The command, and how many bytes it took (for the legacy 0xFFF length).
[[nodiscard]] Result<std::pair<SpliceCommand, std::size_t>> read_command(std::uint8_t type,
                                                                        std::span<const std::uint8_t> bytes,
                                                                        std::size_t base);

[[nodiscard]] Result<std::vector<SpliceDescriptor>> read_descriptors(std::span<const std::uint8_t> loop,
                                                                     std::size_t base);

/// Reads a UPID of `type` from exactly `bytes`, checking the fixed lengths of Table 21.
[[nodiscard]] Result<Upid> read_upid(std::uint8_t type, std::span<const std::uint8_t> bytes, std::size_t base,
                                     bool nested = false);

}  // namespace manifests::scte35::detail
