#include "ssai/macro_values.hpp"

#include <array>
#include <random>

#include "ssai/timestamp.hpp"

namespace ssai {
namespace {

const std::string* player_param(const Session& session, std::string_view name) {
  for (const auto& [key, value] : session.player_params) {
    if (key == name) return &value;
  }
  return nullptr;
}

// Privacy and device macros come from player parameters of these names (the first
// one present wins); a player that sends none gets the macro left for the ad server.
struct ParamMacro {
  std::string_view macro;
  std::array<std::string_view, 2> params;  // empty: no second name
};
constexpr ParamMacro kParamMacros[] = {
    {"IFA", {"ifa", ""}},
    {"IFATYPE", {"ifa_type", ""}},
    {"LIMITADTRACKING", {"lat", "limit_ad_tracking"}},
    {"REGULATIONS", {"regulations", ""}},
    {"GDPRCONSENT", {"gdpr_consent", "gdprconsent"}},
    {"PLAYERSIZE", {"player_size", ""}},
};

}  // namespace

std::string cache_buster() {
  static thread_local std::mt19937 random{std::random_device{}()};
  return std::to_string(10'000'000 + random() % 90'000'000);
}

vast::MacroValues queued_beacon_macros(const Session& session) {
  auto macros = session_macros(session);
  // SERVERSIDE 1: the server fires the beacon on the client's behalf (VAST 4.1).
  macros.set("SERVERSIDE", "1");
  return macros;
}

vast::MacroValues server_macros(const Session& session) {
  auto macros = queued_beacon_macros(session);
  macros.set("TIMESTAMP", utc_timestamp()).set("CACHEBUSTING", cache_buster());
  return macros;
}

vast::MacroValues session_macros(const Session& session) {
  vast::MacroValues macros;
  macros.set("SERVERUA", std::string(kServerUserAgent));
  if (!session.user_agent.empty()) macros.set("DEVICEUA", session.user_agent).set("CLIENTUA", session.user_agent);
  if (!session.client_ip.empty()) macros.set("DEVICEIP", session.client_ip);
  for (const auto& [macro, params] : kParamMacros) {
    for (const auto param : params) {
      if (param.empty()) continue;
      if (const auto* value = player_param(session, param)) {
        macros.set(std::string(macro), *value);
        break;
      }
    }
  }
  // Players that give their size as two numbers: PLAYERSIZE is "width,height".
  if (!macros.find("PLAYERSIZE")) {
    const auto* width = player_param(session, "player_width");
    const auto* height = player_param(session, "player_height");
    if (width && height) macros.set("PLAYERSIZE", *width + "," + *height);
  }
  return macros;
}

void add_break_macros(vast::MacroValues& macros, BreakPosition position,
                      const std::optional<manifests::Ticks>& content_position) {
  macros.set("BREAKPOSITION", std::to_string(static_cast<int>(position)));
  if (content_position) {
    const auto timecode = manifests::format_timecode(*content_position);
    // CONTENTPLAYHEAD is VAST 4.0's name for what 4.1 calls MEDIAPLAYHEAD.
    macros.set("CONTENTPLAYHEAD", timecode).set("MEDIAPLAYHEAD", timecode);
  }
}

}  // namespace ssai
