#pragma once
// Who asked, and under which name we were asked: the one place where request headers
// that a client can forge (Host, X-Forwarded-*) are read.
//   - The viewer's address (for the ad request and [DEVICEIP]) is the connection's, or,
//     when the connection comes from a configured trusted proxy, the last address in
//     X-Forwarded-For that is not itself a trusted proxy.
//   - The base of the absolute URLs we write is public_base_url when configured; else
//     the Host (or a trusted proxy's X-Forwarded-Host and -Proto) when it is a
//     well-formed host that we know: the listen address, a name in public_hosts, or one a
//     trusted proxy gave. Anything else gets path-absolute URLs ("/v1/..."), which
//     players resolve against the URL they asked for: a forged Host never reaches a
//     manifest, a redirect or a CDN cache.
#include <string>
#include <string_view>
#include <vector>

#include "ssai/http_types.hpp"
#include "ssai/outbound_policy.hpp"

namespace ssai {

struct RequestOriginSettings {
  std::string public_base_url;  ///< ends with '/'; empty: from the request, as above
  std::string listen;           ///< "HOST:PORT" the service listens on
  std::string tls_listen;       ///< and its HTTPS listener's, if any
  std::vector<std::string> public_hosts;  ///< lower case, "host" or "host:port"
  std::vector<IpPrefix> trusted_proxies;
};

/// True for "name", "name:port", "a.b.c.d[:port]", "[v6][:port]" with nothing else in it.
[[nodiscard]] bool is_valid_host_header(std::string_view host);

/// The base ("scheme://host/", or "/") of the absolute URLs in the answer to `request`.
[[nodiscard]] std::string public_base_for(const Request& request, const RequestOriginSettings& settings);

/// The viewer's IP address, as above; empty when unknown.
[[nodiscard]] std::string client_address(const Request& request, const RequestOriginSettings& settings);

}  // namespace ssai
