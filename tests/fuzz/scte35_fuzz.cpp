// libFuzzer target: the SCTE-35 decoder must never crash or over-read, and whatever it
// decodes must re-encode to a section that decodes to the same thing.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "manifests/scte35/decode.hpp"
#include "manifests/scte35/encode.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace scte35 = manifests::scte35;
  (void)scte35::decode_text(std::string_view(reinterpret_cast<const char*>(data), size));
  auto section = scte35::decode(std::span(data, size));
  if (!section || section->encrypted_packet) return 0;
  auto bytes = scte35::encode(*section);
  if (!bytes) return 0;  // e.g. a descriptor grown past 255 bytes cannot be written back
  auto again = scte35::decode(*bytes);
  if (!again || !again->crc_ok) std::abort();
  again->crc_32 = section->crc_32;
  again->crc_ok = section->crc_ok;
  again->section_length = section->section_length;
  if (!(*again == *section)) std::abort();
  return 0;
}
