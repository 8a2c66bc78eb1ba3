// Sessions and their master playlists (or MPDs): see session_starts.hpp. Variants in
// the master point back at us, one URL per variant of the session.
#include "playback/session_starts.hpp"

#include <algorithm>
#include <charconv>

#include <boost/asio/this_coro.hpp>

#include "adcache/creative_key.hpp"
#include "adcache/ladder_spec.hpp"
#include "common/json_io.hpp"
#include "manifests/dash/mpd.hpp"
#include "manifests/hls/attributes.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/uris.hpp"
#include "manifests/hls/writer.hpp"
#include "ssai/log.hpp"
#include "playback/content_fallback.hpp"
#include "playback/guided_playlists.hpp"
#include "playback/insertion_choice.hpp"
#include "ssai/body_limits.hpp"
#include "ssai/session.hpp"
#include "ssai/url.hpp"
#include "store/store_keys.hpp"
#include "vast/macros.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {


// The origin master, parsed, every URI absolute.
Result<manifests::hls::MasterPlaylist> parse_origin_master(std::string body, const std::string& url) {
  if (!manifests::hls::is_master(body)) {
    return fail(Errc::kBadRequest, "content path names a media playlist; ask for its master playlist");
  }
  auto master = manifests::hls::parse_master(std::move(body));
  if (!master) return fail(Errc::kOriginFailed, "origin master playlist: " + master.error().detail);
  if (auto absolute = manifests::hls::make_uris_absolute(*master, url); !absolute) {
    return fail(Errc::kOriginFailed, "origin master playlist: " + absolute.error().detail);
  }
  return std::move(*master);
}

// A media playlist the master lists: a variant, an alternate audio or subtitles
// rendition (EXT-X-MEDIA with a URI; closed captions have none, being in the video), or
// a variant's I-frame playlist.
struct ListedMedia {
  MediaKind kind = MediaKind::kVariant;
  std::string uri;
  manifests::hls::AttributeList attributes;
};

Result<std::optional<ListedMedia>> listed_media(const manifests::hls::MasterEntry& entry) {
  const bool variant = !entry.uri.empty();
  const bool iframes = entry.tag.name == manifests::hls::kIFrameStreamInf;
  if (!variant && !iframes && entry.tag.name != manifests::hls::kMedia) return std::nullopt;
  auto attributes = manifests::hls::AttributeList::parse(entry.tag.value.value_or(""));
  if (!attributes) return fail(Errc::kOriginFailed, "origin master has a bad entry: " + std::string(entry.tag.name));
  if (variant) return ListedMedia{MediaKind::kVariant, std::string(entry.uri), std::move(*attributes)};
  if (iframes) {
    auto uri = attributes->text("URI");
    if (!uri) return fail(Errc::kOriginFailed, "origin master has an EXT-X-I-FRAME-STREAM-INF without a URI");
    return ListedMedia{MediaKind::kIFrames, std::move(*uri), std::move(*attributes)};
  }
  const auto type = attributes->text("TYPE").value_or("");
  auto uri = attributes->text("URI");
  if (!uri || (type != "AUDIO" && type != "SUBTITLES")) return std::nullopt;
  return ListedMedia{type == "AUDIO" ? MediaKind::kAudio : MediaKind::kSubtitles, std::move(*uri), std::move(*attributes)};
}

// A guided session's master defines its id for the shared media playlists to import
// (EXT-X-DEFINE, variable substitution: EXT-X-VERSION 8 at least).
void define_session_variable(manifests::hls::MasterPlaylist& master, const std::string& session_id) {
  namespace hls = manifests::hls;
  bool versioned = false;
  for (auto& entry : master.entries) {
    if (entry.tag.name != hls::kVersion) continue;
    versioned = true;
    int version = 0;
    const auto text = entry.tag.value.value_or("");
    std::from_chars(text.data(), text.data() + text.size(), version);
    if (version < 8) entry.tag.value = "8";
  }
  if (!versioned) master.entries.insert(master.entries.begin(), hls::MasterEntry{hls::Tag{hls::kVersion, "8"}, {}});
  // Defined before any tag that could refer to it: first, after EXT-X-VERSION if that leads.
  const hls::Tag define{hls::kDefine, master.text.own("NAME=\"" + std::string(kSessionVariable) + "\",VALUE=\"" + session_id + "\"")};
  const bool after_version = master.entries.front().tag.name == hls::kVersion;
  master.entries.insert(master.entries.begin() + (after_version ? 1 : 0), hls::MasterEntry{define, {}});
}

