#pragma once
// What a session met and what became of it, read back for people and players: explain
// (admin: every avail's decision and skips), client-side tracking (avails, ads, beacon
// URLs) and the beacon audit trail. Handlers over only what they read: the session
// cache, the store (decisions) and the beacon queue (audit records).
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "ssai/beacon_queue.hpp"
#include "ssai/decision.hpp"
#include "ssai/http_types.hpp"
#include "ssai/session_cache.hpp"
#include "ssai/store.hpp"

namespace ssai {

class SessionReports {
 public:
  SessionReports(SessionCache& sessions, Store& store, BeaconQueue& beacons)
      : sessions_(sessions), store_(store), beacons_(beacons) {}

  /// GET /v1/sessions/{id}/explain (the route checks the admin token): explain_route.cpp.
  [[nodiscard]] boost::asio::awaitable<Response> explain(std::string_view id);
  /// GET /v1/tracking/{id}: tracking_route.cpp.
  [[nodiscard]] boost::asio::awaitable<Response> tracking(std::string_view id);
  /// GET /v1/sessions/{id}/beacons: beacon_route.cpp.
  [[nodiscard]] boost::asio::awaitable<Response> beacon_audit(std::string_view id);

 private:
  /// The decisions of every avail the session met, in the order they were made; one that
  /// expired or could not be read is left out (the rest still tells). kUnavailable when
  /// the store cannot list them.
  boost::asio::awaitable<Result<std::vector<AvailDecision>>> decisions(const Session& session);

  SessionCache& sessions_;
  Store& store_;
  BeaconQueue& beacons_;
};

}  // namespace ssai
