#include "ssai/config.hpp"

#include <algorithm>
#include <fstream>
#include <thread>
#include <sstream>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/json_io.hpp"
#include "ssai/request_origin.hpp"
#include "ssai/transcode_profile.hpp"
#include "ssai/url.hpp"

namespace ssai {
namespace {

using Value = rapidjson::Value;

tl::unexpected<Error> bad(std::string_view field, std::string_view why) {
  return fail(Errc::kBadConfig, std::string(field) + ": " + std::string(why));
}

Result<std::string> string_field(const Value& object, const char* name, std::string_view path, bool required) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd()) {
    if (required) return bad(std::string(path) + "." + name, "is required");
    return std::string{};
  }
  if (!it->value.IsString()) return bad(std::string(path) + "." + name, "must be a string");
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

// `minimum` 1: a positive integer; 0: zero allowed too.
Result<std::int64_t> positive_field(const Value& object, const char* name, std::string_view path,
                                    std::int64_t fallback, std::int64_t minimum = 1) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd()) return fallback;
  if (!it->value.IsInt64() || it->value.GetInt64() < minimum) {
    return bad(std::string(path) + "." + name, minimum > 0 ? "must be a positive integer" : "must be an integer >= 0");
  }
  return it->value.GetInt64();
}

Result<bool> bool_field(const Value& object, const char* name, std::string_view path) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd()) return false;
  if (!it->value.IsBool()) return bad(std::string(path) + "." + name, "must be true or false");
  return it->value.GetBool();
}

// "avail_suppression": {"mode": "off|behind_live_edge|after_live_edge", "value_ms": N,
// "fill_policy": "full_avail_only|partial_avail"}
Result<void> parse_avail_suppression(const Value& object, const std::string& path, PlaybackConfiguration& config) {
  const auto it = object.FindMember("avail_suppression");
  if (it == object.MemberEnd()) return {};
  const std::string where = path + ".avail_suppression";
  if (!it->value.IsObject()) return bad(where, "must be an object");
  auto mode = string_field(it->value, "mode", where, true);
  if (!mode) return tl::unexpected(mode.error());
  if (*mode == "behind_live_edge") {
    config.avail_suppression = AvailSuppression::kBehindLiveEdge;
  } else if (*mode == "after_live_edge") {
    config.avail_suppression = AvailSuppression::kAfterLiveEdge;
  } else if (*mode != "off") {
    return bad(where + ".mode", "must be \"off\", \"behind_live_edge\" or \"after_live_edge\"");
  }
  auto value = positive_field(it->value, "value_ms", where, 0, 0);
  if (!value) return tl::unexpected(value.error());
  config.avail_suppression_value = std::chrono::milliseconds{*value};
  auto policy = string_field(it->value, "fill_policy", where, false);
  if (!policy) return tl::unexpected(policy.error());
  if (!policy->empty() && *policy != "full_avail_only" && *policy != "partial_avail") {
    return bad(where + ".fill_policy", "must be \"full_avail_only\" or \"partial_avail\"");
  }
  config.suppression_partial_avail = *policy == "partial_avail";
  return {};
}

// `template_ok`: the value may hold [macros] after its host, which are not URL characters.
Result<std::string> http_url_field(const Value& object, const char* name, std::string_view path, bool required,
                                   bool template_ok = false) {
  auto value = string_field(object, name, path, required);
  if (!value || value->empty()) return value;
  const std::string_view checked =
      template_ok ? std::string_view(*value).substr(0, value->find_first_of("?[")) : std::string_view(*value);
  if (!(value->starts_with("http://") || value->starts_with("https://")) || !url_origin(checked)) {
    return bad(std::string(path) + "." + name, "must be an absolute http(s) URL");
  }
  return value;
}

// "live_preroll": {"ad_decision_server": URL template, "max_duration_seconds": N}
Result<void> parse_live_preroll(const Value& object, const std::string& path, PlaybackConfiguration& config) {
  const auto it = object.FindMember("live_preroll");
  if (it == object.MemberEnd()) return {};
  const std::string where = path + ".live_preroll";
  if (!it->value.IsObject()) return bad(where, "must be an object with ad_decision_server and max_duration_seconds");
  auto ads = http_url_field(it->value, "ad_decision_server", where, true, true);
  if (!ads) return tl::unexpected(ads.error());
  if (ads->empty()) return bad(where + ".ad_decision_server", "must be an absolute http(s) URL");
  if (!it->value.HasMember("max_duration_seconds")) return bad(where + ".max_duration_seconds", "is required");
  auto max = positive_field(it->value, "max_duration_seconds", where, 0);
  if (!max) return tl::unexpected(max.error());
  config.live_preroll_ads = *ads;
  config.live_preroll_max = std::chrono::seconds{*max};
  return {};
}

