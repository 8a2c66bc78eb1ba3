// A guided session's asset lists and ad playlists: see asset_lists.hpp.
#include "playback/asset_lists.hpp"

#include <charconv>
#include <cmath>

#include "common/json_io.hpp"
#include "manifests/dash/stitch.hpp"
#include "origin/parsed_mpd.hpp"
#include "pipeline/dash_breaks.hpp"
#include "pipeline/hls_breaks.hpp"
#include "playback/guided_playlists.hpp"
#include "playback/path_parts.hpp"
#include "ssai/log.hpp"
#include "ssai/url.hpp"
#include "vast/macros.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;
using manifests::Ticks;

namespace {

// The longest slate an ad playlist is asked for (?d=): longer than any break.
constexpr std::int64_t kLongestSlateMs = 3600 * 1000;

// Decides only the break the player asked for; the others of the playlist are left
// alone (not asked, not stored) until their own asset lists are asked for. Through the
// pipeline, so that every rule of stitched breaks (threshold, suppression, numbering)
// holds for guided ones alike. Keeps the decision it was given for that break, ads or
// none: a break the ad server left empty is still the session's to fill with slate.
class OneBreak final : public BreakDecider {
 public:
  OneBreak(BreakDecider& inner, std::string avail_id) : inner_(inner), avail_id_(std::move(avail_id)) {}
  // The session's own schedule (VMAP) when its configuration has one, as when stitched.
  asio::awaitable<VodSchedule> vod_schedule(bool configured) override {
    auto schedule = co_await inner_.vod_schedule(configured);
    co_return schedule;
  }
  asio::awaitable<AvailDecision> decide(const BreakRequest& request) override {
    if (request.avail.id != avail_id_) {
      AvailDecision nothing;
      nothing.avail_id = request.avail.id;
      co_return nothing;
    }
    auto decision = co_await inner_.decide(request);
    decided_ = std::make_shared<const AvailDecision>(decision);
    co_return decision;
  }
  /// What the break was given; null when the rules left it to its content unasked.
  [[nodiscard]] std::shared_ptr<const AvailDecision> decided() const { return decided_; }

