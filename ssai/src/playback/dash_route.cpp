// A DASH session's MPD (its routes are in session_route.cpp, with HLS's): see
// session_mpds.hpp.
#include "playback/session_mpds.hpp"

#include "manifests/dash/cues.hpp"
#include "pipeline/dash_breaks.hpp"
#include "ssai/log.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;
namespace dash = manifests::dash;
using manifests::Ticks;

namespace {

// Reloads come back to the session; the origin's own Location and patches point at it.
// Without a session (the lab) there is nothing to reload from: no Location.
void point_reloads_at(dash::Mpd& mpd, const std::string& session_url) {
  auto root = mpd.root();
  for (auto node : dash::children(root, "Location")) root.remove_child(node);
  for (auto node : dash::children(root, "PatchLocation")) root.remove_child(node);
  if (!session_url.empty()) dash::insert_mpd_child(root, "Location").text().set(session_url.c_str());
}

}  // namespace

asio::awaitable<Result<SessionMpds::Stitched>> SessionMpds::stitch(const ParsedMpd& origin, const Context& context,
                                                                  BreakDecider& decider) {
  const auto& [base, session, config, reload_url, lab] = context;
  Stitched out;
  dash::Mpd mpd = origin.mpd;  // this session's copy
  point_reloads_at(mpd, reload_url);

  // Live: each break replaces content for its planned duration from its splice point,
  // ads then slate, decided once for the session as soon as its event is in the MPD, so
  // every reload lists the same periods with the same ids while the content period it
  // splits is there. VOD: the content's cues or the session's VMAP (whose "#n" offsets
  // count the cues), as for HLS; an inserted break lasts what its periods last, a
  // replaced one the content it covers.
  BreakTimeline timeline = dash_timeline(mpd, origin.cues.avails);
  out.planned = co_await run_break_pipeline(std::move(timeline), session, config, decider, clock_.unix_ms());
  std::vector<dash::PeriodBreak> breaks;
  for (auto& decided : out.planned.breaks) {
    const auto& avail = decided.avail;
    auto periods = fills_.dash_break_periods(base, session, config, decided.decision, dash_period_at(mpd, avail.start), lab);
    if (periods.empty()) continue;
    const bool inserted = !mpd.dynamic() && avail.first_segment == avail.end_segment;
    const Ticks replaced = inserted ? Ticks{} : mpd.dynamic() ? avail.duration : avail.content_duration;
    breaks.push_back({avail.id, avail.start, replaced, std::move(periods)});
  }
  const dash::StitchOptions options{config.ad_marker_passthrough, mpd.dynamic() ? dash_live_edge(mpd) : std::nullopt};
  auto stitched = dash::stitch(std::move(mpd), breaks, options);
  if (!stitched) {
    // Breaks the MPD cannot take (outside every period, say): the content plays.
    out.planned.warnings.push_back(stitched.error().detail + ": served without ads");
    dash::Mpd plain = origin.mpd;
    point_reloads_at(plain, reload_url);
    stitched = dash::stitch(std::move(plain), {}, options);
  }
  if (!stitched) co_return fail(Errc::kInternal, "stitch: " + stitched.error().detail);
  out.text = stitched->write();
  co_return out;
}

asio::awaitable<Response> SessionMpds::answer(const Request& request, const Session& session, const PlaybackConfiguration& config) {
  auto origin = co_await origin_.mpd(session.master_url, config);
  if (!origin) co_return error_response(origin.error());
  const auto& mpd = (*origin)->mpd;
  // A live player reloads every minimumUpdatePeriod: its reloads tell it still plays.
  const auto update_period = mpd.dynamic() ? dash::duration_attribute(mpd.root(), "minimumUpdatePeriod") : std::nullopt;
  const std::chrono::milliseconds poll{update_period ? update_period->count() / 90 : 0};
  co_await recorder_.presence(session, poll, lifetime_(config));
  const std::string base = public_base_for(request, urls_);
  SessionDecider decider(decisions_, session, config);
  const Context context{base, session, config, base + "v1/sessions/" + session.id + "/manifest.mpd", false};
  auto stitched = co_await stitch(**origin, context, decider);
  if (!stitched) co_return error_response(stitched.error());
  for (const auto& warning : stitched->planned.warnings) log::warn("stitch", "session " + session.id + ": " + warning);
  Response response;
  response.content_type = std::string(kDashContentType);
  response.body = std::move(stitched->text);
  co_return response;
}

}  // namespace ssai