std::string with_trailing_slash(std::string url) {
  if (!url.empty() && url.back() != '/') url.push_back('/');
  return url;
}

Result<PlaybackConfiguration> parse_playback(const std::string& name, const Value& object) {
  const std::string path = "playback_configurations." + name;
  // The JSON as given: what GET /v1/config/{name} shows.
  rapidjson::StringBuffer text;
  rapidjson::Writer<rapidjson::StringBuffer> writer(text);
  object.Accept(writer);
  if (!object.IsObject()) return bad(path, "must be an object");
  PlaybackConfiguration config;
  config.name = name;
  auto origin = http_url_field(object, "content_origin", path, true);
  if (!origin) return tl::unexpected(origin.error());
  config.content_origin = with_trailing_slash(*origin);
  auto ads = http_url_field(object, "ad_decision_server", path, true, true);
  if (!ads) return tl::unexpected(ads.error());
  config.ad_decision_server = *ads;
  if (const auto body = object.FindMember("ad_decision_server_body"); body != object.MemberEnd()) {
    if (!body->value.IsString()) return bad(path + ".ad_decision_server_body", "must be a string");
    config.ad_decision_server_body = std::string(body->value.GetString(), body->value.GetStringLength());
  }
  if (const auto headers = object.FindMember("ad_decision_server_headers"); headers != object.MemberEnd()) {
    if (!headers->value.IsObject()) return bad(path + ".ad_decision_server_headers", "must be an object of strings");
    for (const auto& h : headers->value.GetObject()) {
      const std::string name(h.name.GetString(), h.name.GetStringLength());
      const bool token = !name.empty() && name.find_first_of(" :\r\n") == std::string::npos;
      if (!h.value.IsString() || !token || std::string_view(h.value.GetString()).find_first_of("\r\n") != std::string_view::npos) {
        return bad(path + ".ad_decision_server_headers." + name, "must be a header name with a one-line string value");
      }
      config.ad_decision_server_headers.emplace_back(name, h.value.GetString());
    }
  }
  auto slate = http_url_field(object, "slate_url", path, false);
  if (!slate) return tl::unexpected(slate.error());
  config.slate_url = *slate;
  auto ads_timeout = positive_field(object, "ads_timeout_ms", path, config.ads_timeout.count());
  if (!ads_timeout) return tl::unexpected(ads_timeout.error());
  config.ads_timeout = std::chrono::milliseconds{*ads_timeout};
  auto ads_budget = positive_field(object, "ads_budget_ms", path, config.ads_budget.count());
  if (!ads_budget) return tl::unexpected(ads_budget.error());
  config.ads_budget = std::chrono::milliseconds{*ads_budget};
  auto depth = positive_field(object, "max_wrapper_depth", path, config.max_wrapper_depth);
  if (!depth) return tl::unexpected(depth.error());
  config.max_wrapper_depth = static_cast<int>(std::min<std::int64_t>(*depth, 20));
  auto origin_timeout = positive_field(object, "origin_timeout_ms", path, config.origin_timeout.count());
  if (!origin_timeout) return tl::unexpected(origin_timeout.error());
  config.origin_timeout = std::chrono::milliseconds{*origin_timeout};
  if (object.HasMember("session_ttl_seconds")) {
    auto ttl = positive_field(object, "session_ttl_seconds", path, 0);
    if (!ttl) return tl::unexpected(ttl.error());
    config.session_ttl = std::chrono::seconds{*ttl};
  }
  auto max_sessions = positive_field(object, "max_sessions", path, 0, 0);
  if (!max_sessions) return tl::unexpected(max_sessions.error());
  config.max_sessions = static_cast<std::size_t>(*max_sessions);
  auto max_bytes = positive_field(object, "manifest_max_bytes", path, static_cast<std::int64_t>(config.manifest_max_bytes));
  if (!max_bytes) return tl::unexpected(max_bytes.error());
  config.manifest_max_bytes = static_cast<std::size_t>(*max_bytes);
  auto schedule = string_field(object, "vod_ad_schedule", path, false);
  if (!schedule) return tl::unexpected(schedule.error());
  if (*schedule == "vmap") {
    config.vod_ad_schedule = VodAdSchedule::kVmap;
  } else if (!schedule->empty() && *schedule != "cues") {
    return bad(path + ".vod_ad_schedule", "must be \"cues\" or \"vmap\"");
  }
  auto mode = string_field(object, "insertion_mode", path, false);
  if (!mode) return tl::unexpected(mode.error());
  if (*mode == "guided") {
    config.insertion_mode = InsertionMode::kGuided;
  } else if (*mode == "player_select") {
    config.insertion_mode = InsertionMode::kPlayerSelect;
  } else if (!mode->empty() && *mode != "stitched") {
    return bad(path + ".insertion_mode", "must be \"stitched\", \"guided\" or \"player_select\"");
  }
  auto fallback = string_field(object, "player_select_default", path, false);
  if (!fallback) return tl::unexpected(fallback.error());
  if (*fallback == "guided") {
    config.player_select_default = InsertionMode::kGuided;
  } else if (!fallback->empty() && *fallback != "stitched") {
    return bad(path + ".player_select_default", "must be \"stitched\" or \"guided\"");
  }
  if (const auto agents = object.FindMember("stitched_user_agents"); agents != object.MemberEnd()) {
    if (!agents->value.IsArray()) return bad(path + ".stitched_user_agents", "must be an array of strings");
    for (const auto& agent : agents->value.GetArray()) {
      if (!agent.IsString() || agent.GetStringLength() == 0) return bad(path + ".stitched_user_agents", "must be an array of non-empty strings");
      config.stitched_user_agents.emplace_back(agent.GetString(), agent.GetStringLength());
    }
  }
  auto max_inserted = positive_field(object, "max_inserted_break_ms", path, config.max_inserted_break.count());
  if (!max_inserted) return tl::unexpected(max_inserted.error());
  config.max_inserted_break = std::chrono::milliseconds{*max_inserted};
  auto unsignalled = positive_field(object, "unsignalled_break_ms", path, config.unsignalled_break.count());
  if (!unsignalled) return tl::unexpected(unsignalled.error());
  config.unsignalled_break = std::chrono::milliseconds{*unsignalled};
  auto threshold = positive_field(object, "personalization_threshold_ms", path, 0, 0);
  if (!threshold) return tl::unexpected(threshold.error());
  config.personalization_threshold = std::chrono::milliseconds{*threshold};
  if (auto suppression = parse_avail_suppression(object, path, config); !suppression) {
    return tl::unexpected(suppression.error());
  }
  auto passthrough = bool_field(object, "ad_marker_passthrough", path);
  if (!passthrough) return tl::unexpected(passthrough.error());
  config.ad_marker_passthrough = *passthrough;
  if (const auto bumpers = object.FindMember("bumpers"); bumpers != object.MemberEnd()) {
    if (!bumpers->value.IsObject()) return bad(path + ".bumpers", "must be an object with start_url and/or end_url");
    auto start = http_url_field(bumpers->value, "start_url", path + ".bumpers", false);
    if (!start) return tl::unexpected(start.error());
    auto end = http_url_field(bumpers->value, "end_url", path + ".bumpers", false);
    if (!end) return tl::unexpected(end.error());
    config.bumper_start_url = *start;
    config.bumper_end_url = *end;
  }
  if (auto preroll = parse_live_preroll(object, path, config); !preroll) return tl::unexpected(preroll.error());
  if (const auto profile = object.FindMember("transcode_profile"); profile != object.MemberEnd()) {
    rapidjson::StringBuffer json;
    rapidjson::Writer<rapidjson::StringBuffer> json_writer(json);
    profile->value.Accept(json_writer);
    const std::string_view text(json.GetString(), json.GetSize());
    auto ladder = parse_transcode_profile(text, path + ".transcode_profile");
    if (!ladder) return tl::unexpected(ladder.error());
    config.transcode_profile = std::move(*ladder);
    config.transcode_profile_source = profile_source(text);
  }
  auto prefix = http_url_field(object, "content_segment_prefix", path, false);
  if (!prefix) return tl::unexpected(prefix.error());
  config.content_segment_prefix = prefix->empty() ? std::string{} : with_trailing_slash(*prefix);
  auto ad_prefix = http_url_field(object, "ad_segment_prefix", path, false);
  if (!ad_prefix) return tl::unexpected(ad_prefix.error());
  config.ad_segment_prefix = ad_prefix->empty() ? std::string{} : with_trailing_slash(*ad_prefix);
  config.json.assign(text.GetString(), text.GetSize());
  return config;
}

