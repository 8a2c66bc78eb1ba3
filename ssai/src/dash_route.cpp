// A DASH session's MPD (its routes are in session_route.cpp, with HLS's):
// the origin MPD with this session's ads: each break's content period split at the
// splice point, the ads' periods between. Players reload at <Location>, the session's URL.
#include "manifests/dash/cues.hpp"
#include "manifests/dash/segments.hpp"
#include "manifests/hls/uris.hpp"
#include "ssai/break_rules.hpp"
#include "ssai/log.hpp"
#include "ssai/service.hpp"
#include "ssai/url.hpp"
#include "ssai/vod_breaks.hpp"
#include "vast/vmap.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;
namespace dash = manifests::dash;
using manifests::Ticks;

namespace {

// Elements the MPD schema puts before BaseURL and Location, in its order: new ones go after.
bool precedes_base_url(std::string_view name) { return name == "ProgramInformation"; }

pugi::xml_node insert_in_order(pugi::xml_node root, const char* name) {
  pugi::xml_node after;
  for (auto node : root.children()) {
    if (node.type() != pugi::node_element) continue;
    const auto local = dash::local_name(node);
    if (precedes_base_url(local) || local == "BaseURL" || (std::string_view(name) == "Location" && local == "Location")) {
      after = node;
    }
  }
  return after ? root.insert_child_after(name, after) : root.prepend_child(name);
}

// Served from our host now: the content's segments must resolve to the origin (or its
// CDN). The MPD's BaseURLs are made absolute, and one is added when it has none.
Result<void> anchor_base_urls(dash::Mpd& mpd, const std::string& mpd_url, const PlaybackConfiguration& config) {
  auto root = mpd.root();
  auto bases = dash::children(root, "BaseURL");
  if (bases.empty()) bases.push_back(insert_in_order(root, "BaseURL"));
  for (auto base : bases) {
    const std::string given = base.text().get();
    auto resolved = manifests::hls::resolve_uri(mpd_url, given.empty() ? std::string("./") : given);
    if (!resolved) return fail(Errc::kOriginFailed, "origin MPD has a BaseURL that does not resolve: " + given);
    std::string url = std::move(*resolved);
    if (!config.content_segment_prefix.empty() && url.starts_with(config.content_origin)) {
      url = config.content_segment_prefix + url.substr(config.content_origin.size());
    }
    base.text().set(url.c_str());
  }
  return {};
}

// Reloads come back to the session; the origin's own Location and patches point at it.
void point_reloads_at(dash::Mpd& mpd, const std::string& session_url) {
  auto root = mpd.root();
  for (auto node : dash::children(root, "Location")) root.remove_child(node);
  for (auto node : dash::children(root, "PatchLocation")) root.remove_child(node);
  insert_in_order(root, "Location").text().set(session_url.c_str());
}

// The reference video's segment boundaries on the MPD timeline: where breaks can go.
std::vector<Ticks> reference_boundaries(const dash::Mpd& mpd) {
  std::vector<Ticks> out;
  for (const auto& period : mpd.periods()) {
    const auto info = dash::segment_info(dash::reference_representation(period.node), period.duration);
    const Ticks end = period.start + period.duration.value_or(Ticks{});
    for (const auto& segment : dash::list_segments(info, period.duration)) {
      const auto offset = segment.time >= info.presentation_time_offset ? segment.time - info.presentation_time_offset : 0;
      const Ticks at = period.start + dash::to_ticks(offset, info.timescale);
      if (out.empty() || at > out.back()) out.push_back(at);
    }
    if (period.duration && (out.empty() || end > out.back())) out.push_back(end);
  }
  return out;
}

// Where a live MPD's live edge stands on its timeline: publishTime, from
// availabilityStartTime.
std::optional<Ticks> live_edge_of(const dash::Mpd& mpd) {
  const auto available_from = dash::time_attribute(mpd.root(), "availabilityStartTime");
  const auto published = dash::time_attribute(mpd.root(), "publishTime");
  if (!available_from || !published) return std::nullopt;
  return Ticks{(*published - *available_from) * 90};
}

pugi::xml_node period_at(const dash::Mpd& mpd, Ticks at) {
  pugi::xml_node found;
  for (const auto& period : mpd.periods()) {
    if (period.start <= at) found = period.node;
  }
  return found;
}

}  // namespace

