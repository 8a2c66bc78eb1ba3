#pragma once
// The VAST macro values the server fills in the beacons and Error URLs it sends for a
// session. Session-wide: [TIMESTAMP], [CACHEBUSTING], [SERVERSIDE], [SERVERUA], the
// viewer's device ([DEVICEUA], [CLIENTUA], [DEVICEIP]) and what the player passed as
// parameters ([IFA], [IFATYPE], [LIMITADTRACKING], [REGULATIONS], [GDPRCONSENT],
// [PLAYERSIZE]). Per break: [BREAKPOSITION], [CONTENTPLAYHEAD], [MEDIAPLAYHEAD].
#include <optional>
#include <string>

#include "manifests/time.hpp"
#include "ssai/decision.hpp"
#include "ssai/session.hpp"
#include "vast/macros.hpp"

namespace ssai {

/// 8 random digits, new for every call.
[[nodiscard]] std::string cache_buster();

/// [SERVERUA]: who sends server-side beacons.
inline constexpr std::string_view kServerUserAgent = "ssai/0.1";

/// What the server knows of the session: the device and the player's parameters.
[[nodiscard]] vast::MacroValues session_macros(const Session& session);
/// session_macros plus [SERVERSIDE] 1: for beacons the server queues, whose [TIMESTAMP]
/// and [CACHEBUSTING] are filled when each attempt is made.
[[nodiscard]] vast::MacroValues queued_beacon_macros(const Session& session);
/// queued_beacon_macros plus [TIMESTAMP] and [CACHEBUSTING] as of now.
[[nodiscard]] vast::MacroValues server_macros(const Session& session);

void add_break_macros(vast::MacroValues& macros, BreakPosition position,
                      const std::optional<manifests::Ticks>& content_position);

}  // namespace ssai