Result<std::vector<SessionVariant>> variants_of(const manifests::hls::MasterPlaylist& master) {
  std::vector<SessionVariant> variants;
  for (const auto& entry : master.entries) {
    auto media = listed_media(entry);
    if (!media) return tl::unexpected(media.error());
    if (!*media) continue;
    const auto resolution = (*media)->attributes.resolution().value_or(manifests::hls::Resolution{});
    variants.push_back({(*media)->uri, static_cast<int>((*media)->attributes.integer("BANDWIDTH").value_or(0)),
                        resolution.width, resolution.height, (*media)->kind});
  }
  if (std::none_of(variants.begin(), variants.end(), [](const auto& v) { return v.kind == MediaKind::kVariant; })) {
    return fail(Errc::kOriginFailed, "origin master lists no variants");
  }
  return variants;
}

}  // namespace

asio::awaitable<Result<SessionStarts::Target>> SessionStarts::target(std::string_view rest) {
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) co_return fail(Errc::kNotFound, "expected {config}/{content path}.m3u8");
  const std::string config_name(rest.substr(0, slash));
  const std::string content_path(rest.substr(slash + 1));
  auto config = co_await p_.configs.find(config_name);
  if (!config) co_return fail(Errc::kNotFound, "no playback configuration named '" + config_name + "'");
  if (!is_safe_content_path(content_path) || !(content_path.ends_with(".m3u8") || content_path.ends_with(".mpd"))) {
    co_return fail(Errc::kBadRequest, "content path must be a relative .m3u8 or .mpd path without '..'");
  }
  co_return Target{std::move(config), content_path};
}

asio::awaitable<Result<Session>> SessionStarts::create(const Target& target, const Request& request, Params player_params,
                                                       std::optional<std::string> requested_mode) {
  const auto& limits = p_.limits;
  const std::string client = client_address(request, p_.urls);
  if (!creations_.take(client, p_.clock.steady())) {
    co_return fail(Errc::kTooManyRequests, "too many new sessions from " + client + ": at most " +
                                               std::to_string(limits.create_per_second) + " a second");
  }
  if (!started_.admit(target.config->name, target.config->max_sessions, p_.lifetime(*target.config), p_.clock.steady())) {
    co_return fail(Errc::kUnavailable, "playback configuration '" + target.config->name + "' has its most sessions (" +
                                           std::to_string(target.config->max_sessions) + ") on this node");
  }
  std::size_t param_bytes = 0;
  for (const auto& [key, value] : player_params) param_bytes += key.size() + value.size();
  if (player_params.size() > limits.max_params || param_bytes > limits.max_params_bytes) {
    co_return fail(Errc::kTooLarge, "player parameters over the limit of " + std::to_string(limits.max_params) +
                                        " parameters and " + std::to_string(limits.max_params_bytes) + " bytes");
  }
  Session session;
  session.id = new_session_id();
  session.started_ms = p_.clock.unix_ms();
  session.config = target.config->name;
  session.master_url = target.config->content_origin + target.content_path;
  session.player_params = std::move(player_params);
  session.user_agent = request.user_agent;
  session.client_ip = client;
  session.dash = target.content_path.ends_with(".mpd");
  auto guided = choose_guided(*target.config, requested_mode, request.user_agent);
  if (!guided) co_return tl::unexpected(guided.error());
  session.guided = *guided;
  auto body = co_await p_.origin.fetch(session.master_url, *target.config);
  if (!body) co_return tl::unexpected(body.error());
  if (session.dash) {
    // Checked now, so that a session never names content it cannot serve.
    if (auto mpd = manifests::dash::Mpd::parse(**body); !mpd) {
      co_return fail(Errc::kOriginFailed, "origin MPD: " + mpd.error().detail);
    }
  } else {
    auto master = parse_origin_master(**body, session.master_url);
    if (!master) co_return tl::unexpected(master.error());
    auto variants = variants_of(*master);
    if (!variants) co_return tl::unexpected(variants.error());
    session.variants = std::move(*variants);
  }
  if (const auto& profile = target.config->transcode_profile; profile && !session.dash) {
    session.ladder = adcache::ladder_fingerprint(*profile);
  } else {
    session.ladder = co_await content_ladder(session, **body, *target.config);
  }
  // A live pre-roll is decided for where the session joined (a guided one's too: its
  // asset list goes through the same pipeline).
  if (!target.config->live_preroll_ads.empty() && !session.dash) session.preroll_msn = co_await live_join(session, *target.config);
  co_await p_.slates.session_started(session, *target.config);
  auto stored_form = to_json(session);
  if (stored_form.size() > limits.max_stored_bytes) {
    co_return fail(Errc::kOriginFailed, "the content's master playlist makes a session of " + std::to_string(stored_form.size()) +
                                            " bytes, over the limit of " + std::to_string(limits.max_stored_bytes));
  }
  if (auto stored = co_await p_.sessions.save(session, std::move(stored_form), p_.lifetime(*target.config)); !stored) {
    co_return tl::unexpected(stored.error());
  }
  p_.metrics.add("ssai_sessions_started_total", {{"mode", session.guided ? "guided" : "stitched"}});
  log::info("session", "new session " + session.id + " on " + session.config + " for " + session.master_url);
  co_return session;
}

