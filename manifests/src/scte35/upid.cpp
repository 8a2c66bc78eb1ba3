// segmentation_upid() (SCTE 35 section 10.3.3.1, Table 21).
#include <optional>

#include "decoding.hpp"
#include "manifests/scte35/names.hpp"

namespace manifests::scte35::detail {
namespace {

constexpr std::uint8_t kMid = 0x0D;

// Table 21's fixed lengths; nullopt for the variable-length types.
std::optional<std::size_t> fixed_length(std::uint8_t type) {
  switch (type) {
    case 0x00: return 0;   // not used
    case 0x02: return 8;   // ISCI
    case 0x03: return 12;  // Ad-ID
    case 0x04: return 32;  // UMID
    case 0x05: return 8;   // ISAN (deprecated)
    case 0x06: return 12;  // ISAN
    case 0x07: return 12;  // TID
    case 0x08: return 8;   // TI
    case 0x0A: return 12;  // EIDR
    case 0x10: return 16;  // UUID
    default: return std::nullopt;
  }
}

}  // namespace

Result<Upid> read_upid(std::uint8_t type, std::span<const std::uint8_t> bytes, std::size_t base, bool nested) {
  if (auto expected = fixed_length(type); expected && *expected != bytes.size()) {
    return fail(Errc::kBadValue, "segmentation_upid_length " + std::to_string(bytes.size()) + " at byte " +
                                     std::to_string(base - 1) + " is wrong for " + std::string(upid_type_name(type)) +
                                     " (" + std::to_string(*expected) + " bytes)");
  }
  Upid upid{type, {bytes.begin(), bytes.end()}, {}};
  if (type != kMid) return upid;
  if (nested) return fail(Errc::kBadValue, "MID inside MID at byte " + std::to_string(base));
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    if (bytes.size() - pos < 2) return truncated("MID segmentation_upid", base + pos);
    const std::uint8_t inner_type = bytes[pos];
    const std::size_t inner_length = bytes[pos + 1];
    if (pos + 2 + inner_length > bytes.size()) return truncated("MID segmentation_upid", base + pos + 1);
    auto inner = read_upid(inner_type, bytes.subspan(pos + 2, inner_length), base + pos + 2, true);
    if (!inner) return tl::unexpected(inner.error());
    upid.nested.push_back(std::move(*inner));
    pos += 2 + inner_length;
  }
  return upid;
}

}  // namespace manifests::scte35::detail
