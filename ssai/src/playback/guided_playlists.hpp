#pragma once
// Server-guided content manifests, the same bytes for every session of a guided
// configuration (a CDN may cache them):
// - GET /v1/guided/{config}/{content path}.m3u8 (guided_route.cpp): the origin's media
//   playlist, each break an HLS interstitial whose asset list URL names the session
//   through a variable the session's master defines (EXT-X-DEFINE, imported here).
//   docs/guided.md says why that and not _HLS_primary_id.
// - GET /v1/guided/{config}/{content path}.mpd?ssai_session={id} (guided_mpd_route.cpp):
//   the origin's MPD, each break an Alternative MPD event; the player adds its MPD URL's
//   query (the session) to the alternative MPD's URL (urn:mpeg:dash:urlparam:2025).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "origin/live_dates.hpp"
#include "ssai/config_registry.hpp"
#include "ssai/decision_store.hpp"
#include "ssai/generation_memo.hpp"
#include "ssai/http_types.hpp"
#include "ssai/origin_media.hpp"
#include "ssai/request_origin.hpp"
#include "ssai/session.hpp"

namespace ssai {
struct ParsedMpd;
}

namespace ssai {

/// The query parameter of a guided DASH session's MPD URL, and the variable a guided
/// HLS session's master defines (its session id) and the shared media
/// playlists import, for their asset list URLs.
inline constexpr std::string_view kSessionVariable = "ssai_session";

/// "v1/guided/{config}/{content path}": where a guided session's master points for a
/// media playlist under the configuration's content origin.
[[nodiscard]] std::string guided_playlist_path(std::string_view config, std::string_view content_path);

/// Where a guided DASH session's player loads (and reloads) its MPD:
/// "{base}v1/guided/{config}/{content path}?ssai_session={id}"; empty when the session's
/// content is no longer under its configuration's content origin.
[[nodiscard]] std::string guided_mpd_url(const std::string& base, const Session& session, const PlaybackConfiguration& config);

class GuidedPlaylists {
 public:
  GuidedPlaylists(ConfigRegistry& configs, OriginMedia& origin, DecisionStore& decisions, Store& store,
                  const RequestOriginSettings& urls)
      : configs_(configs), origin_(origin), decisions_(decisions), live_dates_(store), urls_(urls) {}

  /// `rest`: "{config}/{content path}.m3u8" or ".mpd".
  [[nodiscard]] boost::asio::awaitable<Response> answer(const Request& request, std::string_view rest);

 private:
  /// A playlist as last written, with what it was written from: while the origin's
  /// version, the configuration, the public base and the VMAP schedule are the same, it
  /// is the same bytes.
  struct Written {
    std::uint64_t origin = 0;
    ConfigRegistry::Config config;
    std::string base;
    std::optional<std::string> schedule;
    Response response;
  };

  /// The configuration's VMAP schedule when it places a VOD manifest's breaks by one.
  [[nodiscard]] boost::asio::awaitable<std::optional<std::string>> schedule_for(const PlaybackConfiguration& config, bool live);

  [[nodiscard]] boost::asio::awaitable<Response> shared_mpd(const Request& request, ConfigRegistry::Config config,
                                                            const std::string& url);
  /// An MPD as last written, from that parse of the origin's (kept: its identity is
  /// the origin's version).
  struct WrittenMpd {
    std::shared_ptr<const ParsedMpd> origin;
    ConfigRegistry::Config config;
    std::string base;
    std::optional<std::string> schedule;
    Response response;
  };

  ConfigRegistry& configs_;
  OriginMedia& origin_;
  DecisionStore& decisions_;
  LiveDates live_dates_;  ///< program dates for live content that has none
  const RequestOriginSettings& urls_;
  GenerationMemo<std::shared_ptr<const Written>> written_{10'000, 64 * 1024 * 1024};
  GenerationMemo<std::shared_ptr<const WrittenMpd>> written_mpds_{1'000, 32 * 1024 * 1024};
};

}  // namespace ssai
