#include "ssai/ad_decider.hpp"

#include "adcache/creative_key.hpp"
#include "ssai/log.hpp"
#include "ssai/url.hpp"
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

boost::asio::awaitable<AvailDecision> AdDecider::decide(const Session& session, const PlaybackConfiguration& config,
                                                        const manifests::Avail& avail, int avail_num) {
  AvailDecision decision;
  decision.avail_id = avail.id;
  decision.capacity = avail.content_duration;
  const std::string where = "session " + session.id + " avail " + avail.id + ": ";

  const auto url = expand_ads_url(config.ad_decision_server, session, avail, avail_num);
  FetchOptions options;
  options.timeout = config.ads_timeout;
  options.max_bytes = vast::Limits{}.max_bytes;
  options.user_agent = session.user_agent.empty() ? options.user_agent : session.user_agent;
  options.forwarded_for = session.client_ip;
  auto response = co_await fetcher_.get(url, options);
  manifests::Ticks ads_time{};
  if (!response) {
    decision.note = "ad server unreachable: " + response.error().detail;
  } else if (response->status != 200) {
    decision.note = "ad server answered HTTP " + std::to_string(response->status);
  } else if (auto document = vast::parse(response->body); !document) {
    decision.note = "VAST rejected (error " + std::to_string(vast::vast_error_code(document.error().code)) +
                    "): " + document.error().detail;
  } else {
    for (const vast::Ad* ad : vast::select_pod(*document)) {
      if (ad->is_wrapper) {
        decision.note += "ad " + ad->id + " is a wrapper (wrapper chains come with issue 4); ";
        continue;
      }
      const vast::Creative* creative = vast::linear_creative(*ad);
      auto key = adcache::creative_key(*creative);
      if (!key) {
        decision.note += "ad " + ad->id + ": " + key.error().detail + "; ";
        continue;
      }
      auto conditioned = library_.find(*key);
      if (!conditioned) {
        decision.note += "ad " + ad->id + " skipped: " + conditioned.error().detail + "; ";
        continue;
      }
      const auto duration = (*conditioned)->duration();
      if (ads_time + duration > decision.capacity) {
        decision.note += "ad " + ad->id + " (" + manifests::format_seconds(duration) + " s) does not fit; ";
        continue;
      }
      PlacedAd placed{*key, ad->id, duration, {}, {}};
      for (const auto& impression : ad->impressions) placed.impressions.push_back(impression.uri);
      for (const auto& event : creative->linear->tracking_events) placed.tracking.emplace_back(event.event, event.uri);
      ads_time += duration;
      decision.ads.push_back(std::move(placed));
    }
  }
  // With no ads the content plays through untouched, so there is nothing to fill.
  decision.slate = decision.ads.empty() ? manifests::Ticks{} : decision.capacity - ads_time;
  if (!decision.note.empty()) log::warn("ads", where + decision.note);
  log::info("ads", where + std::to_string(decision.ads.size()) + " ads, " + manifests::format_seconds(decision.slate) +
                       " s slate in " + manifests::format_seconds(decision.capacity) + " s");
  co_return decision;
}

}  // namespace ssai
