#include "ssai/ad_decider.hpp"

#include <algorithm>
#include <random>

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

AdDecider::AdDecider(Fetcher& fetcher, adcache::RenditionLibrary& library, adcache::ConditioningQueue* conditioning)
    : fetcher_(fetcher), library_(library), conditioning_(conditioning) {}

boost::asio::awaitable<DecisionOutcome> AdDecider::decide(const Session& session, const PlaybackConfiguration& config,
                                                          const manifests::Avail& avail, int avail_num) {
  DecisionOutcome out;
  AvailDecision& decision = out.decision;
  const std::string where = "session " + session.id + " avail " + avail.id + ": ";

  VastRequestOptions options;
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
  if (config.ad_decision_server_body) {
    options.post_body = expand_ads_template(*config.ad_decision_server_body, session, avail, avail_num,
                                            json_body ? TemplateEncoding::kJson : TemplateEncoding::kPercent);
  }
  auto vast_outcome = co_await request_ads(fetcher_, expand_ads_url(config.ad_decision_server, session, avail, avail_num), options);
  auto macros = server_macros(session);
  auto playable = [this, &session](const vast::Ad& ad) -> tl::expected<PlayableCreative, DroppedAd> {
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
      std::string state = "not queued: this node runs no conditioning workers";
      if (conditioning_ && conditioned.error().code == adcache::Errc::kNotConditioned) {
        // Start now, so the next decision that names this creative can play it. VAST 4's
        // Mezzanine is the best source; else the best progressive file.
        const auto& linear = *creative->linear;
        const std::string source = linear.mezzanines.empty() ? adcache::source_media_file(*creative)->uri : linear.mezzanines.front().uri;
        auto status = conditioning_->submit({*key, source, session.master_url});
        state = std::string("conditioning ") + adcache::state_name(status.state) +
                (status.reason.empty() ? "" : " (" + status.reason + ")");
      }
      // Problem displaying MediaFile: the creative is fine, it is not transcoded for this content yet.
      return tl::unexpected(DroppedAd{ad.id, static_cast<int>(vast::ErrorCode::kMediaDisplayProblem),
                                      "not conditioned yet, " + state});
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
