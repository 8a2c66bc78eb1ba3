#pragma once
// Waiting for a session's beacons to settle, read from the service's own audit trail
// (GET /v1/sessions/{id}/beacons): a condition to wait on before checking that a
// receiver was hit exactly once, instead of a fixed sleep.
#include <chrono>
#include <string>

namespace test_support {

/// The session id in one of the service's URLs (/v1/manifest/{id}/..., /v1/segment/{id}/...).
[[nodiscard]] std::string session_id_in(const std::string& url);

/// True once every beacon of the session that was due when the wait began has a final
/// record (sent, failed, refused, abandoned, duplicate) and at least `at_least` beacons are listed;
/// false after `bound` (the trail is printed then). A beacon deferred to a later moment of
/// playback is not waited for.
[[nodiscard]] bool wait_beacons_settled(const std::string& service_url, const std::string& session_id,
                                        std::size_t at_least = 1,
                                        std::chrono::milliseconds bound = std::chrono::seconds(30));

}  // namespace test_support
