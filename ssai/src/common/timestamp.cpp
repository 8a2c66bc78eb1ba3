#include "ssai/timestamp.hpp"

#include <chrono>

#include "manifests/time.hpp"

namespace ssai {

std::string utc_timestamp(std::int64_t unix_ms) { return manifests::format_iso8601_ms(unix_ms); }

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  return utc_timestamp(std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
}

}  // namespace ssai
