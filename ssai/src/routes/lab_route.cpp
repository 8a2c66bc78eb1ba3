// POST /v1/explain (admin token): the ad-ops lab. A media playlist or an MPD (given, or a
// path under the configuration's origin), a VAST or VMAP document to answer in the ad
// server's place (or none: the configuration's ad server is asked) and a viewer's
// parameters in; the stitched playlist and the decision trace of every break out, as
// GET /v1/sessions/{id}/explain shows them. Nothing is stored: no session, no decision,
// no beacon, no conditioning job (a media playlist gives no ladder to condition to: a
// creative not conditioned yet shows as creative_not_ready); the ad segments in the
// answer point straight at the CDN, and an MPD has no Location to reload from. Beyond
// that, the answer is what a player of the same session would be served: the same
// pipeline and fills, only the decider is the lab's (lab_equals_player_test.cpp).
//   {"config": "demo", "content": "content/360p/index.m3u8" | "manifest": "#EXTM3U..." | "<MPD ...",
//    "vast": "<VAST ...>" | "<vmap:VMAP ...>", "adsParams": {"device": "tv"}}
#include "routes/explain_lab.hpp"

#include <map>

#include "common/json_io.hpp"
#include "origin/parsed_mpd.hpp"
#include "manifests/dash/mpd.hpp"
#include "manifests/hls/cues.hpp"
#include "manifests/hls/live_stitch.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/uris.hpp"
#include "manifests/hls/writer.hpp"
#include "decisions/plan_json.hpp"
#include "pipeline/hls_breaks.hpp"
#include "ssai/beacon_queue.hpp"
#include "ssai/live_preroll.hpp"
#include "ssai/url.hpp"
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

// An MPD, not a playlist: XML.
bool looks_like_mpd(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string_view::npos && text[first] == '<';
}

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

// The lab's answers: the document given (a VAST for every break, or a VMAP that
// schedules VOD), else the configured ad server, asked for this request only; every
// decision traced as GET /v1/sessions/{id}/explain shows it.
class LabDecider final : public BreakDecider {
 public:
  LabDecider(AdDecider& decider, const Session& session, const PlaybackConfiguration& config, const LabRequest& lab,
             bool is_vmap, std::vector<std::string>& warnings)
      : decider_(decider), session_(session), config_(config), lab_(lab), is_vmap_(is_vmap), warnings_(warnings) {
    if (!lab.ad_document.empty() && !is_vmap) given_.ad_source = vast::AdSource{{}, true, {}, lab.ad_document, {}, {}, {}};
    trace_.begin_array();
  }

  asio::awaitable<VodSchedule> vod_schedule(bool configured) override {
    if (is_vmap_) co_return VodSchedule{true, lab_.ad_document};
    if (!lab_.ad_document.empty() || !configured) co_return VodSchedule{};
    auto asked = co_await decider_.request_vmap(session_, config_);
    if (!asked) {
      warnings_.push_back("vmap: " + asked.error().detail);
      co_return VodSchedule{true, std::nullopt};
    }
    co_return VodSchedule{true, std::move(*asked)};
  }

  asio::awaitable<AvailDecision> decide(const BreakRequest& request) override {
    BreakRequest asked = request;
    if (!asked.vmap_break && given_.ad_source) asked.vmap_break = &given_;
    auto outcome = co_await decider_.decide(session_, config_, asked);
    write_decision_trace(trace_, outcome.decision, skips_);
    co_return std::move(outcome.decision);
  }

  /// The trace as a JSON array, and the skips counted by reason.
  [[nodiscard]] std::string take_trace() {
    trace_.end_array();
    return trace_.take();
  }
  [[nodiscard]] const std::map<std::string, int>& skips() const { return skips_; }

 private:
  AdDecider& decider_;
  const Session& session_;
  const PlaybackConfiguration& config_;
  const LabRequest& lab_;
  const bool is_vmap_;
  std::vector<std::string>& warnings_;
  vast::AdBreak given_;  // the VAST document given, answering for the ad server
  JsonWriter trace_;
  std::map<std::string, int> skips_;
};

}  // namespace

