#include "ssai/fixture_server.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "json_io.hpp"
#include "ssai/url.hpp"

namespace ssai {
namespace asio = boost::asio;

namespace {

constexpr std::string_view kBasePlaceholder = "{{FIXTURE_BASE}}";
constexpr long kMaxDelayMs = 30'000;

std::string content_type_for(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  if (ext == ".m3u8") return std::string(kHlsContentType);
  if (ext == ".ts") return "video/mp2t";
  if (ext == ".mp4" || ext == ".m4s") return "video/mp4";
  if (ext == ".mpd") return "application/dash+xml";
  if (ext == ".xml") return "application/xml";
  if (ext == ".json") return "application/json";
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript";
  return "application/octet-stream";
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

}  // namespace

FixtureServer::FixtureServer(std::filesystem::path root) : root_(std::move(root)) {}

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
  count(request.path);
  {
    std::lock_guard lock(mutex_);
    last_headers_[request.path] = request.headers;
  }
  if (request.method == "POST") {
    count("POST " + request.path);
    std::lock_guard lock(mutex_);
    last_bodies_[request.path] = request.body;
  }
  if (request.path.starts_with("/track/")) count(request.path + "?" + request.raw_query);

  if (auto delay = request.query_param("delay_ms")) {
    long ms = 0;
    std::from_chars(delay->data(), delay->data() + delay->size(), ms);
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(std::chrono::milliseconds{std::clamp(ms, 0L, kMaxDelayMs)});
    co_await timer.async_wait(asio::use_awaitable);
  }
  if (request.path.starts_with("/track/")) {
    Response pixel;
    pixel.status = 204;
    pixel.content_type = "text/plain";
    co_return pixel;
  }
  co_return file(request);
}

Response FixtureServer::file(const Request& request) {
  const std::string_view relative = std::string_view(request.path).substr(1);
  if (!is_safe_content_path(relative)) return error_response({Errc::kNotFound, "no fixture " + request.path});
  const auto path = root_ / std::filesystem::path(relative);
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path)) return error_response({Errc::kNotFound, "no fixture " + request.path});
  std::ostringstream body;
  body << in.rdbuf();
  Response response;
  response.content_type = content_type_for(path);
  response.body = body.str();
  if (relative.starts_with("vast/")) {
    replace_all(response.body, kBasePlaceholder, "http://" + request.host);
  }
  return response;
}

}  // namespace ssai
