#pragma once
#include <string>

namespace ssai {

/// Now, as ISO 8601 UTC with milliseconds ("2026-11-25T14:00:00.123Z").
[[nodiscard]] std::string utc_timestamp();

}  // namespace ssai
