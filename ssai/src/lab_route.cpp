// POST /v1/explain (admin token): the ad-ops lab. A media playlist (given, or a path
// under the configuration's origin), a VAST or VMAP document to answer in the ad
// server's place (or none: the configuration's ad server is asked) and a viewer's
// parameters in; the stitched playlist and the decision trace of every break out, as
// GET /v1/sessions/{id}/explain shows them. Nothing is stored: no session, no decision,
// no beacon, no conditioning job (a media playlist gives no ladder to condition to: a
// creative not conditioned yet shows as creative_not_ready); the ad segments in the
// answer point straight at the CDN.
//   {"config": "demo", "content": "content/360p/index.m3u8" | "manifest": "#EXTM3U...",
//    "vast": "<VAST ...>" | "<vmap:VMAP ...>", "adsParams": {"device": "tv"}}
#include <map>

#include "json_io.hpp"
#include "manifests/hls/cues.hpp"
#include "manifests/hls/live_stitch.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/uris.hpp"
#include "manifests/hls/writer.hpp"
#include "plan_json.hpp"
#include "ssai/break_rules.hpp"
#include "ssai/service.hpp"
#include "ssai/url.hpp"
#include "ssai/vod_breaks.hpp"
#include "vast/vmap.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {

// The server reads no request body over 64 KiB (before any token is checked): a longer
// playlist is given by its path under the origin.
constexpr std::size_t kMaxLabBody = 64 * 1024;

struct LabRequest {
  std::string config;
  std::string content;   ///< a path under the configuration's origin, or
  std::string manifest;  ///< the playlist's text
  std::string ad_document;  ///< VAST or VMAP answering for the ad server; empty: ask it
  Params params;
};

Result<LabRequest> parse_lab_request(const std::string& body) {
  if (body.size() > kMaxLabBody) return fail(Errc::kBadRequest, "body over 64 KiB: give a long playlist by its content path");
  rapidjson::Document doc;
  if (!parse_json(doc, body) || !doc.IsObject()) return fail(Errc::kBadRequest, "the body must be a JSON object");
  LabRequest lab;
  auto text = [&doc](const char* name, std::string& out) -> Result<void> {
    const auto it = doc.FindMember(name);
    if (it == doc.MemberEnd()) return {};
    if (!it->value.IsString()) return fail(Errc::kBadRequest, std::string(name) + " must be a string");
    out.assign(it->value.GetString(), it->value.GetStringLength());
    return {};
  };
  for (auto [name, out] : {std::pair{"config", &lab.config}, std::pair{"content", &lab.content},
                           std::pair{"manifest", &lab.manifest}, std::pair{"vast", &lab.ad_document}}) {
    if (auto read = text(name, *out); !read) return tl::unexpected(read.error());
  }
  if (lab.config.empty()) return fail(Errc::kBadRequest, "config (a playback configuration's name) is required");
  if (lab.content.empty() == lab.manifest.empty()) return fail(Errc::kBadRequest, "give one of content (a path) or manifest (the text)");
  if (const auto ads = doc.FindMember("adsParams"); ads != doc.MemberEnd()) {
    if (!ads->value.IsObject()) return fail(Errc::kBadRequest, "adsParams must be an object of strings");
    for (const auto& member : ads->value.GetObject()) {
      if (!member.value.IsString()) return fail(Errc::kBadRequest, "adsParams." + std::string(member.name.GetString()) + " must be a string");
      lab.params.emplace_back(member.name.GetString(), member.value.GetString());
    }
  }
  return lab;
}

}  // namespace

