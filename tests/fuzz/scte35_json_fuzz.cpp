// libFuzzer target: the SCTE-35 JSON reader (`ssai scte35 encode`) never crashes, and
// what it accepts encodes, decodes and reads back as the same section.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "manifests/scte35/decode.hpp"
#include "manifests/scte35/encode.hpp"
#include "ssai/scte35_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto section = ssai::scte35_from_json(text);
  if (!section) return 0;
  auto bytes = manifests::scte35::encode(*section);
  if (!bytes) return 0;  // a section the encoder cannot write (a field out of range) is refused, not crashed on
  auto decoded = manifests::scte35::decode(*bytes);
  if (!decoded) std::abort();  // what we encode, we must read
  const auto json = ssai::scte35_to_json(*decoded);
  auto again = ssai::scte35_from_json(json);
  if (!again) std::abort();  // what we print, we must read back
  return 0;
}