Result<BeaconSettings> parse_beacon_settings(const Value& object) {
  if (!object.IsObject()) return bad("beacons", "must be an object");
  BeaconSettings settings;
  auto node = string_field(object, "node", "beacons", false);
  if (!node) return tl::unexpected(node.error());
  if (!node->empty() && !is_config_name(*node)) return bad("beacons.node", "must be 1 to 64 letters, digits, '.', '_' or '-'");
  settings.node = *node;
  auto give_up = positive_field(object, "give_up_seconds", "beacons", settings.give_up.count());
  auto timeout = positive_field(object, "timeout_ms", "beacons", settings.timeout.count());
  auto first = positive_field(object, "first_retry_ms", "beacons", settings.first_retry.count());
  auto last = positive_field(object, "last_retry_ms", "beacons", settings.last_retry.count());
  auto per_host = positive_field(object, "per_host", "beacons", static_cast<std::int64_t>(settings.per_host));
  auto lease = positive_field(object, "lease_seconds", "beacons", settings.lease.count());
  auto forward = bool_field(object, "forward_device", "beacons");
  auto presence = positive_field(object, "presence_window_seconds", "beacons", settings.presence_window.count());
  for (const auto* field : {&give_up, &timeout, &first, &last, &per_host, &lease, &presence}) {
    if (!*field) return tl::unexpected(field->error());
  }
  if (!forward) return tl::unexpected(forward.error());
  settings.give_up = std::chrono::seconds{*give_up};
  settings.timeout = std::chrono::milliseconds{*timeout};
  settings.first_retry = std::chrono::milliseconds{*first};
  settings.last_retry = std::chrono::milliseconds{std::max(*first, *last)};
  settings.per_host = static_cast<std::size_t>(std::min<std::int64_t>(*per_host, 1024));
  settings.lease = std::chrono::seconds{*lease};
  settings.forward_device = *forward;
  settings.presence_window = std::chrono::seconds{*presence};
  // A lease shorter than an attempt would hand a beacon still in flight to another node.
  if (settings.lease <= settings.timeout) return bad("beacons.lease_seconds", "must be longer than beacons.timeout_ms");
  return settings;
}

