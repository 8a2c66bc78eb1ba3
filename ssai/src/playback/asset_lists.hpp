#pragma once
// A guided session's ads (asset_route.cpp):
//   GET /v1/assets/{session}/{avail}.json[?_HLS_start_offset=s]   the break's asset list
//   GET /v1/adplaylist/{session}/{avail}/{ad}.m3u8                 an ad, every rendition
//   GET /v1/adplaylist/{session}/{avail}/{ad}/{rendition}.m3u8     one rendition's segments
//   GET /v1/altmpd/{avail}.mpd?ssai_session={id}                   a guided DASH break's
//                                                                  alternative MPD
// ({ad} is the ad's place in the break, or "slate" with ?d=<ms>, its length). The break
// is decided once per session by the path stitched breaks take (DecisionStore), so every
// request and node lists the same ads; ad segments go through the segment redirect,
// where their beacons fire on playback evidence.
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "pipeline/break_filler.hpp"
#include "ssai/clock.hpp"
#include "ssai/config.hpp"
#include "ssai/config_registry.hpp"
#include "ssai/decision_store.hpp"
#include "ssai/http_types.hpp"
#include "ssai/origin_media.hpp"
#include "ssai/request_origin.hpp"
#include "ssai/session_cache.hpp"

namespace ssai {

class AssetLists {
 public:
  struct Parts {
    SessionCache& sessions;
    ConfigRegistry& configs;
    OriginMedia& origin;
    DecisionStore& decisions;
    BreakFiller& fills;
    const RequestOriginSettings& urls;
    const Clock& clock;
    SessionLifetime lifetime;
  };
  explicit AssetLists(Parts parts) : p_(parts) {}

  /// `rest`: "{session}/{avail}.json".
  [[nodiscard]] boost::asio::awaitable<Response> asset_list(const Request& request, std::string_view rest);
  /// `rest`: "{session}/{avail}/{ad}.m3u8" or "{session}/{avail}/{ad}/{rendition}.m3u8".
  [[nodiscard]] boost::asio::awaitable<Response> ad_playlist(const Request& request, std::string_view rest);
  /// `rest`: "{avail}.mpd"; the session is the request's ?ssai_session=. A static MPD of
  /// the break's periods (its ads, then slate to its end), segments through the redirect.
  [[nodiscard]] boost::asio::awaitable<Response> alternative_mpd(const Request& request, std::string_view rest);

 private:
  struct Guided;  ///< a guided session and its configuration, loaded
  [[nodiscard]] boost::asio::awaitable<Result<Guided>> load(std::string_view session_id);
  /// The session's content as the shared manifest has it now: its MPD, or its main
  /// variant's media playlist.
  struct Content {
    std::shared_ptr<const ParsedMpd> mpd;
    std::shared_ptr<const ParsedMedia> media;
  };
  [[nodiscard]] boost::asio::awaitable<Result<Content>> content(const Guided& guided);
  /// The break's decision: stored, else decided now through the break pipeline over the
  /// content (`loaded`, or fetched here); nullopt when the pipeline leaves the break to
  /// its content (null), as stitched sessions do (below the threshold, suppressed, no ads).
  /// kNotFound when the content has no such break.
  [[nodiscard]] boost::asio::awaitable<Result<std::shared_ptr<const AvailDecision>>> decide(const Guided& guided,
                                                                                   const std::string& avail_id,
                                                                                   const Content* loaded = nullptr);

  Parts p_;
};

}  // namespace ssai
