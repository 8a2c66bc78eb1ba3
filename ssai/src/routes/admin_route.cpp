// Admin routes, behind the configured bearer token:
//   GET /v1/creatives/{key}   a creative's conditioning state, published renditions and report
//   PUT /v1/config/{name}     add or replace a playback configuration (body: its JSON object)
//   GET /v1/config/{name}     the configuration in force, and where it comes from
//   DELETE /v1/config/{name}  remove a run-time configuration (the file's comes back)
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <boost/algorithm/string/predicate.hpp>

#include <fstream>
#include <sstream>

#include "common/json_io.hpp"
#include "ssai/conditioning.hpp"
#include "ssai/log.hpp"
#include "manifests/time.hpp"
#include "ssai/service.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {

namespace fs = std::filesystem;
constexpr std::uintmax_t kMaxReportBytes = 64 * 1024;

// Compares without stopping at the first difference, so response times do not tell an
// attacker how much of a guessed token was right.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>((i < given.size() ? given[i] : '\0') ^ expected[i]);
  }
  return diff == 0;
}

// What adcache::creative_key can produce.
bool is_creative_key(std::string_view key) {
  return !key.empty() && key.size() <= 128 && key.front() != '.' &&
         key.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == std::string_view::npos;
}

}  // namespace

asio::awaitable<Service::CreativeRecord> Service::creative_record(std::string key) {
  CreativeRecord record{jobs_.status(key), library_.inspect(key), {}};
  const auto report = config_.ad_renditions_dir / key / kReportFile;
  std::error_code ec;
  if (fs::file_size(report, ec) <= kMaxReportBytes && !ec) {
    std::ifstream in(report, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    rapidjson::Document parsed;
    parsed.Parse(text.str().c_str());
    if (!parsed.HasParseError() && parsed.IsObject()) record.report = text.str();
  }
  co_return record;
}

asio::awaitable<adcache::Result<adcache::QueueDepth>> Service::queue_depth() { co_return jobs_.depth(); }

bool Service::has_bearer(const Request& request, std::string_view token) {
  for (const auto& [name, value] : request.headers) {
    if (boost::algorithm::iequals(name, "authorization") && same_secret(value, "Bearer " + std::string(token))) return true;
  }
  return false;
}

Result<void> Service::authorize_metrics(const Request& request) const {
  if (config_.metrics_token.empty() || has_bearer(request, config_.metrics_token)) return {};
  return fail(Errc::kUnauthorized, "/metrics needs 'Authorization: Bearer <metrics_token>'");
}

Result<void> Service::authorize_admin(const Request& request, bool token_in_query) const {
  if (config_.admin_token.empty()) return fail(Errc::kUnauthorized, "the admin API is off: no admin_token is configured");
  if (has_bearer(request, config_.admin_token)) return {};
  if (auto token = request.query_param("token"); token_in_query && token && same_secret(*token, config_.admin_token)) return {};
  return fail(Errc::kUnauthorized, token_in_query ? "this route needs 'Authorization: Bearer <admin_token>' or ?token=<admin_token>"
                                                  : "this route needs 'Authorization: Bearer <admin_token>'");
}

asio::awaitable<Response> Service::creative_status(const Request& request, std::string_view key) {
  if (auto allowed = authorize_admin(request); !allowed) co_return error_response(allowed.error());
  // Creative keys are one safe path component; anything else (.., slashes) never names one.
  if (!is_creative_key(key)) co_return error_response({Errc::kBadRequest, "a creative key is 1 to 128 of [A-Za-z0-9._-], not starting with '.'"});
  const std::string wanted(key);
  // The job store may be Redis over blocking hiredis, and the renditions are read from
  // disk: both from the blocking pool. (A member coroutine, not a lambda: GCC 12
  // destroys lambdas inside co_await twice.)
  auto record = co_await asio::co_spawn(blocking_, creative_record(wanted), asio::use_awaitable);
  const auto& status = record.status;
  const auto& published = record.published;
  if (!status) co_return error_response({Errc::kUnavailable, "job store: " + status.error().detail});
  if (!*status && !published) co_return error_response({Errc::kNotFound, "no creative " + wanted + " was ever submitted"});
  JsonWriter w;
  w.begin_object();
  w.field("key", wanted);
  if (*status) {
    const auto& s = **status;
    w.field("state", adcache::state_name(s.state));
    w.field("attempts", s.attempts);
    if (!s.reason.empty()) w.field("reason", s.reason);
    if (!s.worker.empty()) w.field("worker", s.worker);
    if (s.state == adcache::JobState::kFailed) w.field("retry_at_ms", static_cast<std::int64_t>(s.retry_at.time_since_epoch().count()));
  } else {
    w.field("state", "ready");  // published by hand or by `ssai condition`, never queued
  }
  w.key("renditions");
  w.begin_array();
  if (published) {
    for (const auto& rendition : published->renditions) {
      w.begin_object();
      w.field("width", rendition.width);
      w.field("height", rendition.height);
      w.field("bandwidth", rendition.bandwidth);
      if (rendition.audio_only) w.field("audio_only", true);
      w.field("segments", static_cast<std::uint64_t>(rendition.segments.size()));
      w.field("duration_seconds", manifests::format_seconds(rendition.duration));
      w.end_object();
    }
  }
  w.end_array();
  if (!record.report.empty()) {
    w.key("report");
    w.raw(record.report);
  }
  w.end_object();
  co_return json_response(200, w.take());
}

asio::awaitable<Response> Service::config_admin(const Request& request, std::string_view name) {
  if (auto allowed = authorize_admin(request); !allowed) co_return error_response(allowed.error());
  if (!is_config_name(name)) co_return error_response({Errc::kBadRequest, "a configuration name is 1 to 64 of [A-Za-z0-9._-]"});
  const std::string wanted(name);
  if (request.method == "PUT") {
    auto parsed = parse_playback_configuration(wanted, request.body);
    if (!parsed) co_return error_response({Errc::kBadRequest, parsed.error().detail});
    if (auto stored = co_await configs_.put(std::move(*parsed)); !stored) co_return error_response(stored.error());
    log::info("config", "playback configuration " + wanted + " set through the API");
    co_return json_response(200, "{\"name\":\"" + wanted + "\",\"status\":\"stored\"}");
  }
  if (request.method == "DELETE") {
    auto removed = co_await configs_.remove(wanted);
    if (!removed) co_return error_response(removed.error());
    if (!*removed) co_return error_response({Errc::kNotFound, "no run-time configuration named " + wanted});
    log::info("config", "playback configuration " + wanted + " deleted through the API");
    co_return json_response(200, "{\"name\":\"" + wanted + "\",\"status\":\"deleted\"}");
  }
  if (request.method != "GET" && request.method != "HEAD") {
    co_return error_response({Errc::kBadRequest, "use GET, PUT or DELETE on /v1/config/{name}"});
  }
  auto config = co_await configs_.find(wanted);
  if (!config) co_return error_response({Errc::kNotFound, "no playback configuration named " + wanted});
  JsonWriter w;
  w.begin_object();
  w.field("name", wanted);
  w.field("source", configs_.from_file(wanted, config) ? "file" : "api");
  w.key("configuration");
  w.raw(config->json);
  w.end_object();
  co_return json_response(200, w.take());
}

}  // namespace ssai
