#pragma once
// POST /v1/explain (admin token): the ad-ops lab (lab_route.cpp). A playlist or MPD is
// stitched with a VAST or VMAP given in the ad server's place, through the pipeline and
// fills players get; nothing is stored.
#include <boost/asio/awaitable.hpp>

#include "pipeline/break_filler.hpp"
#include "playback/session_mpds.hpp"
#include "routes/admin_access.hpp"
#include "ssai/ad_decider.hpp"
#include "ssai/clock.hpp"
#include "ssai/config_registry.hpp"
#include "ssai/http_types.hpp"
#include "ssai/origin_media.hpp"
#include "ssai/request_origin.hpp"

namespace ssai {

class ExplainLab {
 public:
  struct Parts {
    const AdminAccess& access;
    ConfigRegistry& configs;
    /// The lab's ad decider: it queues no conditioning, having only a media playlist
    /// and so no content ladder to condition to.
    AdDecider& decider;
    OriginMedia& origin;
    SessionMpds& mpds;
    BreakFiller& fills;
    const RequestOriginSettings& urls;
    const Clock& clock;
  };
  explicit ExplainLab(Parts parts) : p_(parts) {}

  [[nodiscard]] boost::asio::awaitable<Response> answer(const Request& request);

 private:
  Parts p_;
};

}  // namespace ssai
