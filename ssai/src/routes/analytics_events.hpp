#pragma once
// GET /v1/events (admin token, or ?token= for EventSource): the analytics stream as
// Server-Sent Events, for the built-in dashboard and anyone else (analytics_route.cpp).
#include <boost/asio/awaitable.hpp>

#include "routes/admin_access.hpp"
#include "ssai/beacon_queue.hpp"
#include "ssai/http_types.hpp"

namespace ssai {

class AnalyticsEvents {
 public:
  AnalyticsEvents(const AdminAccess& access, BeaconQueue& stream) : access_(access), stream_(stream) {}

  [[nodiscard]] boost::asio::awaitable<Response> events(const Request& request);

 private:
  const AdminAccess& access_;
  BeaconQueue& stream_;
};

}  // namespace ssai
