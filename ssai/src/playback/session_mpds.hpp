#pragma once
// A DASH session's MPD (dash_route.cpp): the origin MPD with this session's ads, each
// break's content period split at the splice point and the ads' periods between;
// players reload it at its Location, the session's URL. The explain lab stitches with
// the same code and its own decider.
#include <string>

#include <boost/asio/awaitable.hpp>

#include "origin/parsed_mpd.hpp"
#include "pipeline/break_filler.hpp"
#include "ssai/beacon_recorder.hpp"
#include "ssai/break_pipeline.hpp"
#include "ssai/clock.hpp"
#include "ssai/config.hpp"
#include "ssai/decision_store.hpp"
#include "ssai/http_types.hpp"
#include "ssai/origin_media.hpp"
#include "ssai/request_origin.hpp"
#include "ssai/session.hpp"

namespace ssai {

class SessionMpds {
 public:
  SessionMpds(OriginMedia& origin, DecisionStore& decisions, BreakFiller& fills, BeaconRecorder& recorder,
              const RequestOriginSettings& urls, const Clock& clock, SessionLifetime lifetime)
      : origin_(origin), decisions_(decisions), fills_(fills), recorder_(recorder), urls_(urls), clock_(clock),
        lifetime_(lifetime) {}

  /// The session's stitched MPD, as its player reloads it.
  [[nodiscard]] boost::asio::awaitable<Response> answer(const Request& request, const Session& session,
                                                        const PlaybackConfiguration& config);

  /// What an MPD is stitched for: the request's base URL, the session, where players
  /// reload it (empty: no Location, for the lab), and whether it is the lab's.
  struct Context {
    const std::string& base;
    const Session& session;
    const PlaybackConfiguration& config;
    std::string reload_url;
    bool lab = false;
  };
  struct Stitched {
    std::string text;
    PipelineResult planned;
  };
  /// A copy of the origin MPD with the breaks `decider` fills.
  [[nodiscard]] boost::asio::awaitable<Result<Stitched>> stitch(const ParsedMpd& origin, const Context& context,
                                                               BreakDecider& decider);

 private:
  OriginMedia& origin_;
  DecisionStore& decisions_;
  BreakFiller& fills_;
  BeaconRecorder& recorder_;
  const RequestOriginSettings& urls_;
  const Clock& clock_;
  SessionLifetime lifetime_;
};

}  // namespace ssai
