#include "ssai/ad_decider.hpp"

#include <algorithm>
#include <charconv>
#include <random>

#include <rapidjson/document.h>

#include "adcache/creative_key.hpp"
#include "ssai/log.hpp"
#include "ssai/url.hpp"
#include "ssai/break_plan.hpp"
#include "ssai/macro_values.hpp"
#include "ssai/vast_client.hpp"
#include "vast/macros.hpp"
#include "vast/parser.hpp"

namespace ssai {
namespace {

// The first segmentation descriptor of the avail's cue, if it has one.
const manifests::scte35::SegmentationDescriptor* segmentation(const manifests::Avail& avail) {
  if (!avail.scte35) return nullptr;
  for (const auto& d : avail.scte35->descriptors) {
    if (const auto* seg = std::get_if<manifests::scte35::SegmentationDescriptor>(&d)) return seg;
  }
  return nullptr;
}

// UPIDs are text for most types (Ad-ID, URI, ADI...); others go as hex.
std::string upid_text(const manifests::scte35::Upid& upid) {
  const bool printable = std::all_of(upid.bytes.begin(), upid.bytes.end(), [](std::uint8_t b) { return b >= 0x20 && b < 0x7F; });
  if (printable) return std::string(upid.bytes.begin(), upid.bytes.end());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (auto b : upid.bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

// An MPU UPID (type 0x0C) is a 4-byte format_identifier and the owner's private data.
// Ad servers put JSON ({"assetId": ..., "cueData": {...}}) or colon-separated tokens
// there: [scte.segmentation_upid.private_data.N] is the N-th token (from 0),
// [scte.segmentation_upid.a.b] the JSON member a.b.
std::string mpu_value(const manifests::scte35::Upid& upid, std::string_view key) {
  constexpr std::uint8_t kMpu = 0x0C;
  if (upid.segmentation_upid_type != kMpu || upid.bytes.size() <= 4) return {};
  const std::string data(upid.bytes.begin() + 4, upid.bytes.end());
  static constexpr std::string_view kToken = "private_data.";
  if (key.starts_with(kToken)) {
    std::size_t wanted = 0;
    const auto digits = key.substr(kToken.size());
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), wanted);
    if (ec != std::errc{} || end != digits.data() + digits.size()) return {};
    std::size_t index = 0;
    for (std::size_t start = 0; start <= data.size();) {
      const auto colon = std::min(data.find(':', start), data.size());
      if (colon > start && index++ == wanted) return data.substr(start, colon - start);
      start = colon + 1;
    }
    return {};
  }
  rapidjson::Document json;
  json.Parse(data.c_str(), data.size());
  const rapidjson::Value* at = json.HasParseError() ? nullptr : &json;
  for (std::size_t start = 0; at && start <= key.size();) {
    const auto dot = std::min(key.find('.', start), key.size());
    const std::string member(key.substr(start, dot - start));
    const auto it = at->IsObject() ? at->FindMember(member.c_str()) : at->MemberEnd();
    at = at->IsObject() && it != at->MemberEnd() ? &it->value : nullptr;
    start = dot + 1;
  }
  if (!at) return {};
  if (at->IsString()) return {at->GetString(), at->GetStringLength()};
  if (at->IsBool()) return at->GetBool() ? "true" : "false";
  if (at->IsInt64()) return std::to_string(at->GetInt64());
  if (at->IsNumber()) return std::to_string(at->GetDouble());
  return {};
}

std::string macro_value(std::string_view name, const Session& session, const manifests::Avail& avail, int avail_num) {
  if (name == "session.id") return session.id;
  if (name == "session.avail_duration_secs") return std::to_string(manifests::round_to_seconds(avail.duration));
  if (name == "session.avail_duration_ms") return std::to_string(avail.duration.count() / 90);
  if (name == "session.avail_num" || name == "session.avail_index" || name == "avail.index") return std::to_string(avail_num);
  if (name == "avail.random") {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    return std::to_string(random() % 10'000'000'000ULL);
  }
  if (name == "scte.segmentation_type_id") {
    if (const auto* seg = segmentation(avail)) return std::to_string(seg->segmentation_type_id);
  }
  if (name == "scte.segmentation_upid") {
    if (const auto* seg = segmentation(avail)) return upid_text(seg->segmentation_upid);
  }
  static constexpr std::string_view kUpidKey = "scte.segmentation_upid.";
  if (name.starts_with(kUpidKey)) {
    if (const auto* seg = segmentation(avail)) return mpu_value(seg->segmentation_upid, name.substr(kUpidKey.size()));
  }
  if (name.starts_with("asset.")) {
    for (const auto& [key, value] : avail.asset) {
      if (key == name.substr(6)) return value;
    }
  }
  if (name == "scte.avail_num" && avail.scte35) {
    if (const auto* insert = std::get_if<manifests::scte35::SpliceInsert>(&avail.scte35->splice_command)) {
      return std::to_string(insert->avail_num);
    }
  }
  if (name == "session.user_agent") return session.user_agent;
  if (name == "session.client_ip") return session.client_ip;
  if (name.starts_with("player_params.")) {
    const auto param = name.substr(std::string_view("player_params.").size());
    for (const auto& [key, value] : session.player_params) {
      if (key == param) return value;
    }
  }
  return {};
}

}  // namespace

namespace {

// JSON string content (without the quotes) for a value going into a JSON body.
std::string json_escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

std::string expand_ads_url(std::string_view url_template, const Session& session, const manifests::Avail& avail,
                           int avail_num) {
  return expand_ads_template(url_template, session, avail, avail_num, TemplateEncoding::kPercent);
}

std::string expand_ads_template(std::string_view url_template, const Session& session, const manifests::Avail& avail,
                                int avail_num, TemplateEncoding encoding) {
  std::string out;
  out.reserve(url_template.size() + 64);
  std::size_t pos = 0;
  while (pos < url_template.size()) {
    const auto open = url_template.find('[', pos);
    const auto close = open == std::string_view::npos ? open : url_template.find(']', open);
    if (close == std::string_view::npos) {
      out += url_template.substr(pos);
      break;
    }
    out += url_template.substr(pos, open - pos);
    const auto value = macro_value(url_template.substr(open + 1, close - open - 1), session, avail, avail_num);
    out += encoding == TemplateEncoding::kJson ? json_escape(value) : vast::percent_encode(value);
    pos = close + 1;
  }
  return out;
}

AdDecider::AdDecider(Fetcher& fetcher, adcache::RenditionLibrary& library, adcache::ConditioningQueue* conditioning,
                     std::size_t max_requests)
    : fetcher_(fetcher), library_(library), conditioning_(conditioning), max_requests_(std::max<std::size_t>(1, max_requests)) {}

AdDecider::AdRequest AdDecider::ad_request(const Session& session, const PlaybackConfiguration& config,
                                           const manifests::Avail& avail, int avail_num, bool live_preroll) {
  AdRequest request;
  auto& options = request.options;
  options.request_timeout = config.ads_timeout;
  options.budget = config.ads_budget;
  options.max_depth = config.max_wrapper_depth;
  options.device_user_agent = session.user_agent;
  options.device_ip = session.client_ip;
  bool json_body = false;
  for (const auto& [name, value] : config.ad_decision_server_headers) {
    options.headers.emplace_back(name, expand_ads_template(value, session, avail, avail_num, TemplateEncoding::kPercent));
    if (value.find("json") != std::string::npos) json_body = true;
  }
  // The body template is the main ad server's; the pre-roll's is a plain tag URL.
  if (config.ad_decision_server_body && !live_preroll) {
    options.post_body = expand_ads_template(*config.ad_decision_server_body, session, avail, avail_num,
                                            json_body ? TemplateEncoding::kJson : TemplateEncoding::kPercent);
  }
  request.url = expand_ads_url(live_preroll ? config.live_preroll_ads : config.ad_decision_server, session, avail, avail_num);
  return request;
}

boost::asio::awaitable<Result<std::string>> AdDecider::request_vmap(const Session& session,
                                                                    const PlaybackConfiguration& config) {
  // One request for the whole asset: no avail yet, so avail variables are empty or 0.
  auto request = ad_request(session, config, manifests::Avail{}, 0);
  FetchOptions fetch;
  fetch.timeout = std::min(config.ads_timeout, config.ads_budget);
  fetch.max_bytes = vast::Limits{}.max_bytes;
  fetch.device_user_agent = request.options.device_user_agent;
  fetch.device_ip = request.options.device_ip;
  fetch.post_body = request.options.post_body;
  fetch.headers = request.options.headers;
  auto response = co_await fetcher_.get(request.url, fetch);
  if (!response) co_return fail(Errc::kAdsFailed, "ad server unreachable: " + response.error().detail);
  if (response->status != 200) co_return fail(Errc::kAdsFailed, "ad server answered HTTP " + std::to_string(response->status));
  if (auto vmap = vast::parse_vmap(response->body); !vmap) {
    co_return fail(Errc::kAdsFailed, "the ad server's answer is not a VMAP: " + vmap.error().detail);
  }
  co_return std::move(response->body);
}

Bumpers AdDecider::ready_bumpers(const Session& session, const PlaybackConfiguration& config) {
  // Conditioned like the slate, for the session's ladder (queued as the session began);
  // one not ready yet is left out of this break.
  auto ready = [&](const std::string& url) -> std::optional<PlayableCreative> {
    if (url.empty()) return std::nullopt;
    auto key = adcache::key_from_url(url);
    if (session.dash) key = adcache::dash_key(key);
    std::string found_key;
    auto creative = library_.find_for_ladder(key, session.ladder, found_key);
    if (!creative) return std::nullopt;
    return PlayableCreative{found_key, (*creative)->duration()};
  };
  return Bumpers{ready(config.bumper_start_url), ready(config.bumper_end_url)};
}

boost::asio::awaitable<DecisionOutcome> AdDecider::decide(const Session& session, const PlaybackConfiguration& config,
                                                          const BreakRequest& wanted) {
  const auto started = std::chrono::steady_clock::now();
  const manifests::Avail& avail = wanted.avail;
  const vast::AdSource* source =
      wanted.vmap_break && wanted.vmap_break->ad_source ? &*wanted.vmap_break->ad_source : nullptr;
  DecisionOutcome out;
  AvailDecision& decision = out.decision;
  const std::string where = "session " + session.id + " avail " + avail.id + ": ";
  // A live timeline cannot grow: live breaks replace content (the routes leave
  // insertion points out). A live pre-roll replaces content too, but like an insertion
  // it lasts what its ads last.
  const bool inserted = (avail.first_segment == avail.end_segment && !wanted.live) || wanted.live_preroll;

  auto request = ad_request(session, config, avail, wanted.number, wanted.live_preroll);
  request.options.max_requests = max_requests_;
  VastOutcome vast_outcome;
  if (source && source->vast_ad_data) {
    vast_outcome = co_await resolve_response(fetcher_, *source->vast_ad_data, request.options);
  } else if (source && source->ad_tag_uri) {
    // A VMAP's tag is the ad server's own URL: it goes as given, as a GET.
    request.options.post_body.reset();
    request.options.headers.clear();
    vast_outcome = co_await request_ads(fetcher_, *source->ad_tag_uri, request.options);
  } else {
    vast_outcome = co_await request_ads(fetcher_, request.url, request.options);
  }
  auto macros = server_macros(session);
  add_break_macros(macros, wanted.position, wanted.content_position);
  auto playable = [this, &session, &config](const vast::Ad& ad) -> tl::expected<PlayableCreative, DroppedAd> {
    const vast::Creative* creative = vast::linear_creative(ad);
    auto key = creative ? adcache::creative_key(*creative)
                        : adcache::Result<std::string>(tl::unexpected(adcache::Error{adcache::Errc::kUnusable, "no linear creative"}));
    if (key && session.dash) key = adcache::dash_key(*key);
    const auto* streaming = creative ? adcache::streaming_media_file(*creative) : nullptr;
    if (!key || (!adcache::source_media_file(*creative) && !streaming)) {
      return tl::unexpected(DroppedAd{ad.id, static_cast<int>(vast::ErrorCode::kNoSupportedMedia),
                                      key ? "no playable video media file (VPAID and other interactive files are not)"
                                          : key.error().detail,
                                      SkipReason::kNoPlayableMedia});
    }
    std::string found_key;
    auto conditioned = library_.find_for_ladder(*key, session.ladder, found_key);
    if (!conditioned) {
      std::string state = "not queued: this node runs no conditioning workers";
      // A session whose content ladder could not be read would condition under the plain
      // key, which then serves every ladder: better to wait for a session that knows it.
      if (session.ladder.empty()) state = "not queued: the content's ladder was not read when the session began";
      if (conditioning_ && !session.ladder.empty() && conditioned.error().code == adcache::Errc::kNotConditioned) {
        // Start now, so the next decision that names this creative can play it. VAST 4's
        // Mezzanine is the best source; else the best progressive file.
        // An HLS rendition set that fits the ladder is used as it is; else the source to
        // transcode (may be absent when the HLS set is all there is).
        const auto& linear = *creative->linear;
        const auto* progressive = adcache::source_media_file(*creative);
        const std::string source = !linear.mezzanines.empty() ? linear.mezzanines.front().uri : progressive ? progressive->uri : "";
        auto status = conditioning_->submit(
            {found_key, source, config.ladder_source(session.master_url), false, streaming ? streaming->uri : ""});
        state = std::string("conditioning ") + adcache::state_name(status.state) +
                (status.reason.empty() ? "" : " (" + status.reason + ")");
      }
      // Problem displaying MediaFile: the creative is fine, it is not transcoded for this content yet.
      return tl::unexpected(DroppedAd{ad.id, static_cast<int>(vast::ErrorCode::kMediaDisplayProblem),
                                      "not conditioned yet, " + state, SkipReason::kCreativeNotReady});
    }
    return PlayableCreative{found_key, (*conditioned)->duration()};
  };
  const manifests::Ticks capacity = wanted.live_preroll ? manifests::Ticks{config.live_preroll_max.count() * 90}
                                    : inserted        ? manifests::Ticks{config.max_inserted_break.count() * 90}
                                    : wanted.live ? avail.duration
                                                  : avail.content_duration;
  const auto bumpers = ready_bumpers(session, config);
  auto plan = plan_break(vast_outcome.resolution, capacity, playable, std::move(macros),
                         inserted ? BreakKind::kInsert : BreakKind::kReplace, bumpers);
  out.error_beacons = std::move(plan.error_beacons);
  // One budget for everything the decision sends: what the ad request and its wrappers
  // left of it goes to Error beacons; a response naming hundreds of Error URLs gets the
  // first ones told.
  const std::size_t sent = (source && source->vast_ad_data ? 0 : 1) + vast_outcome.resolution.hops.size();
  const std::size_t left = max_requests_ > sent ? max_requests_ - sent : 0;
  if (out.error_beacons.size() > left) {
    out.beacons_over_budget = out.error_beacons.size() - left;
    out.error_beacons.resize(left);
    log::warn("ads", where + std::to_string(out.beacons_over_budget) + " Error beacons not sent: the decision's budget of " +
                         std::to_string(max_requests_) + " outgoing requests is spent");
  }
  decision = std::move(plan.decision);
  decision.avail_id = avail.id;
  decision.inserted = decision.inserted && !wanted.live_preroll;  // it lasts what its ads do, but replaces content
  decision.position = wanted.position;
  decision.content_position = wanted.content_position;
  decision.start_date_ms = avail.start_date_ms;
  if (wanted.vmap_break) {
    for (const auto& event : wanted.vmap_break->tracking_events) decision.break_tracking.emplace_back(event.event, event.uri);
  }
  decision.note = vast_outcome.failure;
  decision.skip = vast_outcome.failure_reason;
  if (!decision.note.empty()) log::warn("ads", where + decision.note);
  for (const auto& dropped : decision.dropped) {
    log::warn("ads", where + "dropped ad " + dropped.ad_id + " (VAST " + std::to_string(dropped.vast_error) + "): " + dropped.reason);
  }
  log::info("ads", where + std::to_string(decision.ads.size()) + " ads, " + manifests::format_seconds(decision.slate) +
                       " s slate in " + manifests::format_seconds(decision.capacity) + " s");
  decision.decided_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  co_return out;
}

}  // namespace ssai
