#pragma once
// The store-down fallback: each variant URL of a session's master carries its content
// path, signed (?c=&p=&s=), so that when the store cannot tell the session, its player
// still gets the content, without ads. What the signature covers, in one place for the
// master that signs it (session_route.cpp) and the playlist route that checks it
// (manifest_route.cpp).
#include <string>
#include <string_view>

namespace ssai {

/// The session, the configuration and the content path, one per line.
[[nodiscard]] inline std::string fallback_message(std::string_view session_id, std::string_view config,
                                                  std::string_view path) {
  std::string message;
  message.append(session_id).append("\n").append(config).append("\n").append(path);
  return message;
}

}  // namespace ssai
