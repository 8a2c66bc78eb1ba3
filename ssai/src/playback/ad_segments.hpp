#pragma once
// GET /v1/segment/{session}/{avail}/{ad}/{rendition}/{n}.ts|.m4s (segment_route.cpp):
// a 302 to the ad segment on the CDN, recording the VAST events playback reaches with it.
#include <cstddef>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "adcache/rendition_library.hpp"
#include "pipeline/break_filler.hpp"
#include "ssai/beacon_recorder.hpp"
#include "ssai/config.hpp"
#include "ssai/config_registry.hpp"
#include "ssai/decision_store.hpp"
#include "ssai/http_types.hpp"
#include "ssai/request_origin.hpp"
#include "ssai/session_cache.hpp"

namespace ssai {

class AdSegments {
 public:
  struct Parts {
    SessionCache& sessions;
    ConfigRegistry& configs;
    DecisionStore& decisions;
    adcache::RenditionLibrary& library;
    BreakFiller& fills;  ///< where a configuration's ad CDN prefix is applied
    BeaconRecorder& recorder;
    const RequestOriginSettings& urls;
    SessionLifetime lifetime;
  };
  explicit AdSegments(Parts parts) : p_(parts) {}

  /// `rest`: "{session}/{avail}/{ad}/{rendition}/{n}.ts" (or .m4s).
  [[nodiscard]] boost::asio::awaitable<Response> answer(const Request& request, std::string_view rest);

 private:
  [[nodiscard]] Response redirect(const Request& request, const std::string& uri) const;
  [[nodiscard]] Response redirect_without_beacons(const Request& request, std::size_t rendition_index,
                                                  std::size_t segment_index, const Error& why);

  Parts p_;
};

}  // namespace ssai
