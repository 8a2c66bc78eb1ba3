#include "ssai/macro_values.hpp"

#include <random>

#include "ssai/timestamp.hpp"

namespace ssai {

std::string cache_buster() {
  static thread_local std::mt19937 random{std::random_device{}()};
  return std::to_string(10'000'000 + random() % 90'000'000);
}

vast::MacroValues server_macros(const Session& session) {
  vast::MacroValues macros;
  // SERVERSIDE 1: the server fires the beacon on the client's behalf (VAST 4.1).
  macros.set("TIMESTAMP", utc_timestamp()).set("CACHEBUSTING", cache_buster()).set("SERVERSIDE", "1");
  if (!session.user_agent.empty()) macros.set("CLIENTUA", session.user_agent);
  return macros;
}

}  // namespace ssai
