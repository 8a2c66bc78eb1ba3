// GET /v1/guided/{config}/{content path}.mpd?ssai_session={id}: a guided configuration's
// content MPD, the same bytes for every session (see guided_playlists.hpp).
#include "manifests/dash/alternative_mpd.hpp"
#include "manifests/dash/cues.hpp"
#include "origin/parsed_mpd.hpp"
#include "pipeline/dash_breaks.hpp"
#include "pipeline/guided_breaks.hpp"
#include "playback/guided_playlists.hpp"
#include "ssai/log.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;
namespace dash = manifests::dash;

namespace {

// What is the same for everyone: no Location (each player reloads the URL it has,
// whose query names its session), and the content's own cue events only when the
// configuration passes them through.
void share(dash::Mpd& mpd, bool keep_ad_markers) {
  auto root = mpd.root();
  for (auto node : dash::children(root, "Location")) root.remove_child(node);
  for (auto node : dash::children(root, "PatchLocation")) root.remove_child(node);
  if (keep_ad_markers) return;
  for (const auto& period : mpd.periods()) {
    pugi::xml_node node = period.node;
    for (auto stream : dash::children(node, "EventStream")) {
      if (dash::is_scte35_scheme(stream.attribute("schemeIdUri").value())) node.remove_child(stream);
    }
  }
}

}  // namespace

std::string guided_mpd_url(const std::string& base, const Session& session, const PlaybackConfiguration& config) {
  if (!session.master_url.starts_with(config.content_origin)) return {};
  return base + guided_playlist_path(config.name, session.master_url.substr(config.content_origin.size())) + "?" +
         std::string(kSessionVariable) + "=" + session.id;
}

asio::awaitable<Response> GuidedPlaylists::shared_mpd(const Request& request, ConfigRegistry::Config configured,
                                                      const std::string& url) {
  const PlaybackConfiguration& config = *configured;
  auto parsed = co_await origin_.mpd(url, config);
  if (!parsed) co_return error_response(parsed.error());
  const std::string base = public_base_for(request, urls_);
  const std::string key = config.name + "\n" + url;
  auto schedule = co_await schedule_for(config, (*parsed)->mpd.dynamic());
  if (auto written = written_mpds_.find(key); written && written->origin == *parsed && written->config == configured &&
                                              written->base == base && written->schedule == schedule) {
    co_return written->response;
  }
  dash::Mpd mpd = (*parsed)->mpd;  // a copy: the parse is shared
  share(mpd, config.ad_marker_passthrough);
  const auto avails = guided_breaks(config, mpd.dynamic(), (*parsed)->cues.avails, schedule,
                                    dash_timeline((*parsed)->mpd, {}).boundaries);
  const auto breaks = guided_alternatives(mpd, avails, config, base + "v1/altmpd/");
  if (auto added = dash::add_alternative_mpd_events(mpd, breaks); !added) {
    // The content still plays; its breaks are not announced.
    log::warn("guided", url + ": breaks not announced: " + added.error().detail);
    mpd = (*parsed)->mpd;
    share(mpd, config.ad_marker_passthrough);
  }
  Response response;
  response.content_type = std::string(kDashContentType);
  response.body = mpd.write();
  // The same for everyone: a CDN keeps it, keyed without the session's query
  // (docs/guided.md). Live: while it cannot have moved much (half its update period);
  // VOD: an hour.
  std::int64_t max_age = 3600;
  if (mpd.dynamic()) {
    const auto update = dash::duration_attribute(mpd.root(), "minimumUpdatePeriod");
    max_age = std::max<std::int64_t>(1, update ? update->count() / 90000 / 2 : 1);
  }
  response.headers.emplace_back("Cache-Control", "public, max-age=" + std::to_string(max_age));
  auto written = std::make_shared<const WrittenMpd>(WrittenMpd{*parsed, configured, base, std::move(schedule), response});
  written_mpds_.remember(key, written, response.body.size() + key.size() + sizeof(WrittenMpd));
  co_return response;
}

}  // namespace ssai