Result<void> parse_document(rapidjson::Document& doc, std::string_view json) {
  if (parse_json(doc, json)) return {};
  if (!doc.HasParseError()) return bad("(document)", "nested deeper than " + std::to_string(kMaxJsonDepth));
  return bad("(document)", std::string("invalid JSON at offset ") + std::to_string(doc.GetErrorOffset()) + ": " +
                               rapidjson::GetParseError_En(doc.GetParseError()));
}

Result<std::vector<std::string>> string_array(const Value& object, const char* name) {
  std::vector<std::string> out;
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd()) return out;
  if (!it->value.IsArray()) return bad(name, "must be an array of strings");
  for (const auto& entry : it->value.GetArray()) {
    if (!entry.IsString()) return bad(name, "must be an array of strings");
    out.emplace_back(entry.GetString(), entry.GetStringLength());
  }
  return out;
}

// "outbound": {"allow": ["127.0.0.1:8081", "10.0.0.0/8", "origin.internal"],
//              "max_requests_per_decision": 32}
Result<void> parse_outbound(const Value& doc, ServiceConfig& config) {
  const auto it = doc.FindMember("outbound");
  if (it == doc.MemberEnd()) return {};
  if (!it->value.IsObject()) return bad("outbound", "must be an object");
  auto entries = string_array(it->value, "allow");
  if (!entries) return bad("outbound.allow", "must be an array of strings");
  auto policy = OutboundPolicy::allowing(*entries);
  if (!policy) return tl::unexpected(policy.error());
  config.outbound = std::move(*policy);
  auto budget = positive_field(it->value, "max_requests_per_decision", "outbound",
                               static_cast<std::int64_t>(config.max_requests_per_decision));
  if (!budget) return tl::unexpected(budget.error());
  config.max_requests_per_decision = static_cast<std::size_t>(std::min<std::int64_t>(*budget, 1024));
  return {};
}

