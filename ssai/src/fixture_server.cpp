#include "ssai/fixture_server.hpp"

#include <charconv>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "json_io.hpp"
#include "manifests/hls/parser.hpp"
#include "ssai/fixture_live.hpp"
#include "ssai/static_files.hpp"

namespace ssai {
namespace asio = boost::asio;

namespace {

constexpr std::string_view kBasePlaceholder = "{{FIXTURE_BASE}}";
constexpr long kMaxDelayMs = 30'000;

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

}  // namespace

FixtureServer::FixtureServer(std::filesystem::path root, double live_speed)
    : root_(std::move(root)), live_speed_(live_speed) {}

void FixtureServer::count(const std::string& key) {
  std::lock_guard lock(mutex_);
  ++hits_[key];
}

std::string FixtureServer::hits_json() {
  JsonWriter w;
  w.begin_object();
  std::lock_guard lock(mutex_);
  for (const auto& [key, n] : hits_) w.field(key, static_cast<std::int64_t>(n));
  w.end_object();
  return w.take();
}

asio::awaitable<Response> FixtureServer::handle(Request request) {
  if (request.path == "/_hits") co_return json_response(200, hits_json());
  if (request.path == "/_delivered_at") {
    JsonWriter w;
    w.begin_object();
    std::lock_guard lock(mutex_);
    for (const auto& [key, at] : delivered_at_) w.field(key, at);
    w.end_object();
    co_return json_response(200, w.take());
  }
  if (request.path == "/_last_body") {
    std::lock_guard lock(mutex_);
    auto it = last_bodies_.find(std::string(request.query_param("path").value_or("")));
    Response body;
    body.content_type = "text/plain";
    body.body = it == last_bodies_.end() ? std::string{} : it->second;
    co_return body;
  }
  if (request.path == "/_last_headers") {
    JsonWriter w;
    w.begin_object();
    std::lock_guard lock(mutex_);
    if (auto it = last_headers_.find(std::string(request.query_param("path").value_or(""))); it != last_headers_.end()) {
      for (const auto& [name, value] : it->second) w.field(name, value);
    }
    w.end_object();
    co_return json_response(200, w.take());
  }
  if (request.path == "/_faults") co_return set_faults(request);
  if (request.path.starts_with("/track/")) co_return co_await track(request);
  count(request.path);
  // Ad requests also by their query ("query:" keys, apart from the per-path counts), so
  // tests can see which parameters reached the ad server.
  if (request.path.starts_with("/vast/") && !request.raw_query.empty()) count("query:" + request.path + "?" + request.raw_query);
  {
    std::lock_guard lock(mutex_);
    last_headers_[request.path] = request.headers;
  }
  if (request.method == "POST") {
    count("POST " + request.path);
    std::lock_guard lock(mutex_);
    last_bodies_[request.path] = request.body;
  }
  co_await delay(request);
  if (request.path.starts_with("/live/")) co_return live(request);
  co_return file(request);
}

asio::awaitable<void> FixtureServer::delay(const Request& request) {
  auto value = request.query_param("delay_ms");
  if (!value) co_return;
  long ms = 0;
  std::from_chars(value->data(), value->data() + value->size(), ms);
  co_await pause(std::chrono::milliseconds{std::clamp(ms, 0L, kMaxDelayMs)});
}

asio::awaitable<Response> FixtureServer::track(const Request& request) {
  {
    std::lock_guard lock(mutex_);
    last_headers_[request.path] = request.headers;
  }
  co_await delay(request);
  const auto key = request.path + "?" + request.raw_query;
  Response answer{204, "text/plain", "", {}};
  std::chrono::steady_clock::time_point hang_until{};
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (now < faults_.refuse_until) answer.status = 503;
    if (now >= faults_.refuse_until && now < faults_.hang_until) hang_until = faults_.hang_until;
  }
  if (hang_until != std::chrono::steady_clock::time_point{}) {
    // Silent for the rest of the hang and a second more: the sender has given up.
    co_await pause(std::chrono::duration_cast<std::chrono::milliseconds>(hang_until - std::chrono::steady_clock::now()) +
                   std::chrono::seconds{1});
    answer.status = 503;
  }
  if (answer.status != 204) {
    count("refused:" + key);
    co_return answer;
  }
  count(request.path);
  count(key);
  std::lock_guard lock(mutex_);
  delivered_at_.emplace(key, std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count());
  co_return answer;
}