asio::awaitable<std::vector<dash::PeriodBreak>> Service::live_dash_breaks(const std::string& base, const Session& session,
                                                                         const PlaybackConfiguration& config,
                                                                         const dash::Mpd& mpd, std::vector<manifests::Avail> avails) {
  // Live: each break replaces content for its planned duration from its splice point,
  // ads then slate, decided once for the session as soon as its event is in the MPD,
  // so every reload lists the same periods with the same ids while the content period it
  // splits is there. A live timeline cannot grow, so insertion points (zero-length
  // splices) play through; a break that starts before the one ahead of it ends is left
  // to its content.
  std::vector<dash::PeriodBreak> breaks;
  const auto available_from = dash::time_attribute(mpd.root(), "availabilityStartTime");
  const auto live_edge = live_edge_of(mpd);
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  for (std::size_t i = 0; i < avails.size(); ++i) {
    auto& avail = avails[i];
    // By its planned duration: segment indices mean little in a period still open.
    if (avail.duration.count() <= 0) continue;
    if (below_threshold(avail, config)) continue;
    if (!breaks.empty() && avail.start < breaks.back().at + breaks.back().replaced) {
      log::warn("stitch", "session " + session.id + ": live break " + avail.id + " overlaps " + breaks.back().name + ": left as content");
      continue;
    }
    // Where the live edge stood against the break's start: what avail suppression asks.
    const Ticks before_edge = live_edge ? *live_edge - avail.start : Ticks{};
    if (available_from) avail.start_date_ms = *available_from + avail.start.count() / 90;
    BreakRequest wanted{avail, static_cast<int>(i + 1), BreakPosition::kMidRoll};
    wanted.live = true;
    wanted.suppressed = suppressed(config, session, before_edge, now_ms);
    auto decision = co_await decision_for(session, config, wanted);
    if (decision.ads.empty()) continue;
    auto periods = dash_break_periods(base, session, config, decision, period_at(mpd, avail.start));
    if (periods.empty()) continue;
    breaks.push_back({avail.id, avail.start, avail.duration, std::move(periods)});
  }
  co_return breaks;
}

asio::awaitable<Response> Service::session_mpd(const Request& request, const Session& session, const PlaybackConfiguration& config) {
  auto body = co_await fetch_origin(session.master_url, config);
  if (!body) co_return error_response(body.error());
  auto mpd = dash::Mpd::parse(**body);
  if (!mpd) co_return error_response({Errc::kOriginFailed, "origin MPD: " + mpd.error().detail});
  auto cues = dash::find_avails(*mpd);
  for (const auto& warning : cues.warnings) log::warn("cues", session.master_url + ": " + warning);
  // A live player reloads every minimumUpdatePeriod: its reloads tell it still plays.
  const auto update_period = mpd->dynamic() ? dash::duration_attribute(mpd->root(), "minimumUpdatePeriod") : std::nullopt;
  const std::chrono::milliseconds poll{update_period ? update_period->count() / 90 : 0};
  co_await note_presence(session, poll, session_ttl(config));
  const std::string base = public_base(request);
  if (auto anchored = anchor_base_urls(*mpd, session.master_url, config); !anchored) co_return error_response(anchored.error());
  point_reloads_at(*mpd, base + "v1/sessions/" + session.id + "/manifest.mpd");

  std::vector<dash::PeriodBreak> breaks;
  if (mpd->dynamic()) {
    breaks = co_await live_dash_breaks(base, session, config, *mpd, std::move(cues.avails));
  } else {
    const auto boundaries = reference_boundaries(*mpd);
    const std::size_t segment_count = boundaries.empty() ? 0 : boundaries.size() - 1;
    // What breaks there are: the content's cues, or the session's VMAP (whose "#n"
    // offsets count the cues), as for HLS.
    std::optional<vast::Vmap> vmap;  // the scheduled breaks point into it
    std::vector<ScheduledBreak> scheduled;
    if (config.vod_ad_schedule == VodAdSchedule::kVmap) {
      if (auto text = co_await session_vmap(session, config)) {
        if (auto document = vast::parse_vmap(*text)) {
          vmap = std::move(*document);
          auto schedule = place_vmap_breaks(*vmap, boundaries, cues.avails);
          for (const auto& warning : schedule.warnings) log::warn("vmap", "session " + session.id + ": " + warning);
          scheduled = std::move(schedule.breaks);
        }
      }
    } else {
      for (auto& avail : cues.avails) scheduled.push_back({std::move(avail), nullptr});
    }
    for (std::size_t i = 0; i < scheduled.size(); ++i) {
      const auto& avail = scheduled[i].avail;
      if (below_threshold(avail, config)) continue;
      const BreakRequest wanted{avail, static_cast<int>(i + 1), break_position(avail, segment_count), avail.start,
                                scheduled[i].ad_break, false, false};
      auto decision = co_await decision_for(session, config, wanted);
      if (decision.ads.empty()) continue;  // no ads: the content plays through
      auto periods = dash_break_periods(base, session, config, decision, period_at(*mpd, avail.start));
      if (periods.empty()) continue;
      // An inserted break lasts what its periods last; a replaced one, the content it covers.
      const Ticks replaced = avail.first_segment == avail.end_segment ? Ticks{} : avail.content_duration;
      breaks.push_back({avail.id, avail.start, replaced, std::move(periods)});
    }
  }
  const dash::StitchOptions options{config.ad_marker_passthrough, mpd->dynamic() ? live_edge_of(*mpd) : std::nullopt};
  auto stitched = dash::stitch(*mpd, breaks, options);
  if (!stitched) {
    // Breaks the MPD cannot take (outside every period, say): the content plays.
    log::warn("stitch", "session " + session.id + ": " + stitched.error().detail + ": served without ads");
    stitched = dash::stitch(*mpd, {}, options);
  }
  if (!stitched) co_return error_response({Errc::kInternal, "stitch: " + stitched.error().detail});
  Response response;
  response.content_type = std::string(kDashContentType);
  response.body = stitched->write();
  co_return response;
}

}  // namespace ssai