// "public_hosts": ["ssai.example.com", "ssai.example.com:8443"],
// "trusted_proxies": ["10.0.0.0/8", "127.0.0.1"]
Result<void> parse_request_origin(const Value& doc, ServiceConfig& config) {
  auto hosts = string_array(doc, "public_hosts");
  if (!hosts) return tl::unexpected(hosts.error());
  for (auto& host : *hosts) {
    if (!is_valid_host_header(host)) return bad("public_hosts", "\"" + host + "\" is not HOST or HOST:PORT");
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  config.public_hosts = std::move(*hosts);
  auto proxies = string_array(doc, "trusted_proxies");
  if (!proxies) return tl::unexpected(proxies.error());
  for (const auto& proxy : *proxies) {
    auto prefix = IpPrefix::parse(proxy);
    if (!prefix) return bad("trusted_proxies", "\"" + proxy + "\" is not an address or CIDR");
    config.trusted_proxies.push_back(*prefix);
  }
  return {};
}

// "session_limits": {"create_per_second": 20, "create_burst": 200, "max_params": 64,
//                    "max_params_bytes": 8192, "max_stored_bytes": 262144,
//                    "memory_store_max_bytes": 1073741824}
Result<void> parse_session_limits(const Value& doc, SessionLimits& limits) {
  const auto it = doc.FindMember("session_limits");
  if (it == doc.MemberEnd()) return {};
  if (!it->value.IsObject()) return bad("session_limits", "must be an object");
  const auto& object = it->value;
  for (const char* name : {"create_per_second", "create_burst"}) {
    const auto member = object.FindMember(name);
    if (member == object.MemberEnd()) continue;
    if (!member->value.IsNumber() || member->value.GetDouble() < 0) {
      return bad(std::string("session_limits.") + name, "must be a number >= 0 (0: no limit)");
    }
    (std::string_view(name) == "create_per_second" ? limits.create_per_second : limits.create_burst) = member->value.GetDouble();
  }
  auto count = [&](const char* name, std::size_t& out) -> Result<void> {
    auto value = positive_field(object, name, "session_limits", static_cast<std::int64_t>(out));
    if (!value) return tl::unexpected(value.error());
    out = static_cast<std::size_t>(*value);
    return {};
  };
  for (auto [name, out] : {std::pair{"max_params", &limits.max_params}, std::pair{"max_params_bytes", &limits.max_params_bytes},
                           std::pair{"max_stored_bytes", &limits.max_stored_bytes},
                           std::pair{"memory_store_max_bytes", &limits.memory_store_max_bytes}}) {
    if (auto parsed = count(name, *out); !parsed) return parsed;
  }
  return {};
}

}  // namespace

