#pragma once
// Two `ssai serve` nodes sharing a real redis-server, in front of the fixture server:
// what "any node serves any session" is tested with.
#include <memory>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "support/process.hpp"
#include "support/redis_server.hpp"

namespace test_support {

/// How many requests the fixture server at `fixtures_url` had for `key` (its /_hits).
[[nodiscard]] long fixture_hits(const std::string& fixtures_url, const std::string& key);

struct TwoNodes {
  /// `playback_configurations`: the JSON object's text, "{fixtures}" standing for the
  /// fixture server's URL; `service_fields`: more top-level fields ("\"a\": 1, ...");
  /// `fixture_args`: more arguments for `ssai-fixtures serve`.
  TwoNodes(const std::string& playback_configurations, const std::string& service_fields = "",
           const std::vector<std::string>& fixture_args = {});

  [[nodiscard]] long hits(const std::string& key) const { return fixture_hits(fixtures->url(), key); }

  RedisServer redis;
  std::unique_ptr<ServerProcess> fixtures;
  TempDir dir;
  std::unique_ptr<ServerProcess> node_a;
  std::unique_ptr<ServerProcess> node_b;
};

}  // namespace test_support
