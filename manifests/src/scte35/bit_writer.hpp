#pragma once
// MSB-first bit writer, the mirror of BitReader.
#include <cstdint>
#include <span>
#include <vector>

namespace manifests::scte35 {

class BitWriter {
 public:
  /// Writes the low `bits` bits of `value`, most significant first.
  void write(std::uint64_t value, unsigned bits) {
    for (unsigned i = bits; i-- > 0;) {
      if (bit_pos_ % 8 == 0) bytes_.push_back(0);
      if ((value >> i) & 1u) bytes_.back() |= static_cast<std::uint8_t>(0x80u >> (bit_pos_ % 8));
      ++bit_pos_;
    }
  }
  void flag(bool value) { write(value ? 1 : 0, 1); }
  /// Reserved bits are all ones (SCTE 35 section 9.2).
  void reserved(unsigned bits) { write(~std::uint64_t{0}, bits); }
  void bytes(std::span<const std::uint8_t> data) {
    for (auto b : data) write(b, 8);
  }
  [[nodiscard]] std::vector<std::uint8_t>& data() { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t bit_pos_ = 0;
};

}  // namespace manifests::scte35
