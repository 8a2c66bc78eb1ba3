#pragma once
// `ssai fixtures serve`: the stand-in origin and ad server for demos and tests.
//   GET /<file>          a file under the fixture directory (CORS on, as a CDN would)
//   GET /vast/<file>.xml a VAST/VMAP file with {{FIXTURE_BASE}} replaced by our own URL
//   GET /track/<event>   a tracking pixel: 204, counted by path and by path?query
//   GET /_faults?track_503_ms=N&track_hang_ms=M  from now on, tracking pixels answer 503
//                        for N ms, then hang (no answer until the sender gave up) for M
//                        ms; refused ones are counted as "refused:<path>?<query>" only,
//                        so the plain counts are beacons delivered
//   GET /_hits           {"<path>[?query]": count, ...} of every request so far
//   GET /_delivered_at   {"/track/<event>?<query>": Unix ms, ...}: when each pixel was
//                        first answered 204
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
  boost::asio::awaitable<Response> track(const Request& request);
  [[nodiscard]] Response set_faults(const Request& request);
  /// Honours ?delay_ms=N.
  boost::asio::awaitable<void> delay(const Request& request);
  static boost::asio::awaitable<void> pause(std::chrono::milliseconds ms);

  std::filesystem::path root_;
  double live_speed_;
  /// The live channels start at the first request for one, so a test's player starts at
  /// the same place in the channel however long the test took to get there.
  std::optional<std::chrono::steady_clock::time_point> live_start_;
  std::int64_t live_start_wall_ms_ = 0;  ///< the same moment on the wall clock (live DASH's)
  std::mutex mutex_;
  std::map<std::string, long> hits_;
  std::map<std::string, std::string> last_bodies_;
  std::map<std::string, Params> last_headers_;
  std::map<std::string, std::int64_t> delivered_at_;
  struct Faults {
    std::chrono::steady_clock::time_point refuse_until{};
    std::chrono::steady_clock::time_point hang_until{};
  };
  Faults faults_;
};

}  // namespace ssai