 private:
  BreakDecider& inner_;
  std::string avail_id_;
  std::shared_ptr<const AvailDecision> decided_;
};

// Why a break's decision leaves it to its content (nullopt: it is for the player to
// fill, with ads or slate). One rule for asset lists and alternative MPDs.
std::optional<Error> content_plays(const AvailDecision* decision, const std::string& avail_id) {
  if (!decision || decision->skip == SkipReason::kSuppressed) {
    return Error{Errc::kNotFound, "break " + avail_id + " is not for ads here: the content plays"};
  }
  if (decision->skip == SkipReason::kStoreUnavailable) {
    return Error{Errc::kUnavailable, "break " + avail_id + " could not be decided (the store is away): the content plays"};
  }
  return std::nullopt;
}

std::string seconds_text(Ticks ticks) { return manifests::format_seconds(ticks); }

// A VOD media playlist of one asset rendition.
std::string asset_media_playlist(const BreakFiller::AssetRendition& rendition) {
  std::int64_t target = 1;
  for (const auto& segment : rendition.segments) {
    target = std::max<std::int64_t>(target, static_cast<std::int64_t>(std::ceil(static_cast<double>(segment.duration.count()) / 90000.0)));
  }
  std::string out = "#EXTM3U\n#EXT-X-VERSION:" + std::string(rendition.map.empty() ? "3" : "6") +
                    "\n#EXT-X-TARGETDURATION:" + std::to_string(target) + "\n#EXT-X-PLAYLIST-TYPE:VOD\n";
  if (!rendition.map.empty()) out += "#EXT-X-MAP:URI=\"" + rendition.map + "\"\n";
  for (const auto& segment : rendition.segments) {
    if (segment.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
    out += "#EXTINF:" + seconds_text(segment.duration) + ",\n" + segment.uri + "\n";
  }
  out += "#EXT-X-ENDLIST\n";
  return out;
}

// Every rendition of an asset, each pointing at its media playlist `{name}/{r}.m3u8`.
std::string asset_multivariant(const std::vector<BreakFiller::AssetRendition>& renditions, const std::string& name,
                               const std::string& query) {
  std::string out = "#EXTM3U\n";
  for (std::size_t r = 0; r < renditions.size(); ++r) {
    const auto& rendition = renditions[r];
    out += "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(std::max(rendition.bandwidth, 1));
    if (rendition.width > 0 && rendition.height > 0) {
      out += ",RESOLUTION=" + std::to_string(rendition.width) + "x" + std::to_string(rendition.height);
    }
    if (!rendition.codecs.empty()) out += ",CODECS=\"" + rendition.codecs + "\"";
    out += "\n" + name + "/" + std::to_string(r) + ".m3u8" + query + "\n";
  }
  return out;
}

Response private_response(Response response) {
  // One viewer's: never kept by a CDN.
  response.headers.emplace_back("Cache-Control", "private, no-store");
  return response;
}

}  // namespace

struct AssetLists::Guided {
  std::shared_ptr<const Session> session;
  ConfigRegistry::Config config;
};

asio::awaitable<Result<AssetLists::Guided>> AssetLists::load(std::string_view session_id) {
  auto loaded = co_await p_.sessions.load(session_id);
  if (!loaded) co_return tl::unexpected(loaded.error());
  if (!(*loaded)->guided) co_return fail(Errc::kNotFound, "session " + std::string(session_id) + " is not guided");
  auto config = co_await p_.configs.find((*loaded)->config);
  if (!config) co_return fail(Errc::kNotFound, "playback configuration '" + (*loaded)->config + "' is gone");
  co_return Guided{std::move(*loaded), std::move(config)};
}

asio::awaitable<Result<AssetLists::Content>> AssetLists::content(const Guided& guided) {
  const Session& session = *guided.session;
  if (session.dash) {
    auto mpd = co_await p_.origin.mpd(session.master_url, *guided.config);
    if (!mpd) co_return tl::unexpected(mpd.error());
    co_return Content{std::move(*mpd), nullptr};
  }
  const auto* main = session.main_variant();
  if (!main) co_return fail(Errc::kNotFound, "the session has no variant");
  auto media = co_await p_.origin.media(main->uri, *guided.config);
  if (!media) co_return tl::unexpected(media.error());
  co_return Content{nullptr, std::move(*media)};
}

asio::awaitable<Result<std::shared_ptr<const AvailDecision>>> AssetLists::decide(const Guided& guided, const std::string& avail_id,
                                                                         const Content* loaded) {
  const Session& session = *guided.session;
  const PlaybackConfiguration& config = *guided.config;
  auto stored = co_await p_.decisions.stored(session.id, avail_id);
  if (!stored) co_return tl::unexpected(stored.error());
  if (*stored) co_return std::move(*stored);
  Content fetched;
  if (!loaded) {
    auto content_now = co_await content(guided);
    if (!content_now) co_return tl::unexpected(content_now.error());
    fetched = std::move(*content_now);
    loaded = &fetched;
  }
  // The timeline the pipeline decides the break on (a live HLS one points into the
  // loaded playlist). A break it does not reach is not the session's to fill.
  BreakTimeline timeline;
  if (loaded->mpd) {
    timeline = dash_timeline(loaded->mpd->mpd, loaded->mpd->cues.avails);
  } else {
    const auto& playlist = loaded->media->playlist;
    timeline = playlist.endlist ? hls_vod_timeline(loaded->media->cues.avails, playlist)
                                : hls_live_timeline(loaded->media->cues.avails, playlist, nullptr, MediaKind::kVariant, nullptr);
  }
  SessionDecider stored_decisions(p_.decisions, session, config);
  OneBreak decider(stored_decisions, avail_id);
  co_await run_break_pipeline(std::move(timeline), session, config, decider, p_.clock.unix_ms());
  co_return decider.decided();
}

asio::awaitable<Response> AssetLists::asset_list(const Request& request, std::string_view rest) {
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || !rest.ends_with(".json")) {
    co_return error_response({Errc::kNotFound, "expected /v1/assets/{session}/{avail}.json"});
  }
  auto avail_id = decode_path_segment(rest.substr(slash + 1, rest.size() - slash - 1 - 5));
  if (!avail_id || avail_id->empty()) co_return error_response({Errc::kBadRequest, "a malformed break id"});
  // A player joining mid-break says where it joins. The list stays the whole break from
  // its start all the same: hls.js and Shaka Player place each asset at the sum of the
  // DURATIONs before it and skip, themselves, those that end before their offset (a
  // list trimmed here would be placed from the break's start and played at the wrong
  // time). Its ads' beacons then fire only for what the player fetches.
  if (auto offset = request.query_param("_HLS_start_offset")) {
    double start_offset = 0;
    auto [ptr, ec] = std::from_chars(offset->data(), offset->data() + offset->size(), start_offset);
    if (offset->empty() || ec != std::errc{} || ptr != offset->data() + offset->size() || !std::isfinite(start_offset) ||
        start_offset < 0) {
      co_return error_response({Errc::kBadRequest, "_HLS_start_offset must be a number of seconds, 0 or more"});
    }
  }
  auto guided = co_await load(rest.substr(0, slash));
  if (!guided) co_return error_response(guided.error());
  const Session& session = *guided->session;
  const PlaybackConfiguration& config = *guided->config;
  if (session.dash) co_return private_response(error_response({Errc::kNotFound, "a DASH session's breaks are alternative MPDs"}));
  co_await p_.sessions.keep_alive(session, p_.lifetime(config));
  auto decided = co_await decide(*guided, *avail_id);
  if (!decided) co_return error_response(decided.error());
  // A break the rules pass (below the threshold, suppressed) plays its content, as in a
  // stitched session. Never an empty list: it would skip the content under the break as
  // well (live: X-RESUME-OFFSET is the break's length); a failed one makes players play
  // the content.
  if (auto why = content_plays(decided->get(), *avail_id)) co_return private_response(error_response(*why));
  const AvailDecision& decision = **decided;
  const std::string base = public_base_for(request, p_.urls);
  const std::string prefix = base + "v1/adplaylist/" + session.id + "/" + vast::percent_encode(*avail_id) + "/";
  struct Asset {
    std::string uri;
    Ticks duration;
  };
  std::vector<Asset> assets;
  Ticks used{};
  for (std::size_t ad = 0; ad < decision.ads.size(); ++ad) {
    // Only what plays: a player must not be sent an ad it cannot fetch.
    if (!p_.fills.ad_ready(decision, ad)) continue;
    assets.push_back({prefix + std::to_string(ad) + ".m3u8", decision.ads[ad].duration});
    used += decision.ads[ad].duration;
  }
  // Slate for what the ready ads leave of the break (all of it when the ad server had
  // none for it).
  const Ticks left = decision.capacity - used;
  if (left > Ticks{3000} && p_.fills.slate_ready(session, config)) {
    assets.push_back({prefix + "slate.m3u8?d=" + std::to_string(left.count() / 90), left});
  }
  if (assets.empty()) {
    co_return private_response(error_response(
        {Errc::kNotFound, "nothing to play in break " + *avail_id + ": no ad or slate is ready, the content plays"}));
  }
  JsonWriter w;
  w.begin_object();
  w.key("ASSETS");
  w.begin_array();
  for (const auto& asset : assets) {
    w.begin_object();
    w.field("URI", asset.uri);
    w.key("DURATION");
    w.raw(seconds_text(asset.duration));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  co_return private_response(json_response(200, w.take()));
}

asio::awaitable<Response> AssetLists::ad_playlist(const Request& request, std::string_view rest) {
  // {session}/{avail}/{ad}.m3u8 or {session}/{avail}/{ad}/{rendition}.m3u8
  if (!rest.ends_with(".m3u8")) co_return error_response({Errc::kNotFound, "no such ad playlist"});
  const auto parts = split_path(rest.substr(0, rest.size() - 5));
  if (parts.size() != 3 && parts.size() != 4) co_return error_response({Errc::kNotFound, "no such ad playlist"});
  auto avail_id = decode_path_segment(parts[1]);
  if (!avail_id || avail_id->empty()) co_return error_response({Errc::kBadRequest, "a malformed break id"});
  const bool slate = parts[2] == "slate";
  const auto ad = parse_index(parts[2]);
  if (!slate && !ad) co_return error_response({Errc::kNotFound, "no such ad playlist"});
  std::optional<std::size_t> rendition;
  if (parts.size() == 4) {
    rendition = parse_index(parts[3]);
    if (!rendition) co_return error_response({Errc::kNotFound, "no such ad playlist"});
  }
  auto guided = co_await load(parts[0]);
  if (!guided) co_return error_response(guided.error());
  const Session& session = *guided->session;
  const PlaybackConfiguration& config = *guided->config;
  const std::string base = public_base_for(request, p_.urls);

  Result<std::vector<BreakFiller::AssetRendition>> renditions = fail(Errc::kNotFound, "");
  std::string query;
  if (slate) {
    std::int64_t ms = 0;
    const auto d = request.query_param("d").value_or("");
    auto [ptr, ec] = std::from_chars(d.data(), d.data() + d.size(), ms);
    if (d.empty() || ec != std::errc{} || ptr != d.data() + d.size() || ms <= 0 || ms > kLongestSlateMs) {
      co_return error_response({Errc::kBadRequest, "a slate playlist needs ?d=<milliseconds>, at most an hour"});
    }
    // Only a break the asset list filled (its stored decision: never an ad request from
    // here), and no longer than the break: the length is the list's, not the player's.
    auto stored = co_await p_.decisions.stored(session.id, *avail_id);
    if (!stored) co_return error_response(stored.error());
    if (!*stored) co_return error_response({Errc::kNotFound, "no decision for break " + *avail_id});
    if (auto why = content_plays(stored->get(), *avail_id)) co_return private_response(error_response(*why));
    if (Ticks{ms * 90} > (*stored)->capacity) {
      co_return error_response({Errc::kBadRequest, "a slate longer than break " + *avail_id});
    }
    query = "?d=" + std::to_string(ms);
    renditions = p_.fills.slate_asset(base, session, config, Ticks{ms * 90});
  } else {
    auto stored = co_await p_.decisions.stored(session.id, *avail_id);
    if (!stored) co_return error_response(stored.error());
    if (!*stored) co_return error_response({Errc::kNotFound, "no decision for break " + *avail_id});
    renditions = p_.fills.ad_asset(base, session, config, **stored, *ad);
  }
  if (!renditions) co_return error_response(renditions.error());
  if (!rendition) co_return private_response(hls_response(asset_multivariant(*renditions, std::string(parts[2]), query)));
  if (*rendition >= renditions->size()) co_return error_response({Errc::kNotFound, "no such rendition"});
  co_return private_response(hls_response(asset_media_playlist((*renditions)[*rendition])));
}

asio::awaitable<Response> AssetLists::alternative_mpd(const Request& request, std::string_view rest) {
  if (!rest.ends_with(".mpd") || rest.find('/') != std::string_view::npos) {
    co_return private_response(error_response({Errc::kNotFound, "expected /v1/altmpd/{avail}.mpd?ssai_session={id}"}));
  }
  auto avail_id = decode_path_segment(rest.substr(0, rest.size() - 4));
  if (!avail_id || avail_id->empty()) co_return private_response(error_response({Errc::kBadRequest, "a malformed break id"}));
  const auto session_id = request.query_param(kSessionVariable);
  if (!session_id || session_id->empty()) {
    co_return private_response(error_response(
        {Errc::kBadRequest, "no ?" + std::string(kSessionVariable) + "=: players add it from their MPD URL (urn:mpeg:dash:urlparam:2025)"}));
  }
  auto guided = co_await load(*session_id);
  if (!guided) co_return private_response(error_response(guided.error()));
  const Session& session = *guided->session;
  const PlaybackConfiguration& config = *guided->config;
  if (!session.dash) co_return private_response(error_response({Errc::kNotFound, "an HLS session's breaks are asset lists"}));
  co_await p_.sessions.keep_alive(session, p_.lifetime(config));
  auto loaded = co_await content(*guided);
  if (!loaded) co_return private_response(error_response(loaded.error()));
  auto decided = co_await decide(*guided, *avail_id, &*loaded);
  if (!decided) co_return private_response(error_response(decided.error()));
  if (auto why = content_plays(decided->get(), *avail_id)) co_return private_response(error_response(*why));
  // Where the break stands: VOD decisions know (a VMAP break is no cue); live ones are
  // the content's cue.
  std::optional<Ticks> at = (*decided)->content_position;
  if (!at) {
    for (const auto& avail : loaded->mpd->cues.avails) {
      if (avail.id == *avail_id) at = avail.start;
    }
  }
  std::vector<manifests::dash::InsertedPeriod> periods;
  if (at) {
    periods = p_.fills.dash_break_periods(public_base_for(request, p_.urls), session, config, **decided,
                                          dash_period_at(loaded->mpd->mpd, *at), false);
  }
  // Nothing ready: a failed alternative MPD leaves the player on its content.
  if (periods.empty()) {
    co_return private_response(error_response(
        {Errc::kNotFound, "nothing to play in break " + *avail_id + ": no ad is ready, the content plays"}));
  }
  auto presentation = manifests::dash::presentation_of(periods);
  if (!presentation) co_return private_response(error_response({Errc::kInternal, presentation.error().detail}));
  Response response;
  response.content_type = std::string(kDashContentType);
  response.body = presentation->write();
  co_return private_response(std::move(response));
}

}  // namespace ssai
