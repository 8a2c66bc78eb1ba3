// Which Host and which client address are believed, and the base of absolute URLs.
#include <catch2/catch.hpp>

#include "ssai/request_origin.hpp"

namespace {

ssai::Request request(std::string host, std::string remote, ssai::Params headers = {}) {
  ssai::Request r;
  r.host = std::move(host);
  r.remote_address = std::move(remote);
  r.headers = std::move(headers);
  return r;
}

}  // namespace

TEST_CASE("request origin: only a known, well-formed Host makes absolute URLs") {
  ssai::RequestOriginSettings settings;
  settings.listen = "127.0.0.1:8080";
  settings.public_hosts = {"ssai.example.com", "ssai.example.com:8443"};
  CHECK(ssai::public_base_for(request("127.0.0.1:8080", "127.0.0.1"), settings) == "http://127.0.0.1:8080/");
  CHECK(ssai::public_base_for(request("SSAI.example.com", "203.0.113.1"), settings) == "http://ssai.example.com/");
  CHECK(ssai::public_base_for(request("ssai.example.com:8443", "203.0.113.1"), settings) == "http://ssai.example.com:8443/");
  for (const char* forged : {"evil.example", "evil.example:666", "a\"b", "127.0.0.1:8080\" X=\"y", "", "ssai.example.com:9999",
                             "[::1", "host/path"}) {
    INFO(forged);
    CHECK(ssai::public_base_for(request(forged, "203.0.113.1"), settings) == "/");
  }
  settings.public_base_url = "https://cdn.example.com/";
  CHECK(ssai::public_base_for(request("evil.example", "203.0.113.1"), settings) == "https://cdn.example.com/");
}

TEST_CASE("request origin: forwarded headers only from trusted proxies") {
  ssai::RequestOriginSettings settings;
  settings.listen = "127.0.0.1:8080";
  settings.trusted_proxies = {ssai::IpPrefix::parse("10.0.0.0/8").value()};
  const ssai::Params forwarded{{"X-Forwarded-For", "192.0.2.50, 198.51.100.7, 10.0.0.3"},
                               {"x-forwarded-host", "ssai.example.org"},
                               {"X-Forwarded-Proto", "https"}};
  // From a trusted proxy: the last address that is not a proxy is the viewer's (what
  // the client wrote before it, 192.0.2.50, is its own claim), the host and scheme too.
  CHECK(ssai::client_address(request("x", "10.0.0.9", forwarded), settings) == "198.51.100.7");
  CHECK(ssai::public_base_for(request("x", "10.0.0.9", forwarded), settings) == "https://ssai.example.org/");
  // From anyone else the headers are ignored.
  CHECK(ssai::client_address(request("x", "203.0.113.5", forwarded), settings) == "203.0.113.5");
  CHECK(ssai::public_base_for(request("x", "203.0.113.5", forwarded), settings) == "/");
  // A forwarded host must still be a host.
  const ssai::Params bad{{"X-Forwarded-Host", "evil\"x"}};
  CHECK(ssai::public_base_for(request("x", "10.0.0.9", bad), settings) == "/");
  // Garbage in the chain stops the walk at the proxy's own word.
  const ssai::Params garbage{{"X-Forwarded-For", "not-an-ip, 10.0.0.4"}};
  CHECK(ssai::client_address(request("x", "10.0.0.9", garbage), settings) == "10.0.0.9");
  CHECK(ssai::is_valid_host_header("[::1]:8080"));
  CHECK_FALSE(ssai::is_valid_host_header("[::1]x"));
}