asio::awaitable<std::optional<std::int64_t>> SessionStarts::live_join(const Session& session, const PlaybackConfiguration& config) {
  const auto* main = session.main_variant();
  if (!main) co_return std::nullopt;
  auto media = co_await p_.origin.media(main->uri, config);
  if (!media) {
    log::warn("session", "session " + session.id + ": no live pre-roll, the media playlist is unread: " + media.error().detail);
    co_return std::nullopt;
  }
  const auto& playlist = (*media)->playlist;
  // VOD places its pre-roll by its cues (or VMAP); the live pre-roll is for live content.
  if (playlist.endlist || playlist.playlist_type == "VOD") co_return std::nullopt;
  co_return live_join_msn(playlist);
}

asio::awaitable<std::string> SessionStarts::content_ladder(const Session& session, const std::string& master_text,
                                                   const PlaybackConfiguration& config) {
  // As the conditioning worker reads it (read_ladder): the MPD, or the master with its
  // first variant's playlist (fetched now anyway: the player asks for it next).
  adcache::Result<adcache::LadderSpec> ladder = tl::unexpected(adcache::Error{adcache::Errc::kBadRendition, ""});
  if (session.dash) {
    ladder = adcache::ladder_from_mpd(master_text);
  } else if (const auto* main = session.main_variant()) {
    auto media = co_await p_.origin.fetch(main->uri, config);
    if (media) {
      ladder = adcache::ladder_from_playlists(master_text, **media);
    } else {
      ladder = tl::unexpected(adcache::Error{adcache::Errc::kBadRendition, media.error().detail});
    }
  }
  if (!ladder) {
    log::warn("session", "session " + session.id + ": content ladder unread (" + ladder.error().detail +
                             "); it plays ads already conditioned, and queues no conditioning");
    co_return std::string{};
  }
  co_return adcache::ladder_fingerprint(*ladder);
}

asio::awaitable<Response> SessionStarts::master(const Request& request, const Session& session,
                                               const PlaybackConfiguration& config) {
  auto body = co_await p_.origin.fetch(session.master_url, config);
  if (!body) co_return error_response(body.error());
  auto master = parse_origin_master(**body, session.master_url);
  if (!master) co_return error_response(master.error());
  const std::string base = public_base_for(request, p_.urls);
  std::size_t index = 0;
  for (auto& entry : master->entries) {
    auto media = listed_media(entry);
    if (!media) co_return error_response(media.error());
    if (!*media) continue;
    // The session's playlists were read from this master when it began; one that changed
    // shape since cannot be served consistently.
    if (index >= session.variants.size() || session.variants[index].uri != (*media)->uri) {
      co_return error_response({Errc::kOriginFailed, "the origin master changed its variants during the session"});
    }
    std::string uri = base + "v1/manifest/" + session.id + "/" + std::to_string(index) + ".m3u8";
    const std::string_view variant_url = session.variants[index].uri;
    if (session.guided && variant_url.starts_with(config.content_origin)) {
      // The content playlist every session of the configuration shares.
      uri = base + guided_playlist_path(config.name, variant_url.substr(config.content_origin.size()));
    } else if (variant_url.starts_with(config.content_origin)) {
      // Where the content is, should the store be unreachable when the player comes
      // back: it then gets the content without ads rather than an error.
      const auto path = variant_url.substr(config.content_origin.size());
      uri += "?c=" + vast::percent_encode(config.name) + "&p=" + vast::percent_encode(path) +
             "&s=" + p_.signer.sign(fallback_message(session.id, config.name, path));
    }
    if ((*media)->kind == MediaKind::kVariant) {
      entry.uri = master->text.own(uri);
    } else {
      (*media)->attributes.set_quoted("URI", uri);
      entry.tag.value = master->text.own((*media)->attributes.to_string());
    }
    ++index;
  }
  if (session.guided) define_session_variable(*master, session.id);
  co_return hls_response(manifests::hls::write(*master));
}

