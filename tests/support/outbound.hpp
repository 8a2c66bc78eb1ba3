#pragma once
// The service refuses to fetch from non-public addresses unless its configuration allows
// them: a test allows exactly the loopback servers it starts.
#include <string>
#include <string_view>
#include <vector>

namespace test_support {

/// "127.0.0.1:PORT" of "http://127.0.0.1:PORT/..."
[[nodiscard]] inline std::string host_port(std::string_view url) {
  const auto start = url.find("://");
  if (start != std::string_view::npos) url.remove_prefix(start + 3);
  return std::string(url.substr(0, url.find('/')));
}

/// `"outbound": {"allow": ["127.0.0.1:P1", ...]}` for the servers at `urls`.
[[nodiscard]] inline std::string outbound_allowing(const std::vector<std::string>& urls) {
  std::string json = "\"outbound\": {\"allow\": [";
  for (std::size_t i = 0; i < urls.size(); ++i) json += (i ? ", \"" : "\"") + host_port(urls[i]) + "\"";
  return json + "]}";
}

}  // namespace test_support
