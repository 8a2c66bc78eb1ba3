#pragma once
// Sessions begin and are answered with their master playlist or MPD (session_route.cpp):
//   GET  /v1/master/{config}/{content path}.m3u8?params   implicit: a new session, its master
//   GET  /v1/dash/{config}/{content path}.mpd?params      implicit, DASH: its stitched MPD
//   POST /v1/session/{config}/{content path}            explicit: adsParams in, URLs out
//   GET  /v1/sessions/{id}/master.m3u8 | manifest.mpd    an existing session's
// A new session is checked against the limits (per client, per configuration, its
// parameters), reads the content's master (or MPD) and ladder, notes its live pre-roll's
// join point, queues its slate, and is stored.
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "playback/session_mpds.hpp"
#include "ssai/clock.hpp"
#include "ssai/config.hpp"
#include "ssai/config_registry.hpp"
#include "ssai/http_types.hpp"
#include "ssai/metrics.hpp"
#include "ssai/origin_media.hpp"
#include "ssai/rate_limiter.hpp"
#include "ssai/request_origin.hpp"
#include "ssai/session.hpp"
#include "ssai/session_cache.hpp"
#include "ssai/session_window.hpp"
#include "ssai/slate_preparer.hpp"
#include "ssai/url_signer.hpp"

namespace ssai {

class SessionStarts {
 public:
  struct Parts {
    const SessionLimits& limits;
    ConfigRegistry& configs;
    SessionCache& sessions;
    OriginMedia& origin;
    SlatePreparer& slates;
    SessionMpds& mpds;  ///< a DASH session's first answer is its MPD
    const UrlSigner& signer;
    const RequestOriginSettings& urls;
    const Clock& clock;
    SessionLifetime lifetime;
    Metrics& metrics;  ///< sessions started, by insertion mode
  };
  explicit SessionStarts(Parts parts)
      : p_(parts), creations_(parts.limits.create_per_second, parts.limits.create_burst) {}

  /// A new session from /v1/master/ (HLS) or /v1/dash/ (`dash`), answered with its master or MPD.
  [[nodiscard]] boost::asio::awaitable<Response> start(const Request& request, std::string_view rest, bool dash);
  /// POST /v1/session/...: a new session, answered with its URLs.
  [[nodiscard]] boost::asio::awaitable<Response> post(const Request& request, std::string_view rest);
  /// An existing session's master playlist, or MPD (`dash`).
  [[nodiscard]] boost::asio::awaitable<Response> existing(const Request& request, std::string_view id, bool dash);

 private:
  struct Target {
    ConfigRegistry::Config config;
    std::string content_path;
  };
  /// "{config}/{content path}.m3u8", checked.
  [[nodiscard]] boost::asio::awaitable<Result<Target>> target(std::string_view rest);
  /// `requested_mode`: the insertion mode the player asked for, if it did (insertion_choice.hpp).
  boost::asio::awaitable<Result<Session>> create(const Target& target, const Request& request, Params player_params,
                                                 std::optional<std::string> requested_mode);
  boost::asio::awaitable<Response> master(const Request& request, const Session& session, const PlaybackConfiguration& config);
  boost::asio::awaitable<Response> mpd(const Request& request, const Session& session, const PlaybackConfiguration& config);
  /// The fingerprint of the content's ladder (adcache::ladder_fingerprint); empty when
  /// it cannot be read.
  boost::asio::awaitable<std::string> content_ladder(const Session& session, const std::string& master_text,
                                                     const PlaybackConfiguration& config);
  /// Live content: the media sequence number where a player joining now starts
  /// (live_join_msn of its main variant), where its live pre-roll goes; nullopt for VOD
  /// or when the playlist cannot be read.
  boost::asio::awaitable<std::optional<std::int64_t>> live_join(const Session& session, const PlaybackConfiguration& config);

  Parts p_;
  RateLimiter creations_;  ///< per client address
  SessionWindow started_;  ///< per configuration (max_sessions)
};

}  // namespace ssai
