#pragma once
// `ssai fixtures serve`: the stand-in origin and ad server for demos and tests.
//   GET /<file>          a file under the fixture directory (CORS on, as a CDN would)
//   GET /vast/<file>.xml a VAST/VMAP file with {{FIXTURE_BASE}} replaced by our own URL
//   GET /track/<event>   a tracking pixel; counted
//   GET /_hits           {"<path>[?query]": count, ...} of every request so far
//   GET /_last_body?path=P     the body of the last POST to P (ad servers taking POSTs)
//   GET /_last_headers?path=P  {"Header": "value", ...} of the last request to P
//   GET /live/<dialect>/<playlist>  the VOD playlist <playlist> as a looping live channel
//                        (fixture_live.hpp; dialect cue-out, elemental or daterange); a
//                        master playlist is served as it is, so its variants go live too
// Any request may add ?delay_ms=N (at most 30000) to play a slow peer.
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "ssai/http_types.hpp"

namespace ssai {

class FixtureServer {
 public:
  /// `live_speed`: how fast the live channels' clock runs (tests run it faster).
  explicit FixtureServer(std::filesystem::path root, double live_speed = 1.0);

  [[nodiscard]] boost::asio::awaitable<Response> handle(Request request);

 private:
  void count(const std::string& key);
  [[nodiscard]] std::string hits_json();
  [[nodiscard]] Response file(const Request& request);
  [[nodiscard]] Response live(const Request& request);

  std::filesystem::path root_;
  double live_speed_;
  /// The live channels start at the first request for one, so a test's player starts at
  /// the same place in the channel however long the test took to get there.
  std::optional<std::chrono::steady_clock::time_point> live_start_;
  std::mutex mutex_;
  std::map<std::string, long> hits_;
  std::map<std::string, std::string> last_bodies_;
  std::map<std::string, Params> last_headers_;
};

}  // namespace ssai