Response FixtureServer::set_faults(const Request& request) {
  auto millis = [&](std::string_view name) {
    long ms = 0;
    if (auto value = request.query_param(name)) std::from_chars(value->data(), value->data() + value->size(), ms);
    return std::chrono::milliseconds{std::clamp(ms, 0L, 10 * kMaxDelayMs)};
  };
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  faults_.refuse_until = now + millis("track_503_ms");
  faults_.hang_until = faults_.refuse_until + millis("track_hang_ms");
  return json_response(200, R"({"faults":"set"})");
}

asio::awaitable<void> FixtureServer::pause(std::chrono::milliseconds ms) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(std::clamp(ms, std::chrono::milliseconds{0}, std::chrono::milliseconds{kMaxDelayMs}));
  co_await timer.async_wait(asio::use_awaitable);
}

Response FixtureServer::live(const Request& request) {
  // /live/<dialect>/<path of a playlist under the fixture directory>
  const std::string_view rest = std::string_view(request.path).substr(6);
  const auto slash = rest.find('/');
  const auto dialect = live_cue_dialect(rest.substr(0, slash));
  if (slash == std::string_view::npos || !dialect) {
    return error_response({Errc::kNotFound, "expected /live/{cue-out|elemental|daterange|unsignalled|none}/{playlist}"});
  }
  const std::string_view relative = rest.substr(slash + 1);
  Response response = serve_file(root_, relative);
  // Masters and media (DASH segments resolve against the MPD's URL) are served as they are.
  const bool listing = relative.ends_with(".m3u8") || relative.ends_with(".mpd");
  if (response.status != 200 || !listing || response.body.find("#EXT-X-STREAM-INF") != std::string::npos) return response;
  const auto now = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point start;
  std::int64_t start_wall_ms = 0;
  {
    std::lock_guard lock(mutex_);
    if (!live_start_) {
      live_start_ = now;
      live_start_wall_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count();
    }
    start = *live_start_;
    start_wall_ms = live_start_wall_ms_;
  }
  const double seconds = std::chrono::duration<double>(now - start).count() * live_speed_;
  if (relative.ends_with(".mpd")) {
    // DASH: the MPD names its segments relative to itself; the cues are the VOD's own.
    auto vod = manifests::dash::Mpd::parse(response.body);
    if (!vod) return error_response({Errc::kBadRequest, "not an MPD: " + vod.error().detail});
    auto text = live_mpd(*vod, seconds, start_wall_ms - kLiveLeadMs);
    if (!text) return error_response(text.error());
    Response mpd;
    mpd.content_type = "application/dash+xml";
    mpd.body = std::move(*text);
    return mpd;
  }
  auto vod = manifests::hls::parse_media(std::move(response.body));
  if (!vod) return error_response({Errc::kBadRequest, "not a media playlist: " + vod.error().detail});
  // Segments stay where the VOD has them.
  const auto directory = relative.substr(0, relative.rfind('/') + 1);
  auto text = live_window(*vod, seconds, {*dialect, 6, "/" + std::string(directory)});
  if (!text) return error_response(text.error());
  Response playlist;
  playlist.content_type = "application/vnd.apple.mpegurl";
  playlist.body = std::move(*text);
  return playlist;
}

Response FixtureServer::file(const Request& request) {
  const std::string_view relative = std::string_view(request.path).substr(1);
  Response response = serve_file(root_, relative);
  if (response.status == 200 && relative.starts_with("vast/")) {
    replace_all(response.body, kBasePlaceholder, "http://" + request.host);
  }
  return response;
}

}  // namespace ssai