asio::awaitable<Response> SessionStarts::start(const Request& request, std::string_view rest, bool dash) {
  auto target = co_await this->target(rest);
  if (!target) co_return error_response(target.error());
  if (target->content_path.ends_with(".mpd") != dash) {
    co_return error_response({Errc::kBadRequest, dash ? "HLS content starts at /v1/master/" : "DASH content starts at /v1/dash/"});
  }
  std::optional<std::string> requested;
  if (auto mode = request.query_param(kInsertionModeParam)) requested = std::string(*mode);
  auto session = co_await create(*target, request, request.query, std::move(requested));
  if (!session) co_return error_response(session.error());
  if (dash) co_return co_await mpd(request, *session, *target->config);
  co_return co_await master(request, *session, *target->config);
}

// A stitched session's MPD; a guided session's player is sent to the shared MPD, whose
// URL's query names the session (it reloads that URL, not this one).
asio::awaitable<Response> SessionStarts::mpd(const Request& request, const Session& session, const PlaybackConfiguration& config) {
  if (!session.guided) co_return co_await p_.mpds.answer(request, session, config);
  const auto url = guided_mpd_url(public_base_for(request, p_.urls), session, config);
  if (url.empty()) co_return error_response({Errc::kNotFound, "the session's content is no longer under its configuration"});
  auto response = redirect_response(url);
  response.headers.emplace_back("Cache-Control", "private, no-store");
  co_return response;
}

asio::awaitable<Response> SessionStarts::post(const Request& request, std::string_view rest) {
  auto target = co_await this->target(rest);
  if (!target) co_return error_response(target.error());
  if (const auto limit = request_body_limit(request.method, request.path); request.body.size() > limit) {
    co_return error_response({Errc::kTooLarge, "session body over " + std::to_string(limit) + " bytes"});
  }
  Params params;
  std::optional<std::string> requested;
  if (!request.body.empty()) {
    rapidjson::Document body;
    if (!parse_json(body, request.body) || !body.IsObject()) co_return error_response({Errc::kBadRequest, "the body must be a JSON object"});
    if (const auto mode = body.FindMember("insertionMode"); mode != body.MemberEnd()) {
      if (!mode->value.IsString()) co_return error_response({Errc::kBadRequest, "insertionMode must be GUIDED or STITCHED"});
      requested = mode->value.GetString();
    }
    if (const auto ads = body.FindMember("adsParams"); ads != body.MemberEnd()) {
      if (!ads->value.IsObject()) co_return error_response({Errc::kBadRequest, "adsParams must be an object of strings"});
      for (const auto& member : ads->value.GetObject()) {
        if (!member.value.IsString()) {
          co_return error_response({Errc::kBadRequest, "adsParams." + std::string(member.name.GetString()) + " must be a string"});
        }
        params.emplace_back(member.name.GetString(), member.value.GetString());
      }
    }
  }
  auto session = co_await create(*target, request, std::move(params), std::move(requested));
  if (!session) co_return error_response(session.error());
  JsonWriter w;
  w.begin_object();
  w.field("sessionId", session->id);
  const std::string base = public_base_for(request, p_.urls);
  // A guided DASH session's MPD is the shared one (its URL names the session).
  const std::string guided_mpd = session->dash && session->guided ? guided_mpd_url(base, *session, *target->config) : "";
  w.field("manifestUrl", !guided_mpd.empty() ? guided_mpd
                                             : base + "v1/sessions/" + session->id + (session->dash ? "/manifest.mpd" : "/master.m3u8"));
  w.field("trackingUrl", base + "v1/tracking/" + session->id);
  w.field("insertionMode", session->guided ? "GUIDED" : "STITCHED");
  w.end_object();
  co_return json_response(200, w.take());
}

asio::awaitable<Response> SessionStarts::existing(const Request& request, std::string_view id, bool dash) {
  auto loaded = co_await p_.sessions.load(id);
  if (!loaded) co_return error_response(loaded.error());
  const Session& session = **loaded;
  if (session.dash != dash) {
    co_return error_response({Errc::kNotFound, session.dash ? "a DASH session has an MPD: /v1/sessions/{id}/manifest.mpd"
                                                             : "an HLS session has a master playlist: /v1/sessions/{id}/master.m3u8"});
  }
  const auto config = co_await p_.configs.find(session.config);
  if (!config) co_return error_response({Errc::kNotFound, "playback configuration '" + session.config + "' is gone"});
  if (!dash) co_return co_await master(request, session, *config);
  // The MPD is all a DASH player reloads: it keeps the session alive.
  co_await p_.sessions.keep_alive(session, p_.lifetime(*config));
  co_return co_await mpd(request, session, *config);
}

}  // namespace ssai
