// The outbound policy: which addresses the service may reach, judged on the address a
// connection is actually opened to. Each refused form is tried against a tripwire, a
// listening socket nobody accepts on: any connection that reached it is caught.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "adcache/job_store.hpp"
#include "ssai/conditioning.hpp"
#include "ssai/fetcher.hpp"
#include "ssai/http_server.hpp"
#include "ssai/outbound_policy.hpp"
#include "ssai/transcode_profile.hpp"
#include "support/loop.hpp"

using namespace std::chrono_literals;
using ssai::OutboundPolicy;

namespace {

// A socket listening on 127.0.0.1 that never accepts: the kernel completes any
// handshake aimed at it, and connected() finds that connection in its queue.
class Tripwire {
 public:
  Tripwire() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(fd_, 16) == 0);
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~Tripwire() { close(fd_); }
  [[nodiscard]] int port() const { return port_; }
  /// True when anything connected since the last call.
  bool connected() {
    bool any = false;
    for (int client; (client = accept(fd_, nullptr, nullptr)) >= 0;) {
      any = true;
      close(client);
    }
    return any;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

ssai::IpAddress address(const char* text) { return ssai::IpPrefix::parse(text).value().address; }

}  // namespace

TEST_CASE("outbound policy: non-public ranges in every form, public ones through", "[outbound]") {
  for (const char* text : {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                           "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.0.192",
                           "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1", "ff02::1", "::ffff:127.0.0.1",
                           "::ffff:169.254.169.254", "64:ff9b::7f00:1", "2002:7f00:1::1", "2001::1", "::127.0.0.1"}) {
    INFO(text);
    CHECK(OutboundPolicy::is_non_public(address(text)));
  }
  for (const char* text : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "64:ff9b::808:808",
                           "2002:808:808::1", "::ffff:8.8.8.8"}) {
    INFO(text);
    CHECK_FALSE(OutboundPolicy::is_non_public(address(text)));
  }
}

TEST_CASE("outbound policy: allow entries by host, host and port, address and CIDR", "[outbound]") {
  auto policy = OutboundPolicy::allowing({"127.0.0.1:8081", "origin.internal", "ads.internal:9000", "10.1.0.0/16", "[::1]:7000"});
  REQUIRE(policy);
  CHECK(policy->may_connect("127.0.0.1", 8081, address("127.0.0.1")));
  CHECK_FALSE(policy->may_connect("127.0.0.1", 8082, address("127.0.0.1")));
  CHECK(policy->may_connect("ORIGIN.internal", 443, address("10.9.9.9")));
  CHECK(policy->may_connect("ads.internal", 9000, address("192.168.0.5")));
  CHECK_FALSE(policy->may_connect("ads.internal", 9001, address("192.168.0.5")));
  CHECK(policy->may_connect("anything", 80, address("10.1.200.3")));
  CHECK_FALSE(policy->may_connect("anything", 80, address("10.2.0.1")));
  CHECK(policy->may_connect("::1", 7000, address("::1")));
  CHECK_FALSE(policy->may_connect("localhost", 7000, address("169.254.169.254")));
  CHECK(policy->may_connect("example.com", 443, address("93.184.216.34")));

  for (const char* bad : {"", "10.0.0.0/33", "host:99999", "[::1", "bad host", "a:b:c/"}) {
    INFO(bad);
    CHECK_FALSE(OutboundPolicy::allowing({bad}));
  }
}

TEST_CASE("outbound policy: only http and https URLs are fetched", "[outbound]") {
  const OutboundPolicy policy;
  for (const char* url : {"file:///etc/passwd", "/etc/passwd", "creatives/ad.mp4", "gopher://example.com/", "ftp://example.com/x",
                          "dict://example.com:11211/"}) {
    INFO(url);
    CHECK(policy.check_url(url) == ssai::OutboundRefusal::kScheme);
  }
  CHECK(policy.check_url("http:///nohost") != std::nullopt);
  CHECK(policy.check_url("https://ads.example.com/vast?x=1") == std::nullopt);
  // Read as leniently as curl: unexpanded macros are no reason to refuse.
  CHECK(policy.check_url("http://ads.example.com/imp?x=[NOTAMACRO]&y={z}") == std::nullopt);
  CHECK(OutboundPolicy::host_of("http://user@[::1]:80/x") == "::1");
  CHECK(OutboundPolicy::host_of("https://Ads.Example.COM:8443?q") == "ads.example.com");
  CHECK(OutboundPolicy::open().check_url("/etc/passwd") == std::nullopt);
}

