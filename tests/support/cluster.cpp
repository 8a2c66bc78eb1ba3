#include "support/cluster.hpp"

#include <regex>

#include <rapidjson/document.h>

#include "support/http_get.hpp"
#include "support/outbound.hpp"

namespace test_support {

long fixture_hits(const std::string& fixtures_url, const std::string& key) {
  rapidjson::Document json;
  json.Parse(http_get(fixtures_url + "/_hits").body.c_str());
  return json.IsObject() && json.HasMember(key.c_str()) ? json[key.c_str()].GetInt64() : 0;
}

TwoNodes::TwoNodes(const std::string& playback_configurations, const std::string& service_fields,
                   const std::vector<std::string>& fixture_args) {
  const std::string fixtures_dir = SSAI_FIXTURES_DIR;
  std::vector<std::string> args{"serve", "--dir", fixtures_dir, "--listen", "127.0.0.1:0"};
  args.insert(args.end(), fixture_args.begin(), fixture_args.end());
  fixtures = std::make_unique<ServerProcess>(SSAI_FIXTURES_BINARY, args);
  const std::string fx = fixtures->url();
  write_file(dir.path() / "config.json",
             "{\"listen\": \"127.0.0.1:0\", " + outbound_allowing({fx}) + ", " + service_fields +
                 (service_fields.empty() ? "" : ", ") +
                 "\"ad_renditions\": {\"dir\": \"" + fixtures_dir + "/media/ads\", \"base_url\": \"" + fx +
                 "/media/ads/\"},\n \"playback_configurations\": " +
                 std::regex_replace(playback_configurations, std::regex("\\{fixtures\\}"), fx) + "}\n");
  const std::vector<std::string> serve{"serve", "--config", (dir.path() / "config.json").string(), "--store", redis.url()};
  node_a = std::make_unique<ServerProcess>(SSAI_BINARY, serve);
  node_b = std::make_unique<ServerProcess>(SSAI_BINARY, serve);
}

}  // namespace test_support
