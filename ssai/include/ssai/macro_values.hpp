#pragma once
// The VAST macro values the server fills in every beacon it sends for a session:
// [TIMESTAMP], [CACHEBUSTING], [SERVERSIDE], [CLIENTUA].
#include <string>

#include "ssai/session.hpp"
#include "vast/macros.hpp"

namespace ssai {

/// 8 random digits, new for every call.
[[nodiscard]] std::string cache_buster();

[[nodiscard]] vast::MacroValues server_macros(const Session& session);

}  // namespace ssai
