#pragma once
// Server-guided HLS (guided_route.cpp): GET /v1/guided/{config}/{content path}.m3u8, a
// content media playlist that is the same for every session of a guided configuration
// (a CDN may cache it): the origin's, each break marked as an HLS interstitial whose
// asset list URL names the session through a variable the session's master defines
// (EXT-X-DEFINE, imported here). docs/guided.md says why that and not _HLS_primary_id.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "ssai/config_registry.hpp"
#include "ssai/generation_memo.hpp"
#include "ssai/http_types.hpp"
#include "ssai/origin_media.hpp"
#include "ssai/request_origin.hpp"

namespace ssai {

/// The variable a guided session's master defines (its session id) and the shared media
/// playlists import, for their asset list URLs.
inline constexpr std::string_view kSessionVariable = "ssai_session";

/// "v1/guided/{config}/{content path}": where a guided session's master points for a
/// media playlist under the configuration's content origin.
[[nodiscard]] std::string guided_playlist_path(std::string_view config, std::string_view content_path);

class GuidedPlaylists {
 public:
  GuidedPlaylists(ConfigRegistry& configs, OriginMedia& origin, const RequestOriginSettings& urls)
      : configs_(configs), origin_(origin), urls_(urls) {}

  /// `rest`: "{config}/{content path}.m3u8".
  [[nodiscard]] boost::asio::awaitable<Response> answer(const Request& request, std::string_view rest);

 private:
  /// A playlist as last written, with what it was written from: while the origin's
  /// version, the configuration and the public base are the same, it is the same bytes.
  struct Written {
    std::uint64_t origin = 0;
    ConfigRegistry::Config config;
    std::string base;
    Response response;
  };

  ConfigRegistry& configs_;
  OriginMedia& origin_;
  const RequestOriginSettings& urls_;
  GenerationMemo<std::shared_ptr<const Written>> written_{10'000, 64 * 1024 * 1024};
};

}  // namespace ssai
