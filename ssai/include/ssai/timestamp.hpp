#pragma once
#include <cstdint>
#include <string>

namespace ssai {

/// Milliseconds since the Unix epoch as ISO 8601 UTC ("2026-11-25T14:00:00.123Z").
[[nodiscard]] std::string utc_timestamp(std::int64_t unix_ms);

/// Now, as utc_timestamp(ms) writes it.
[[nodiscard]] std::string utc_timestamp();

}  // namespace ssai