TEST_CASE("fetcher: every spelling of a loopback address is refused before anything connects", "[outbound]") {
  test_support::Loop loop;
  Tripwire tripwire;
  ssai::Fetcher fetcher;  // the production default: nothing non-public allowed
  const std::string port = std::to_string(tripwire.port());
  for (const std::string host : {"127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0x7f.0.0.1",
                                 "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "localhost", "0.0.0.0", "[::1]"}) {
    const std::string url = "http://" + host + ":" + port + "/vast.xml";
    INFO(url);
    auto result = loop.await(fetcher.get(url, ssai::FetchOptions{}));
    REQUIRE_FALSE(result);
    INFO(result.error().detail);
    // Refused by the policy, or not even a URL to curl: never sent either way.
    CHECK((result.error().code == ssai::FetchErrc::kRefused || result.error().code == ssai::FetchErrc::kBadUrl));
    CHECK_FALSE(tripwire.connected());
  }
  // The blocking path (conditioning workers) is judged the same way.
  auto blocking = ssai::Fetcher::get_blocking("http://localhost:" + port + "/ad.mp4", ssai::FetchOptions{}, OutboundPolicy{});
  REQUIRE_FALSE(blocking);
  CHECK(blocking.error().code == ssai::FetchErrc::kRefused);
  CHECK_FALSE(tripwire.connected());
  loop.stop();
}

TEST_CASE("fetcher: the cloud metadata address is refused without a connection attempt", "[outbound]") {
  test_support::Loop loop;
  ssai::Fetcher fetcher;
  ssai::FetchOptions options;
  options.timeout = 3000ms;
  const auto began = std::chrono::steady_clock::now();
  for (const char* url : {"http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/meta-data/",
                          "http://[::ffff:a9fe:a9fe]/latest/meta-data/"}) {
    INFO(url);
    auto result = loop.await(fetcher.get(url, options));
    REQUIRE_FALSE(result);
    CHECK(result.error().code == ssai::FetchErrc::kRefused);
    CHECK(result.error().refusal == ssai::OutboundRefusal::kAddress);
  }
  // Refused at the socket, not after waiting for a connection that would time out.
  CHECK(std::chrono::steady_clock::now() - began < 2500ms);
  loop.stop();
}

TEST_CASE("fetcher: an allowed server's redirect to a non-public address is refused at the hop", "[outbound]") {
  test_support::Loop loop;
  Tripwire tripwire;
  ssai::HttpServer redirector(loop.io(), "127.0.0.1", 0, [&tripwire](ssai::Request request) -> boost::asio::awaitable<ssai::Response> {
    ssai::Response response;
    if (request.path == "/ok") {
      response.body = "fine";
      co_return response;
    }
    response.status = 302;
    response.headers.emplace_back("Location", "http://127.0.0.1:" + std::to_string(tripwire.port()) + "/secret");
    co_return response;
  });
  redirector.start();
  // Exactly the redirector is allowed (its port), not the address as a whole.
  ssai::Fetcher fetcher({}, OutboundPolicy::allowing({"127.0.0.1:" + std::to_string(redirector.port())}).value());
  const std::string base = "http://127.0.0.1:" + std::to_string(redirector.port());
  auto fine = loop.await(fetcher.get(base + "/ok", ssai::FetchOptions{}));
  REQUIRE(fine);
  CHECK(fine->body == "fine");
  auto redirected = loop.await(fetcher.get(base + "/go", ssai::FetchOptions{}));
  REQUIRE_FALSE(redirected);
  CHECK(redirected.error().code == ssai::FetchErrc::kRefused);
  CHECK_FALSE(tripwire.connected());
  loop.stop();
}

TEST_CASE("conditioning: a creative named by a local path is refused, never read", "[outbound]") {
  // An ad server (or any wrapper in its chain) can name a MediaFile or Mezzanine that
  // is a bare path: a worker must not read it, condition it and publish it to anyone.
  ssai::ServiceConfig config;
  const auto library = std::filesystem::temp_directory_path() / "ssai-outbound-test-library";
  config.ad_renditions_dir = library;
  adcache::MemoryJobStore jobs;
  auto work = ssai::conditioning_work(config, jobs);
  const std::string profile = ssai::profile_source(R"({"segment_seconds": 2, "rungs": [{"name": "small", "width": 480, "height": 270, "video_bitrate": 400000}]})");
  const std::string local = std::string(SSAI_FIXTURES_DIR) + "/vast/inline.xml";
  for (const std::string& source : {local, "file://" + local}) {
    INFO(source);
    auto report = work({"local-creative", source, profile, false, ""});
    REQUIRE_FALSE(report);
    CHECK_THAT(report.error().detail, Catch::Contains("not an http or https URL") || Catch::Contains("scheme is not fetched"));
  }
  // Nor is a creative's own HLS rendition set adopted from a path.
  auto adopted = work({"local-streaming", "", profile, false, local});
  REQUIRE_FALSE(adopted);
  CHECK_FALSE(std::filesystem::exists(library / "local-streaming"));
  std::filesystem::remove_all(library);
}
