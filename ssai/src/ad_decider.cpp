#include "ssai/ad_decider.hpp"

#include <random>

#include "adcache/creative_key.hpp"
#include "ssai/log.hpp"
#include "ssai/url.hpp"
#include "ssai/timestamp.hpp"
#include "ssai/vast_client.hpp"
#include "vast/macros.hpp"
#include "vast/parser.hpp"

namespace ssai {
namespace {

std::string macro_value(std::string_view name, const Session& session, const manifests::Avail& avail, int avail_num) {
  if (name == "session.id") return session.id;
  if (name == "session.avail_duration_secs") return std::to_string(manifests::round_to_seconds(avail.duration));
  if (name == "session.avail_duration_ms") return std::to_string(avail.duration.count() / 90);
  if (name == "session.avail_num") return std::to_string(avail_num);
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

std::string expand_ads_url(std::string_view url_template, const Session& session, const manifests::Avail& avail,
                           int avail_num) {
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
    out += url_encode(macro_value(url_template.substr(open + 1, close - open - 1), session, avail, avail_num));
    pos = close + 1;
  }
  return out;
}

AdDecider::AdDecider(Fetcher& fetcher, adcache::RenditionLibrary& library) : fetcher_(fetcher), library_(library) {}

namespace {

std::string cache_buster() {
  static thread_local std::mt19937 random{std::random_device{}()};
  return std::to_string(10'000'000 + random() % 90'000'000);  // 8 digits
}

// Error URIs of an ad with [ERRORCODE] and the other macros the server knows filled.
void add_error_beacons(std::vector<std::string>& out, const std::vector<std::string>& uris, int code,
                       const Session& session) {
  vast::MacroValues values;
  values.set("ERRORCODE", std::to_string(code))
      .set("TIMESTAMP", utc_timestamp())
      .set("CACHEBUSTING", cache_buster())
      .set("SERVERSIDE", "1");
  if (!session.user_agent.empty()) values.set("CLIENTUA", session.user_agent);
  for (const auto& uri : uris) out.push_back(vast::expand_macros(uri, values));
}

}  // namespace

boost::asio::awaitable<DecisionOutcome> AdDecider::decide(const Session& session, const PlaybackConfiguration& config,
                                                          const manifests::Avail& avail, int avail_num) {
  DecisionOutcome out;
  AvailDecision& decision = out.decision;
  decision.avail_id = avail.id;
  decision.capacity = avail.content_duration;
  const std::string where = "session " + session.id + " avail " + avail.id + ": ";

  VastRequestOptions options;
  options.request_timeout = config.ads_timeout;
  options.budget = config.ads_budget;
  options.max_depth = config.max_wrapper_depth;
  options.user_agent = session.user_agent;
  options.forwarded_for = session.client_ip;
  auto vast_outcome = co_await request_ads(fetcher_, expand_ads_url(config.ad_decision_server, session, avail, avail_num), options);
  decision.note = vast_outcome.failure;

  for (const auto& error : vast_outcome.resolution.errors) {
    decision.dropped.push_back({error.ad_id, static_cast<int>(error.code), error.reason});
    add_error_beacons(out.error_beacons, error.error_uris, static_cast<int>(error.code), session);
  }
  manifests::Ticks ads_time{};
  for (const auto& ad : vast_outcome.resolution.ads) {
    const vast::Creative* creative = vast::linear_creative(ad);
    auto key = creative ? adcache::creative_key(*creative)
                        : adcache::Result<std::string>(tl::unexpected(adcache::Error{adcache::Errc::kUnusable, "no linear creative"}));
    if (!key || !adcache::source_media_file(*creative)) {
      const std::string reason = key ? "no playable video media file (VPAID and other interactive files are not)" : key.error().detail;
      decision.dropped.push_back({ad.id, static_cast<int>(vast::ErrorCode::kNoSupportedMedia), reason});
      add_error_beacons(out.error_beacons, ad.errors, static_cast<int>(vast::ErrorCode::kNoSupportedMedia), session);
      continue;
    }
    auto conditioned = library_.find(*key);
    if (!conditioned) {
      // Problem displaying MediaFile: the creative is fine, it is not transcoded for this content yet.
      decision.dropped.push_back({ad.id, static_cast<int>(vast::ErrorCode::kMediaDisplayProblem),
                                  "not conditioned yet: " + conditioned.error().detail});
      add_error_beacons(out.error_beacons, ad.errors, static_cast<int>(vast::ErrorCode::kMediaDisplayProblem), session);
      continue;
    }
    const auto duration = (*conditioned)->duration();
    if (ads_time + duration > decision.capacity) {
      decision.dropped.push_back({ad.id, 0, manifests::format_seconds(duration) + " s does not fit the " +
                                                manifests::format_seconds(decision.capacity - ads_time) + " s left"});
      continue;
    }
    PlacedAd placed{*key, ad.id, duration, {}, {}};
    for (const auto& impression : ad.impressions) placed.impressions.push_back(impression.uri);
    for (const auto& event : creative->linear->tracking_events) placed.tracking.emplace_back(event.event, event.uri);
    ads_time += duration;
    decision.ads.push_back(std::move(placed));
  }
  // With no ads the content plays through untouched, so there is nothing to fill.
  decision.slate = decision.ads.empty() ? manifests::Ticks{} : decision.capacity - ads_time;
  if (!decision.note.empty()) log::warn("ads", where + decision.note);
  for (const auto& dropped : decision.dropped) {
    log::warn("ads", where + "dropped ad " + dropped.ad_id + " (VAST " + std::to_string(dropped.vast_error) + "): " + dropped.reason);
  }
  log::info("ads", where + std::to_string(decision.ads.size()) + " ads, " + manifests::format_seconds(decision.slate) +
                       " s slate in " + manifests::format_seconds(decision.capacity) + " s");
  co_return out;
}

}  // namespace ssai
