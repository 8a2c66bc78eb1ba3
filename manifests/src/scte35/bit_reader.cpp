#include "bit_reader.hpp"

namespace manifests::scte35 {

std::uint64_t BitReader::read(unsigned bits) {
  if (overflowed_ || bit_pos_ + bits > bytes_.size() * 8) {
    overflowed_ = true;
    return 0;
  }
  std::uint64_t value = 0;
  for (unsigned i = 0; i < bits; ++i) {
    const std::uint8_t byte = bytes_[bit_pos_ / 8];
    value = (value << 1) | ((byte >> (7 - bit_pos_ % 8)) & 1u);
    ++bit_pos_;
  }
  return value;
}

std::span<const std::uint8_t> BitReader::read_bytes(std::size_t count) {
  if (overflowed_ || bit_pos_ % 8 != 0 || bit_pos_ / 8 + count > bytes_.size()) {
    overflowed_ = true;
    return {};
  }
  auto out = bytes_.subspan(bit_pos_ / 8, count);
  bit_pos_ += count * 8;
  return out;
}

}  // namespace manifests::scte35
