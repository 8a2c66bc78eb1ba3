// Admin routes, behind the configured bearer token:
//   GET /v1/creatives/{key}   a creative's conditioning state, published renditions and report
//   PUT /v1/config/{name}     add or replace a playback configuration (body: its JSON object)
//   GET /v1/config/{name}     the configuration in force, and where it comes from
//   DELETE /v1/config/{name}  remove a run-time configuration (the file's comes back)
// and GET /metrics, behind the metrics token when there is one.
#include "routes/admin_routes.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fstream>
#include <sstream>

#include "common/json_io.hpp"
#include "ssai/conditioning.hpp"
#include "ssai/log.hpp"
#include "manifests/time.hpp"
#include "ssai/detached.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {

namespace fs = std::filesystem;
constexpr std::uintmax_t kMaxReportBytes = 64 * 1024;

// What adcache::creative_key can produce.
bool is_creative_key(std::string_view key) {
  return !key.empty() && key.size() <= 128 && key.front() != '.' &&
         key.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == std::string_view::npos;
}

}  // namespace

asio::awaitable<AdminRoutes::CreativeRecord> AdminRoutes::creative_record(std::string key) {
  CreativeRecord record{jobs_.status(key), library_.inspect(key), {}};
  const auto report = renditions_dir_ / key / kReportFile;
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

asio::awaitable<adcache::Result<adcache::QueueDepth>> AdminRoutes::queue_depth() { co_return jobs_.depth(); }

asio::awaitable<Response> AdminRoutes::creative_status(const Request& request, std::string_view key) {
  if (auto allowed = access_.admin(request); !allowed) co_return error_response(allowed.error());
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

asio::awaitable<Response> AdminRoutes::config_admin(const Request& request, std::string_view name) {
  if (auto allowed = access_.admin(request); !allowed) co_return error_response(allowed.error());
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

asio::awaitable<Response> AdminRoutes::metrics_page(const Request& request) {
  if (auto allowed = access_.metrics(request); !allowed) co_return error_response(allowed.error());
  // The job store blocks: asked on the blocking pool, as of this scrape.
  if (auto depth = co_await asio::co_spawn(blocking_, queue_depth(), asio::use_awaitable); depth) {
    metrics_.set("ssai_conditioning_queue_depth", {{"state", "pending"}}, static_cast<double>(depth->pending));
    metrics_.set("ssai_conditioning_queue_depth", {{"state", "conditioning"}}, static_cast<double>(depth->conditioning));
  } else {
    log::warn("metrics", "conditioning queue depth unknown: " + depth.error().detail);
  }
  metrics_.set("ssai_detached_failures_total", {}, static_cast<double>(detached_failures()));
  Response metrics{200, "text/plain; version=0.0.4", metrics_.prometheus_text(), {}};
  co_return metrics;
}

}  // namespace ssai