Result<ServiceConfig> parse_config(std::string_view json, const std::filesystem::path& base_dir) {
  rapidjson::Document doc;
  if (auto parsed = parse_document(doc, json); !parsed) return tl::unexpected(parsed.error());
  if (!doc.IsObject()) return bad("(document)", "must be a JSON object");
  ServiceConfig config;
  auto listen = string_field(doc, "listen", "", false);
  if (!listen) return tl::unexpected(listen.error());
  if (!listen->empty()) config.listen = *listen;
  if (auto outbound = parse_outbound(doc, config); !outbound) return tl::unexpected(outbound.error());
  if (auto origin = parse_request_origin(doc, config); !origin) return tl::unexpected(origin.error());
  if (auto limits = parse_session_limits(doc, config.session_limits); !limits) return tl::unexpected(limits.error());
  auto public_base = http_url_field(doc, "public_base_url", "", false);
  if (!public_base) return tl::unexpected(public_base.error());
  config.public_base_url = public_base->empty() ? std::string{} : with_trailing_slash(*public_base);
  auto admin_token = string_field(doc, "admin_token", "", false);
  if (!admin_token) return tl::unexpected(admin_token.error());
  if (!admin_token->empty() && admin_token->size() < 16) return bad("admin_token", "must be at least 16 characters");
  config.admin_token = *admin_token;
  if (const auto tls = doc.FindMember("tls"); tls != doc.MemberEnd()) {
    if (!tls->value.IsObject()) return bad("tls", "must be an object with listen, certificate and key");
    ServiceConfig::Tls settings;
    for (auto [name, out] : {std::pair{"listen", &settings.listen}}) {
      auto value = string_field(tls->value, name, "tls", true);
      if (!value) return tl::unexpected(value.error());
      *out = *value;
    }
    for (auto [name, out] : {std::pair{"certificate", &settings.certificate}, std::pair{"key", &settings.key}}) {
      auto value = string_field(tls->value, name, "tls", true);
      if (!value) return tl::unexpected(value.error());
      *out = std::filesystem::path(*value).is_absolute() ? std::filesystem::path(*value) : base_dir / *value;
    }
    config.tls = std::move(settings);
  }
  auto metrics_token = string_field(doc, "metrics_token", "", false);
  if (!metrics_token) return tl::unexpected(metrics_token.error());
  if (!metrics_token->empty() && metrics_token->size() < 16) return bad("metrics_token", "must be at least 16 characters");
  config.metrics_token = *metrics_token;
  auto signing = string_field(doc, "url_signing_secret", "", false);
  if (!signing) return tl::unexpected(signing.error());
  if (!signing->empty() && signing->size() < 16) return bad("url_signing_secret", "must be at least 16 characters");
  config.url_signing_secret = *signing;
  auto ttl = positive_field(doc, "session_ttl_seconds", "", config.session_ttl.count());
  if (!ttl) return tl::unexpected(ttl.error());
  config.session_ttl = std::chrono::seconds{*ttl};

  const auto renditions = doc.FindMember("ad_renditions");
  if (renditions == doc.MemberEnd() || !renditions->value.IsObject()) return bad("ad_renditions", "is required (an object)");
  auto dir = string_field(renditions->value, "dir", "ad_renditions", true);
  if (!dir) return tl::unexpected(dir.error());
  config.ad_renditions_dir = std::filesystem::path(*dir).is_absolute() ? std::filesystem::path(*dir) : base_dir / *dir;
  // Without a CDN prefix the service serves the renditions itself, under /v1/ads/.
  auto base_url = http_url_field(renditions->value, "base_url", "ad_renditions", false);
  if (!base_url) return tl::unexpected(base_url.error());
  config.ad_renditions_base_url = base_url->empty() ? std::string(kServedAdsPath) : with_trailing_slash(*base_url);
  if (const auto cap = renditions->value.FindMember("max_bytes"); cap != renditions->value.MemberEnd()) {
    if (!cap->value.IsUint64()) return bad("ad_renditions.max_bytes", "must be a whole number of bytes (0: no cap)");
    config.ad_renditions_max_bytes = cap->value.GetUint64();
  }

  config.conditioning_workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency() / 2));
  if (const auto workers = doc.FindMember("conditioning_workers"); workers != doc.MemberEnd()) {
    if (!workers->value.IsInt() || workers->value.GetInt() < 0 || workers->value.GetInt() > 64) {
      return bad("conditioning_workers", "must be a whole number from 0 to 64");
    }
    config.conditioning_workers = workers->value.GetInt();
  }
  auto lease = positive_field(doc, "conditioning_lease_seconds", "", config.conditioning_lease.count());
  if (!lease) return tl::unexpected(lease.error());
  config.conditioning_lease = std::chrono::seconds{*lease};

  if (const auto beacons = doc.FindMember("beacons"); beacons != doc.MemberEnd()) {
    auto settings = parse_beacon_settings(beacons->value);
    if (!settings) return tl::unexpected(settings.error());
    config.beacons = std::move(*settings);
  }

  const auto configs = doc.FindMember("playback_configurations");
  if (configs == doc.MemberEnd() || !configs->value.IsObject() || configs->value.MemberCount() == 0) {
    return bad("playback_configurations", "is required (an object with at least one configuration)");
  }
  for (const auto& member : configs->value.GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    if (!is_config_name(name)) return bad("playback_configurations." + name, "the name must be one path segment");
    auto playback = parse_playback(name, member.value);
    if (!playback) return tl::unexpected(playback.error());
    config.playback_configurations.emplace(name, std::move(*playback));
  }
  return config;
}

bool is_config_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && name.front() != '.' &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == std::string_view::npos;
}

Result<PlaybackConfiguration> parse_playback_configuration(const std::string& name, std::string_view json) {
  if (!is_config_name(name)) return bad("name", "must be 1 to 64 letters, digits, '.', '_' or '-'");
  rapidjson::Document doc;
  if (auto parsed = parse_document(doc, json); !parsed) return tl::unexpected(parsed.error());
  return parse_playback(name, doc);
}

Result<ServiceConfig> load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return bad(file.string(), "cannot be opened");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), file.parent_path());
}

const char* insertion_mode_name(InsertionMode mode) {
  switch (mode) {
    case InsertionMode::kStitched: return "stitched";
    case InsertionMode::kGuided: return "guided";
    case InsertionMode::kPlayerSelect: return "player_select";
  }
  return "stitched";
}

}  // namespace ssai
