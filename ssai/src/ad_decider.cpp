#include "ssai/ad_decider.hpp"

#include <random>

#include "adcache/creative_key.hpp"
#include "ssai/log.hpp"
#include "ssai/url.hpp"
#include "ssai/break_plan.hpp"
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

}  // namespace

boost::asio::awaitable<DecisionOutcome> AdDecider::decide(const Session& session, const PlaybackConfiguration& config,
                                                          const manifests::Avail& avail, int avail_num) {
  DecisionOutcome out;
  AvailDecision& decision = out.decision;
  const std::string where = "session " + session.id + " avail " + avail.id + ": ";

  VastRequestOptions options;
  options.request_timeout = config.ads_timeout;
  options.budget = config.ads_budget;
  options.max_depth = config.max_wrapper_depth;
  options.user_agent = session.user_agent;
  options.forwarded_for = session.client_ip;
  auto vast_outcome = co_await request_ads(fetcher_, expand_ads_url(config.ad_decision_server, session, avail, avail_num), options);
  vast::MacroValues macros;
  macros.set("TIMESTAMP", utc_timestamp()).set("CACHEBUSTING", cache_buster()).set("SERVERSIDE", "1");
  if (!session.user_agent.empty()) macros.set("CLIENTUA", session.user_agent);
  auto playable = [this](const vast::Ad& ad) -> tl::expected<PlayableCreative, DroppedAd> {
    const vast::Creative* creative = vast::linear_creative(ad);
    auto key = creative ? adcache::creative_key(*creative)
                        : adcache::Result<std::string>(tl::unexpected(adcache::Error{adcache::Errc::kUnusable, "no linear creative"}));
    if (!key || !adcache::source_media_file(*creative)) {
      return tl::unexpected(DroppedAd{ad.id, static_cast<int>(vast::ErrorCode::kNoSupportedMedia),
                                      key ? "no playable video media file (VPAID and other interactive files are not)"
                                          : key.error().detail});
    }
    auto conditioned = library_.find(*key);
    if (!conditioned) {
      // Problem displaying MediaFile: the creative is fine, it is not transcoded for this content yet.
      return tl::unexpected(DroppedAd{ad.id, static_cast<int>(vast::ErrorCode::kMediaDisplayProblem),
                                      "not conditioned yet: " + conditioned.error().detail});
    }
    return PlayableCreative{*key, (*conditioned)->duration()};
  };
  auto plan = plan_break(vast_outcome.resolution, avail.content_duration, playable, std::move(macros));
  out.error_beacons = std::move(plan.error_beacons);
  decision = std::move(plan.decision);
  decision.avail_id = avail.id;
  decision.note = vast_outcome.failure;
  if (!decision.note.empty()) log::warn("ads", where + decision.note);
  for (const auto& dropped : decision.dropped) {
    log::warn("ads", where + "dropped ad " + dropped.ad_id + " (VAST " + std::to_string(dropped.vast_error) + "): " + dropped.reason);
  }
  log::info("ads", where + std::to_string(decision.ads.size()) + " ads, " + manifests::format_seconds(decision.slate) +
                       " s slate in " + manifests::format_seconds(decision.capacity) + " s");
  co_return out;
}

}  // namespace ssai
