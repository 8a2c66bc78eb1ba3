#pragma once
// The service in this process, for route tests that need no binary: the fixture server's
// handler on a loopback port of this process (the service fetches from it as from any
// origin), a memory store and beacon queue, a ManualClock, and requests handed to
// Service::handle as the HTTP server would hand them.
#include <memory>
#include <string>

#include "adcache/job_store.hpp"
#include "fixtures/server.hpp"
#include "ssai/clock.hpp"
#include "ssai/fetcher.hpp"
#include "ssai/http_server.hpp"
#include "ssai/memory_beacon_queue.hpp"
#include "ssai/memory_store.hpp"
#include "ssai/service.hpp"
#include "support/loop.hpp"

namespace test_support {

class InProcessService {
 public:
  /// The service's configuration as JSON members (`configuration`), where "{fx}" stands
  /// for the fixture server's URL; outbound requests are allowed to it only. The fixture
  /// server serves `root` (by default fixtures/: media, VAST).
  /// `renditions`: the conditioned ads (by default the fixtures' own, which ops/test makes
  /// with ffmpeg), served by the fixture server under /ads/ when it is under `root`.
  explicit InProcessService(const std::string& configuration, const std::string& root = SSAI_FIXTURES_DIR,
                            const std::string& renditions = "");
  ~InProcessService();

  /// A request as a player on 127.0.0.1 would make it, `target` being a path with its
  /// query or an absolute URL of this service (http://127.0.0.1:8080/...).
  ssai::Response request(const std::string& method, const std::string& target, const std::string& body = {});
  ssai::Response get(const std::string& target) { return request("GET", target); }

  /// Where the service says it is: the origin of the absolute URLs it writes.
  static constexpr const char* kOrigin = "http://127.0.0.1:8080";
  [[nodiscard]] const std::string& fixtures_url() const { return fixtures_url_; }

  ssai::ManualClock clock;

 private:
  Loop loop_;
  ssai::FixtureServer fixture_handler_;
  std::unique_ptr<ssai::HttpServer> fixtures_;
  std::string fixtures_url_;
  ssai::MemoryStore store_{clock};
  adcache::MemoryJobStore jobs_;
  ssai::MemoryBeaconQueue beacons_{std::chrono::seconds(30), 10'000, clock};
  std::unique_ptr<ssai::Fetcher> fetcher_;
  std::unique_ptr<ssai::Service> service_;
};

}  // namespace test_support
