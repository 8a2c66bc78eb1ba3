// What a hostile client, origin or ad server tried against the service (issue 20's
// findings), each against the real binary on loopback: every one of these failed before
// the fix.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "support/files.hpp"
#include "support/http_get.hpp"
#include "support/outbound.hpp"
#include "support/process.hpp"

using test_support::http_get;
using test_support::http_request;
using test_support::ServerProcess;
using namespace std::chrono_literals;

namespace {

// A raw connection, for requests no HTTP client would send.
class RawConnection {
 public:
  explicit RawConnection(int port, std::chrono::seconds patience = 20s) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{static_cast<time_t>(patience.count()), 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() { close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  [[nodiscard]] bool connected() const { return connected_; }
  void send_text(const std::string& text) { (void)::send(fd_, text.data(), text.size(), MSG_NOSIGNAL); }
  /// Everything until the peer closes (or the patience runs out).
  std::string read_all() {
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = recv(fd_, buffer, sizeof buffer, 0)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

// A VAST pod of `ads` wrappers, each pointing at a target that does not exist and
// naming its own Error URL.
std::string wrapper_bomb(int ads) {
  std::string xml = "<VAST version=\"4.2\">";
  for (int i = 1; i <= ads; ++i) {
    const auto n = std::to_string(i);
    xml += "<Ad id=\"w" + n + "\" sequence=\"" + n + "\"><Wrapper><AdSystem>x</AdSystem><VASTAdTagURI>{{FIXTURE_BASE}}/vast/none-" + n +
           ".xml</VASTAdTagURI><Error>{{FIXTURE_BASE}}/track/error?ad=" + n + "</Error><Impression>{{FIXTURE_BASE}}/track/imp?ad=" +
           n + "</Impression></Wrapper></Ad>";
  }
  return xml + "</VAST>";
}

// The fixture origin, an ad server serving this test's own files, and the service.
struct Stack {
  test_support::TempDir dir;
  ServerProcess fixtures{SSAI_FIXTURES_BINARY, {"serve", "--dir", SSAI_FIXTURES_DIR, "--listen", "127.0.0.1:0"}};
  std::unique_ptr<ServerProcess> ads;
  std::unique_ptr<ServerProcess> ssai;

  explicit Stack(const std::string& service_fields = "", const std::vector<std::string>& launcher = {}) {
    test_support::write_file(dir.path() / "ads" / "vast" / "bomb.xml", wrapper_bomb(200));
    ads = std::make_unique<ServerProcess>(SSAI_FIXTURES_BINARY, std::vector<std::string>{"serve", "--dir",
                                                                                (dir.path() / "ads").string(), "--listen", "127.0.0.1:0"});
    const std::string fx = fixtures.url();
    test_support::write_file(dir.path() / "config.json",
        "{" + test_support::outbound_allowing({fx, ads->url()}) + ", " + service_fields + (service_fields.empty() ? "" : ", ") +
        "\"ad_renditions\": {\"dir\": \"" + std::string(SSAI_FIXTURES_DIR) + "/media/ads\", \"base_url\": \"" + fx + "/media/ads/\"},"
        " \"playback_configurations\": {"
        "\"demo\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx + "/vast/pod.xml\"},"
        "\"bomb\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + ads->url() + "/vast/bomb.xml\"},"
        "\"capped\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx + "/vast/pod.xml\", \"max_sessions\": 2}}}");
    std::vector<std::string> args = launcher;
    std::string binary = SSAI_BINARY;
    if (!args.empty()) {
      binary = args.front();
      args.erase(args.begin());
      args.push_back(SSAI_BINARY);
    }
    for (const char* arg : {"serve", "--config"}) args.emplace_back(arg);
    args.push_back((dir.path() / "config.json").string());
    args.insert(args.end(), {"--listen", "127.0.0.1:0"});
    ssai = std::make_unique<ServerProcess>(binary, args);
  }
};

}  // namespace

TEST_CASE("hostile ad server: a pod of 200 wrappers costs one decision its outbound budget, no more") {
  Stack stack;
  const auto master = http_get(stack.ssai->url() + "/v1/master/bomb/content/master.m3u8");
  REQUIRE(master.status == 200);
  std::smatch variant;
  REQUIRE(std::regex_search(master.body, variant, std::regex("http://[^\\n]+/v1/manifest/([0-9a-f]+)/0\\.m3u8[^\\n]*")));
  const std::string session = variant[1];
  REQUIRE(http_get(variant.str()).status == 200);  // decides the breaks, wrappers and all
  // The wrappers were fetched during the decision, which has finished.
  const auto hits = http_get(stack.ads->url() + "/_hits").body;
  const int wrapper_fetches = count_of(hits, "\"/vast/none-");
  INFO(hits);
  CHECK(wrapper_fetches > 0);
  CHECK(wrapper_fetches <= 31);  // the default budget of 32, less the ad request
  // The Error beacons it queued (each is one more request) fit in what is left of it.
  // (here the wrappers spent it all: 200 Error URLs are left untold).
  const auto audit = http_get(stack.ssai->url() + "/v1/sessions/" + session + "/beacons").body;
  const int errors = count_of(audit, "\"event\":\"error\"");
  INFO(audit);
  CHECK(1 + wrapper_fetches + errors <= 32);
  // The metric says what was held back, and why.
  CHECK_THAT(http_get(stack.ssai->url() + "/metrics").body, Catch::Contains("reason=\"budget\""));
}

TEST_CASE("hostile client: a forged Host never reaches a manifest, the service's own address does") {
  Stack stack;
  const std::string master_url = stack.ssai->url() + "/v1/master/demo/content/master.m3u8";
  for (const std::string host : {"evil.example:666", "evil.example", "a\"b:80", "x\" CHARACTERISTICS=\"y"}) {
    INFO(host);
    const auto forged = http_request({"GET", master_url, {"Host: " + host}, ""});
    REQUIRE(forged.status == 200);
    CHECK(forged.body.find("evil") == std::string::npos);
    CHECK(forged.body.find("CHARACTERISTICS=\"y") == std::string::npos);
    CHECK(forged.body.find("a\"b") == std::string::npos);
    // The variant URLs are path-absolute: players resolve them against the master's URL.
    CHECK_THAT(forged.body, Catch::Contains("\n/v1/manifest/"));
  }
  // Asked under the address it listens on, it writes absolute URLs as before.
  const auto honest = http_get(master_url);
  REQUIRE(honest.status == 200);
  CHECK_THAT(honest.body, Catch::Contains("\n" + stack.ssai->url() + "/v1/manifest/"));
}

TEST_CASE("hostile client: a Transfer-Encoding other than chunked is refused, nothing smuggled after it") {
  Stack stack;
  for (const std::string coding : {"xchunked", "chunked, identity", "gzip", "identity", "chunked\r\nContent-Length: 5"}) {
    INFO(coding);
    RawConnection connection(stack.ssai->port());
    REQUIRE(connection.connected());
    connection.send_text("POST /v1/session/demo/content/master.m3u8 HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: " + coding +
                         "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const auto answer = connection.read_all();
    CHECK(answer.rfind("HTTP/1.1 400 ", 0) == 0);
    CHECK(count_of(answer, "HTTP/1.1 ") == 1);  // the smuggled request was never read
  }
  // Plain chunked still works.
  RawConnection chunked(stack.ssai->port());
  chunked.send_text("POST /v1/session/demo/content/master.m3u8 HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                    "Connection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  CHECK(chunked.read_all().rfind("HTTP/1.1 200 ", 0) == 0);
}

TEST_CASE("inbound limits: each answers with its status") {
  Stack stack;
  const std::string base = stack.ssai->url();
  // A session's body is bounded per route (16 KiB), its player parameters too.
  const std::string big_body = "{\"adsParams\": {\"x\": \"" + std::string(20'000, 'a') + "\"}}";
  CHECK(http_request({"POST", base + "/v1/session/demo/content/master.m3u8", {"Content-Type: application/json"}, big_body}).status == 413);
  std::string many = "{\"adsParams\": {";
  for (int i = 0; i < 100; ++i) many += (i ? ", " : "") + std::string("\"k") + std::to_string(i) + "\": \"" + std::string(100, 'v') + "\"";
  many += "}}";
  const auto params = http_request({"POST", base + "/v1/session/demo/content/master.m3u8", {}, many});
  CHECK(params.status == 413);
  CHECK_THAT(params.body, Catch::Contains("player parameters over the limit"));
  CHECK(http_get(base + "/v1/master/demo/content/master.m3u8?big=" + std::string(9000, 'q')).status == 413);
  // JSON nested past the limit: a clear 400, the stack untouched.
  CHECK(http_request({"POST", base + "/v1/session/demo/content/master.m3u8", {}, std::string(5000, '[') + std::string(5000, ']')})
            .status == 400);
  // Header fields: too many, or too large altogether.
  std::vector<std::string> headers;
  for (int i = 0; i < 150; ++i) headers.push_back("X-Filler-" + std::to_string(i) + ": 1");
  CHECK(http_request({"GET", base + "/healthz", headers, ""}).status == 431);
  CHECK(http_request({"GET", base + "/healthz", {"X-Big: " + std::string(20'000, 'h')}, ""}).status == 431);
  // A body on a route that takes none.
  CHECK(http_request({"POST", base + "/v1/master/demo/content/master.m3u8", {}, std::string(8000, 'b')}).status == 413);
  CHECK(http_get(base + "/healthz").status == 200);
}

TEST_CASE("an HTTPS listener beside the plain one: the same service, URLs in https") {
  test_support::TempDir keys;
  const auto cert = keys.path() / "cert.pem";
  const auto key = keys.path() / "key.pem";
  const std::string make = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
                           " -keyout " + key.string() + " -out " + cert.string() + " 2>/dev/null";
  REQUIRE(std::system(make.c_str()) == 0);
  // A free port: bound, noted, let go.
  int port = 0;
  {
    const int probe = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    close(probe);
  }
  const std::string https = "https://127.0.0.1:" + std::to_string(port);
  Stack stack("\"tls\": {\"listen\": \"127.0.0.1:" + std::to_string(port) + "\", \"certificate\": \"" + cert.string() +
              "\", \"key\": \"" + key.string() + "\"}");
  test_support::HttpResult master;
  for (int i = 0; i < 100 && master.status == 0; ++i) {  // listening once the plain listener is
    master = http_request({"GET", https + "/v1/master/demo/content/master.m3u8", {}, "", cert.string()});
    if (master.status == 0) std::this_thread::sleep_for(50ms);
  }
  REQUIRE(master.status == 200);
  CHECK_THAT(master.body, Catch::Contains("\n" + https + "/v1/manifest/"));
  // Without trusting the certificate, curl refuses: it really is TLS.
  CHECK(http_get(https + "/healthz").status == 0);
  CHECK(http_get(stack.ssai->url() + "/healthz").status == 200);
}

TEST_CASE("/metrics behind its token when one is configured") {
  Stack open_metrics;
  CHECK(http_get(open_metrics.ssai->url() + "/metrics").status == 200);
  Stack guarded(R"("metrics_token": "scrape-token-0123456789")");
  CHECK(http_get(guarded.ssai->url() + "/metrics").status == 401);
  CHECK(http_request({"GET", guarded.ssai->url() + "/metrics", {"Authorization: Bearer wrong-token-0123456789"}, ""}).status == 401);
  const auto scraped = http_request({"GET", guarded.ssai->url() + "/metrics", {"Authorization: Bearer scrape-token-0123456789"}, ""});
  CHECK(scraped.status == 200);
  CHECK_THAT(scraped.body, Catch::Contains("ssai_http_requests_total"));
}

TEST_CASE("session creation: a flood from one client gets 429 with Retry-After, other clients and sessions go on") {
  // Behind a trusted proxy, clients are told apart by X-Forwarded-For.
  Stack stack(R"("trusted_proxies": ["127.0.0.1"], "session_limits": {"create_per_second": 1, "create_burst": 5})");
  const std::string url = stack.ssai->url() + "/v1/session/demo/content/master.m3u8";
  const auto watched = http_request({"POST", url, {"X-Forwarded-For: 198.51.100.7"}, ""});
  REQUIRE(watched.status == 200);
  int created = 0;
  int refused = 0;
  for (int i = 0; i < 30; ++i) {
    const auto answer = http_request({"POST", url, {"X-Forwarded-For: 203.0.113.9"}, ""});
    if (answer.status == 200) ++created;
    if (answer.status == 429) {
      ++refused;
      CHECK_THAT(answer.body, Catch::Contains("too_many_requests"));
    }
  }
  CHECK(created >= 5);  // the burst
  CHECK(refused > 0);
  CHECK(created + refused == 30);
  // A configuration's own cap holds whoever asks, and leaves the others alone.
  const std::string capped = stack.ssai->url() + "/v1/session/capped/content/master.m3u8";
  CHECK(http_request({"POST", capped, {"X-Forwarded-For: 198.51.100.21"}, ""}).status == 200);
  CHECK(http_request({"POST", capped, {"X-Forwarded-For: 198.51.100.22"}, ""}).status == 200);
  const auto over_cap = http_request({"POST", capped, {"X-Forwarded-For: 198.51.100.23"}, ""});
  CHECK(over_cap.status == 503);
  CHECK_THAT(over_cap.body, Catch::Contains("most sessions"));
  // Another client is not held back by the flood.
  CHECK(http_request({"POST", url, {"X-Forwarded-For: 198.51.100.8"}, ""}).status == 200);
  // A forged X-Forwarded-For from an untrusted hop is not believed: the proxy's own
  // address (the last hop) is the client.
  Stack direct(R"("session_limits": {"create_per_second": 1, "create_burst": 2})");
  const std::string direct_url = direct.ssai->url() + "/v1/session/demo/content/master.m3u8";
  int direct_refused = 0;
  for (int i = 0; i < 6; ++i) {
    direct_refused += http_request({"POST", direct_url, {"X-Forwarded-For: 192.0.2." + std::to_string(i)}, ""}).status == 429;
  }
  CHECK(direct_refused > 0);
}

TEST_CASE("out of descriptors: idle clients are shed, the accept loop backs off, /healthz answers") {
  // 256 descriptors and 300 idle clients: the service used to spin a core on accept,
  // log millions of lines and stop answering.
  Stack stack("", {"/usr/bin/prlimit", "--nofile=256:256"});
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 300; ++i) idle.push_back(std::make_unique<RawConnection>(stack.ssai->port(), 5s));
  const auto began = std::chrono::steady_clock::now();
  bool healthy = false;
  for (int attempt = 0; attempt < 20 && !healthy; ++attempt) healthy = http_get(stack.ssai->url() + "/healthz").status == 200;
  CHECK(healthy);
  CHECK(std::chrono::steady_clock::now() - began < 60s);
  // And it still serves a session.
  CHECK(http_get(stack.ssai->url() + "/v1/master/demo/content/master.m3u8").status == 200);
  const auto log = stack.ssai->log();
  CHECK(count_of(log, "accept failed") < 20);
}

TEST_CASE("slow clients and a session flood at once: other sessions keep being served") {
  Stack stack(R"("session_limits": {"create_per_second": 5, "create_burst": 20})");
  const auto master = http_get(stack.ssai->url() + "/v1/master/demo/content/master.m3u8");
  REQUIRE(master.status == 200);
  std::smatch variant;
  REQUIRE(std::regex_search(master.body, variant, std::regex("http://[^\\n]+/v1/manifest/[^\\n]+")));
  // 200 clients that start a request and never finish its head (slowloris).
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 200; ++i) {
    slow.push_back(std::make_unique<RawConnection>(stack.ssai->port(), 2s));
    slow.back()->send_text("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
  }
  // A flood of new sessions from another thread, bounded.
  std::atomic<int> flood_answers{0};
  std::thread flood([&] {
    for (int i = 0; i < 100; ++i) {
      if (http_request({"POST", stack.ssai->url() + "/v1/session/demo/content/master.m3u8", {}, ""}).status != 0) ++flood_answers;
    }
  });
  int served = 0;
  for (int i = 0; i < 20; ++i) served += http_get(variant.str()).status == 200;
  flood.join();
  CHECK(served == 20);
  CHECK(flood_answers == 100);  // refused or served, each answered
}