asio::awaitable<Response> Service::explain_lab(const Request& request) {
  if (auto allowed = authorize_admin(request); !allowed) co_return error_response(allowed.error());
  auto lab = parse_lab_request(request.body);
  if (!lab) co_return error_response(lab.error());
  const auto config = co_await configs_.find(lab->config);
  if (!config) co_return error_response({Errc::kNotFound, "no playback configuration named '" + lab->config + "'"});

  // The playlist, prepared as for a session: URIs absolute, the content CDN prefix on.
  std::shared_ptr<const ParsedMedia> parsed;
  std::vector<std::string> warnings;
  if (!lab->content.empty()) {
    if (!is_safe_content_path(lab->content)) co_return error_response({Errc::kBadRequest, "content must be a relative path without '..'"});
    auto fetched = co_await origin_media(config->content_origin + lab->content, *config);
    if (!fetched) co_return error_response(fetched.error());
    parsed = std::move(*fetched);
  } else {
    if (manifests::hls::is_master(lab->manifest)) co_return error_response({Errc::kBadRequest, "manifest must be a media playlist"});
    auto playlist = manifests::hls::parse_media(lab->manifest);
    if (!playlist) co_return error_response({Errc::kBadRequest, "manifest: " + playlist.error().detail});
    if (auto absolute = manifests::hls::make_uris_absolute(*playlist, config->content_origin); !absolute) {
      co_return error_response({Errc::kBadRequest, "manifest: " + absolute.error().detail});
    }
    auto cues = manifests::hls::find_avails(*playlist);
    parsed = std::make_shared<const ParsedMedia>(ParsedMedia{std::move(*playlist), std::move(cues), next_parse_version()});
  }
  const auto& playlist = parsed->playlist;
  warnings = parsed->cues.warnings;

  // A session that lives for this request only.
  Session session;
  session.id = new_session_id();
  session.config = config->name;
  session.master_url = config->content_origin + lab->content;
  session.player_params = lab->params;
  session.user_agent = request.user_agent;
  session.client_ip = client_address(request, origin_settings_);

  // The breaks: a VMAP's when one is given (or the configuration schedules VOD by VMAP),
  // else the playlist's cues, each answered by the VAST given or by the ad server.
  std::optional<vast::Vmap> vmap;
  std::vector<ScheduledBreak> breaks;
  const bool is_vmap = !lab->ad_document.empty() && vast::parse_vmap(lab->ad_document).has_value();
  std::optional<std::string> vmap_text;
  if (is_vmap) {
    vmap_text = lab->ad_document;
  } else if (lab->ad_document.empty() && config->vod_ad_schedule == VodAdSchedule::kVmap && playlist.endlist) {
    if (auto asked = co_await lab_decider_.request_vmap(session, *config)) {
      vmap_text = std::move(*asked);
    } else {
      warnings.push_back("vmap: " + asked.error().detail);
    }
  }
  if (vmap_text) {
    vmap = vast::parse_vmap(*vmap_text).value();
    auto schedule = place_vmap_breaks(*vmap, playlist, parsed->cues.avails);
    warnings.insert(warnings.end(), schedule.warnings.begin(), schedule.warnings.end());
    breaks = std::move(schedule.breaks);
  } else {
    for (const auto& avail : parsed->cues.avails) breaks.push_back({avail, nullptr});
  }
  vast::AdBreak given;  // the VAST document given, answering for the ad server
  if (!lab->ad_document.empty() && !is_vmap) given.ad_source = vast::AdSource{{}, true, {}, lab->ad_document, {}, {}, {}};

  const std::string base = public_base(request);
  std::vector<manifests::hls::BreakFill> fills;
  std::vector<manifests::hls::LiveBreak> live_breaks;
  JsonWriter trace;
  std::map<std::string, int> skips;
  trace.begin_array();
  for (std::size_t i = 0; i < breaks.size(); ++i) {
    const auto& avail = breaks[i].avail;
    if (!playlist.endlist && avail.first_segment == avail.end_segment) continue;  // live timelines cannot grow
    if (below_threshold(avail, *config)) {
      warnings.push_back("avail " + avail.id + ": shorter than the personalization threshold, left as it is");
      continue;
    }
    const vast::AdBreak* source = breaks[i].ad_break ? breaks[i].ad_break : given.ad_source ? &given : nullptr;
    const BreakRequest wanted{avail, static_cast<int>(i + 1), break_position(avail, playlist.segments.size()),
                              playlist.endlist ? std::optional(avail.start) : std::nullopt, source, !playlist.endlist, false};
    auto outcome = co_await lab_decider_.decide(session, *config, wanted);
    const auto& decision = outcome.decision;
    write_decision_trace(trace, decision, skips);
    if (decision.ads.empty()) continue;
    auto filled = fill_break(base, session, *config, avail, decision, {}, {MediaKind::kVariant, nullptr, /*lab=*/true});
    if (playlist.endlist) {
      fills.push_back(std::move(filled.fill));
    } else {
      live_breaks.push_back({avail.id, avail.first_segment, avail.end_segment, avail.elapsed_before, !avail.open_at_end,
                             avail.ended_early, std::move(filled.fill.segments), std::move(filled.pin)});
    }
  }
  trace.end_array();

  const manifests::hls::StitchOptions options{config->ad_marker_passthrough};
  std::string stitched_text;
  if (playlist.endlist) {
    auto stitched = manifests::hls::stitch(playlist, fills, options);
    if (!stitched) co_return error_response({Errc::kInternal, "stitch: " + stitched.error().detail});
    stitched_text = manifests::hls::write(*stitched);
  } else {
    auto stitched = manifests::hls::stitch_live(playlist, live_breaks, std::nullopt, options);
    if (!stitched) co_return error_response({Errc::kInternal, "live stitch: " + stitched.error().detail});
    stitched_text = manifests::hls::write(stitched->playlist);
  }

  JsonWriter w;
  w.begin_object();
  w.field("configuration", config->name);
  w.field("live", !playlist.endlist);
  w.field("ad_source", is_vmap ? "the VMAP given" : !lab->ad_document.empty() ? "the VAST given" : "the configured ad server");
  w.key("avails");
  w.raw(trace.take());
  write_skip_counts(w, skips);
  w.key("warnings");
  w.begin_array();
  for (const auto& warning : warnings) w.value(warning);
  w.end_array();
  w.field("manifest", stitched_text);
  w.end_object();
  co_return json_response(200, w.take());
}

}  // namespace ssai
