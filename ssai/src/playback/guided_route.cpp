// GET /v1/guided/{config}/{content path}.m3u8: a guided configuration's content media
// playlist, the same bytes for every session (see guided_playlists.hpp); .mpd paths are
// guided_mpd_route.cpp's.
#include "playback/guided_playlists.hpp"

#include "manifests/hls/interstitials.hpp"
#include "manifests/hls/stitch.hpp"
#include "manifests/hls/writer.hpp"
#include "pipeline/guided_breaks.hpp"
#include "ssai/vod_breaks.hpp"
#include "ssai/log.hpp"
#include "ssai/url.hpp"
#include "vast/macros.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

std::string guided_playlist_path(std::string_view config, std::string_view content_path) {
  return "v1/guided/" + vast::percent_encode(config) + "/" + std::string(content_path);
}

asio::awaitable<std::optional<std::string>> GuidedPlaylists::schedule_for(const PlaybackConfiguration& config, bool live) {
  if (live || config.vod_ad_schedule != VodAdSchedule::kVmap) co_return std::nullopt;
  co_return co_await decisions_.schedule_vmap(config);
}

asio::awaitable<Response> GuidedPlaylists::answer(const Request& request, std::string_view rest) {
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) co_return error_response({Errc::kNotFound, "expected /v1/guided/{config}/{content path}.m3u8"});
  const std::string config_name(rest.substr(0, slash));
  const std::string content_path(rest.substr(slash + 1));
  const bool mpd = content_path.ends_with(".mpd");
  if (!is_safe_content_path(content_path) || !(content_path.ends_with(".m3u8") || mpd)) {
    co_return error_response({Errc::kBadRequest, "content path must be a relative .m3u8 or .mpd path without '..'"});
  }
  ConfigRegistry::Config config = co_await configs_.find(config_name);
  if (!config) co_return error_response({Errc::kNotFound, "no playback configuration named '" + config_name + "'"});
  if (config->insertion_mode == InsertionMode::kStitched) {
    co_return error_response({Errc::kNotFound, "playback configuration '" + config_name + "' is not guided"});
  }
  const std::string url = config->content_origin + content_path;
  if (mpd) co_return co_await shared_mpd(request, config, url);
  auto parsed = co_await origin_.media(url, *config);
  if (!parsed) co_return error_response(parsed.error());
  const std::string base = public_base_for(request, urls_);
  const std::string key = config_name + "\n" + url;
  auto schedule = co_await schedule_for(*config, !(*parsed)->playlist.endlist);
  if (auto written = written_.find(key); written && written->origin == (*parsed)->version && written->config == config &&
                                         written->base == base && written->schedule == schedule) {
    co_return written->response;
  }

  auto playlist = (*parsed)->playlist;  // a copy: the parse is shared
  if (!config->ad_marker_passthrough) {
    for (auto& segment : playlist.segments) manifests::hls::drop_ad_markers(segment);
  }
  auto avails = guided_breaks(*config, !playlist.endlist, (*parsed)->cues.avails, schedule, segment_boundaries(playlist));
  if (!playlist.endlist && !manifests::hls::has_program_dates(playlist)) {
    // Breaks are placed by date: a live window without any is dated by a chain the same
    // on every reload and node (origin/live_dates.hpp), with or without a break in it, so
    // that its dates do not come and go.
    const auto first = co_await live_dates_.first_date(url, playlist);
    date_live_playlist(playlist, first, avails);
  }
  const auto breaks = guided_interstitials(playlist, avails, *config, base + "v1/assets/{$" + std::string(kSessionVariable) + "}/");
  if (auto added = manifests::hls::add_interstitials(playlist, breaks, {std::string(kSessionVariable)}); !added) {
    // The content still plays; its breaks are not announced.
    log::warn("guided", url + ": breaks not announced: " + added.error().detail);
  }
  Response response = hls_response(manifests::hls::write(playlist));
  // The same for everyone: a CDN keeps it. Live: while the window cannot have moved
  // much (half a target duration); VOD: an hour.
  const auto max_age = playlist.endlist ? std::int64_t{3600} : std::max<std::int64_t>(1, playlist.target_duration / 2);
  response.headers.emplace_back("Cache-Control", "public, max-age=" + std::to_string(max_age));
  auto written = std::make_shared<const Written>(Written{(*parsed)->version, config, base, std::move(schedule), response});
  written_.remember(key, written, response.body.size() + key.size() + sizeof(Written));
  co_return response;
}

}  // namespace ssai
