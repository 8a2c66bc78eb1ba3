// GET /v1/manifest/{session}/{variant}.m3u8: the origin's media playlist with this
// session's ads in every break (VOD here; live in live_route.cpp).
#include "playback/media_playlists.hpp"


#include "adcache/creative_key.hpp"
#include "adcache/ladder.hpp"
#include "manifests/hls/align.hpp"
#include "manifests/hls/cues.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/uris.hpp"
#include "manifests/hls/writer.hpp"
#include "pipeline/hls_breaks.hpp"
#include "ssai/beacon_queue.hpp"
#include "ssai/log.hpp"
#include "ssai/url.hpp"
#include "playback/content_fallback.hpp"
#include "playback/path_parts.hpp"
#include "store/store_keys.hpp"
#include "vast/macros.hpp"

namespace ssai {
namespace asio = boost::asio;
using manifests::Ticks;


asio::awaitable<Response> MediaPlaylists::content_only(const Request& request, std::string_view session_id, const Error& why) {
  const auto config_name = request.query_param("c");
  const auto path = request.query_param("p");
  const auto signature = request.query_param("s");
  // Only a URL this service wrote names content: else anyone could have any path under
  // any configuration's origin served, under any session id.
  if (!config_name || !path || !signature ||
      !p_.signer.verify(fallback_message(session_id, *config_name, *path), *signature)) {
    co_return error_response(why);
  }
  // Not a co_await inside ?: (GCC 12 miscompiles that).
  ConfigRegistry::Config config = co_await p_.configs.find(*config_name);
  if (!config || !is_safe_content_path(*path)) co_return error_response(why);
  const std::string url = config->content_origin + std::string(*path);
  log::warn("store", "serving " + url + " without ads: " + why.detail);
  auto parsed = co_await p_.origin.media(url, *config);
  if (!parsed) co_return error_response(parsed.error());
  co_return hls_response(manifests::hls::write((*parsed)->playlist));
}

asio::awaitable<Response> MediaPlaylists::answer(const Request& request, std::string_view rest) {
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || !rest.ends_with(".m3u8")) {
    co_return error_response({Errc::kNotFound, "expected /v1/manifest/{session}/{variant}.m3u8"});
  }
  const auto index = parse_index(rest.substr(slash + 1, rest.size() - slash - 1 - 5));
  auto loaded = co_await p_.sessions.load(rest.substr(0, slash));
  if (!loaded && loaded.error().code == Errc::kUnavailable) {
    co_return co_await content_only(request, rest.substr(0, slash), loaded.error());
  }
  if (!loaded) co_return error_response(loaded.error());
  const auto& session = *loaded;  // shared_ptr<const Session>
  if (!index || *index >= session->variants.size()) co_return error_response({Errc::kNotFound, "no such variant"});
  const auto config = co_await p_.configs.find(session->config);
  if (!config) co_return error_response({Errc::kNotFound, "playback configuration '" + session->config + "' is gone"});
  co_await p_.sessions.keep_alive(*session, p_.lifetime(*config));
  const auto& variant = session->variants[*index];

  auto parsed = co_await p_.origin.media(variant.uri, *config);
  if (!parsed) co_return error_response(parsed.error());
  const auto& playlist = (*parsed)->playlist;

  // Every rendition follows the main variant's breaks (alternate audio and subtitles
  // often carry no cues), laid onto its own segments: the same breaks, ids, decisions.
  std::shared_ptr<const ParsedMedia> main;
  if (variant.kind != MediaKind::kVariant && session->main_variant()) {
    if (auto fetched = co_await p_.origin.media(session->main_variant()->uri, *config)) {
      main = std::move(*fetched);
    } else {
      log::warn("stitch", "session " + session->id + ": main variant unavailable, rendition " + variant.uri +
                              " stitched by its own cues: " + fetched.error().detail);
    }
  }
  const bool vod = playlist.endlist;
  // A live player polls every target duration: its polls are the evidence that it
  // still plays (deferred quartiles wait for it).
  const std::chrono::milliseconds poll{vod ? 0 : playlist.target_duration * 1000};
  co_await p_.recorder.presence(*session, poll, p_.lifetime(*config));
  if (!vod) co_return co_await live(request, *session, config, *index, **parsed, main.get());
  // Decided on the main variant's view of each break, filled on this playlist's segments.
  const auto& reference = main ? main->playlist : playlist;
  SessionDecider decider(p_.decisions, *session, *config);
  auto timeline = hls_vod_timeline((main ? main->cues : (*parsed)->cues).avails, reference);
  const auto planned = co_await run_break_pipeline(std::move(timeline), *session, *config, decider, p_.clock.unix_ms());
  for (const auto& warning : planned.warnings) log::warn("vmap", "session " + session->id + ": " + warning);
  const std::string base = public_base_for(request, p_.urls);
  const BreakFiller::HlsFillContext context{base, *session, *config, {variant.bandwidth, variant.width, variant.height}, variant.kind};
  const auto fills = p_.fills.vod_fills(context, planned, reference, playlist);
  const manifests::hls::StitchOptions options{config->ad_marker_passthrough};
  auto stitched = manifests::hls::stitch(playlist, fills, options);
  if (!stitched) co_return error_response({Errc::kInternal, "stitch: " + stitched.error().detail});
  co_return hls_response(manifests::hls::write(*stitched));
}

}  // namespace ssai