asio::awaitable<Response> ExplainLab::answer(const Request& request) {
  if (auto allowed = p_.access.admin(request); !allowed) co_return error_response(allowed.error());
  auto lab = parse_lab_request(request.body);
  if (!lab) co_return error_response(lab.error());
  const auto config = co_await p_.configs.find(lab->config);
  if (!config) co_return error_response({Errc::kNotFound, "no playback configuration named '" + lab->config + "'"});
  if (!lab->content.empty() && !is_safe_content_path(lab->content)) {
    co_return error_response({Errc::kBadRequest, "content must be a relative path without '..'"});
  }
  const std::string content_url = config->content_origin + lab->content;
  const bool dash = lab->content.empty() ? looks_like_mpd(lab->manifest) : lab->content.ends_with(".mpd");

  // A session that lives for this request only.
  Session session;
  session.id = new_session_id();
  session.config = config->name;
  session.master_url = content_url;
  session.dash = dash;
  session.player_params = lab->params;
  session.user_agent = request.user_agent;
  session.client_ip = client_address(request, p_.urls);
  std::vector<std::string> warnings;
  const bool is_vmap = !lab->ad_document.empty() && vast::parse_vmap(lab->ad_document).has_value();
  LabDecider decider(p_.decider, session, *config, *lab, is_vmap, warnings);
  const std::string base = public_base_for(request, p_.urls);

  // The breaks, through players' pipeline and fills: only the decider is the lab's, and
  // ad segments point straight at the CDN.
  // The manifest's text: the origin's (through its cache), or the one given.
  std::string text = lab->manifest;
  if (!lab->content.empty()) {
    auto body = co_await p_.origin.fetch(content_url, *config);
    if (!body) co_return error_response(body.error());
    text = **body;
  }
  // What is wrong with a manifest given is the caller's; with the origin's, the origin's.
  const Errc unusable = lab->content.empty() ? Errc::kBadRequest : Errc::kOriginFailed;
  bool live = false;
  std::string stitched_text;
  PipelineResult planned;
  if (dash) {
    auto origin = prepare_origin_mpd(text, content_url, *config);
    if (!origin) co_return error_response({unusable, "manifest: " + origin.error().detail});
    warnings.insert(warnings.end(), origin->cues.warnings.begin(), origin->cues.warnings.end());
    live = origin->mpd.dynamic();
    if (is_vmap && live) warnings.push_back("a VMAP schedules VOD only: this live MPD's breaks are its cues");
    const SessionMpds::Context context{base, session, *config, "", /*lab=*/true};
    auto stitched = co_await p_.mpds.stitch(*origin, context, decider);
    if (!stitched) co_return error_response(stitched.error());
    planned = std::move(stitched->planned);
    stitched_text = std::move(stitched->text);
  } else {
    if (manifests::hls::is_master(text)) co_return error_response({Errc::kBadRequest, "manifest must be a media playlist"});
    // The playlist, prepared as for a session: URIs absolute, the content CDN prefix on.
    auto parsed = prepare_origin_media(text, content_url, *config);
    if (!parsed) co_return error_response({unusable, "manifest: " + parsed.error().detail});
    const auto& playlist = parsed->playlist;
    warnings.insert(warnings.end(), parsed->cues.warnings.begin(), parsed->cues.warnings.end());
    live = !playlist.endlist;
    if (is_vmap && live) warnings.push_back("a VMAP schedules VOD only: this live playlist's breaks are its cues");
    // The live pre-roll goes where a player joining now would start.
    if (live && !config->live_preroll_ads.empty()) session.preroll_msn = live_join_msn(playlist);
    // Named, not a ?: inside the co_await: GCC 12 destroys such a temporary twice.
    BreakTimeline timeline = live ? hls_live_timeline(parsed->cues.avails, playlist, nullptr, MediaKind::kVariant, nullptr)
                                  : hls_vod_timeline(parsed->cues.avails, playlist);
    planned = co_await run_break_pipeline(std::move(timeline), session, *config, decider, p_.clock.unix_ms());
    const BreakFiller::HlsFillContext context{base, session, *config, {}, MediaKind::kVariant, /*lab=*/true};
    const manifests::hls::StitchOptions options{config->ad_marker_passthrough};
    if (!live) {
      auto stitched = manifests::hls::stitch(playlist, p_.fills.vod_fills(context, planned, playlist, playlist), options);
      if (!stitched) co_return error_response({Errc::kInternal, "stitch: " + stitched.error().detail});
      stitched_text = manifests::hls::write(*stitched);
    } else {
      auto stitched = manifests::hls::stitch_live(playlist, p_.fills.live_breaks(context, planned, playlist, nullptr), std::nullopt, options);
      if (!stitched) co_return error_response({Errc::kInternal, "live stitch: " + stitched.error().detail});
      stitched_text = manifests::hls::write(stitched->playlist);
    }
  }
  warnings.insert(warnings.end(), planned.warnings.begin(), planned.warnings.end());
  for (const auto& passed : planned.passed) warnings.push_back("avail " + passed.avail_id + ": " + passed.reason);

  JsonWriter w;
  w.begin_object();
  w.field("configuration", config->name);
  w.field("protocol", dash ? "dash" : "hls");
  w.field("live", live);
  w.field("ad_source", is_vmap ? "the VMAP given" : !lab->ad_document.empty() ? "the VAST given" : "the configured ad server");
  w.key("avails");
  w.raw(decider.take_trace());
  write_skip_counts(w, decider.skips());
  w.key("warnings");
  w.begin_array();
  for (const auto& warning : warnings) w.value(warning);
  w.end_array();
  w.field("manifest", stitched_text);
  w.end_object();
  co_return json_response(200, w.take());
}

}  // namespace ssai
