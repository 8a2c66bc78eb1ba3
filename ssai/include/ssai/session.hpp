#pragma once
// A viewing session: who is watching what, and the content variants its master listed.
#include <string>
#include <string_view>
#include <vector>

#include "ssai/error.hpp"
#include "ssai/http_types.hpp"

namespace ssai {

struct SessionVariant {
  std::string uri;  ///< absolute origin URL of the media playlist
  int bandwidth = 0;
  int width = 0;
  int height = 0;
};

struct Session {
  std::string id;
  std::string config;
  std::string master_url;
  Params player_params;
  std::string user_agent;
  std::string client_ip;
  std::int64_t started_ms = 0;  ///< wall clock (ms since 1970) when the session began
  std::vector<SessionVariant> variants;
};

/// 128 random bits from the kernel (getrandom), as 32 lowercase hex digits.
[[nodiscard]] std::string new_session_id();
/// True for strings new_session_id could have produced.
[[nodiscard]] bool is_session_id(std::string_view text);

[[nodiscard]] std::string to_json(const Session& session);
[[nodiscard]] Result<Session> session_from_json(std::string_view json);

}  // namespace ssai
