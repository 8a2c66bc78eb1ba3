#pragma once
// The policy object itself, for tests that link the service's core.
#include "ssai/outbound_policy.hpp"
#include "support/outbound.hpp"

namespace test_support {

/// A policy that allows exactly the loopback servers at `urls`.
[[nodiscard]] inline ssai::OutboundPolicy loopback_policy(const std::vector<std::string>& urls) {
  std::vector<std::string> entries;
  for (const auto& url : urls) entries.push_back(host_port(url));
  return ssai::OutboundPolicy::allowing(entries).value();
}
[[nodiscard]] inline ssai::OutboundPolicy loopback_policy(const std::string& url) {
  return loopback_policy(std::vector<std::string>{url});
}

}  // namespace test_support
