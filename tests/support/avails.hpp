#pragma once
// Avails as one line each, for golden files: what cue detection found, readably.
#include <string>

#include "manifests/avail.hpp"

namespace test_support {

[[nodiscard]] std::string avails_summary(const manifests::CueReport& report);

}  // namespace test_support
