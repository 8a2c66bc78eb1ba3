// libFuzzer target: the configuration file and a playback configuration from the API
// (PUT /v1/config/{name}) never crash the reader, however nested or odd the JSON.
#include <cstdint>
#include <string>

#include "ssai/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)ssai::parse_config(text, "/nonexistent");
  (void)ssai::parse_playback_configuration("fuzz", text);
  return 0;
}
