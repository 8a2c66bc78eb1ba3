#pragma once
// MSB-first bit reader with a sticky overflow flag: reads past the end return 0 and
// set the flag, so a decoder reads a whole structure and checks once.
#include <cstddef>
#include <cstdint>
#include <span>

namespace manifests::scte35 {

class BitReader {
 public:
  explicit BitReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  /// Up to 64 bits, MSB first.
  std::uint64_t read(unsigned bits);
  bool flag() { return read(1) != 0; }
  void skip(unsigned bits) { (void)read(bits); }
  /// Whole bytes; the reader must be byte-aligned.
  std::span<const std::uint8_t> read_bytes(std::size_t count);

  [[nodiscard]] bool overflowed() const { return overflowed_; }
  [[nodiscard]] std::size_t byte_offset() const { return bit_pos_ / 8; }
  [[nodiscard]] std::size_t bytes_left() const {
    return bit_pos_ / 8 >= bytes_.size() ? 0 : bytes_.size() - bit_pos_ / 8;
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t bit_pos_ = 0;
  bool overflowed_ = false;
};

}  // namespace manifests::scte35
