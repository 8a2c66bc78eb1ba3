#include "support/in_process.hpp"

#include <catch2/catch.hpp>

#include "ssai/config.hpp"
#include "support/outbound.hpp"

namespace test_support {

InProcessService::InProcessService(const std::string& configuration, const std::string& root, const std::string& renditions)
    : fixture_handler_(root) {
  fixtures_ = std::make_unique<ssai::HttpServer>(loop_.io(), "127.0.0.1", 0, [this](ssai::Request request) {
    return fixture_handler_.handle(std::move(request));
  });
  fixtures_->start();
  fixtures_url_ = "http://127.0.0.1:" + std::to_string(fixtures_->port());
  std::string json = configuration;
  for (auto at = json.find("{fx}"); at != std::string::npos; at = json.find("{fx}", at)) json.replace(at, 4, fixtures_url_);
  // Ad renditions are the fixtures' own (fixtures/media/ads, made by ffmpeg), served by
  // the fixture server when `root` is fixtures/.
  const std::string ads = renditions.empty() ? std::string(SSAI_FIXTURES_DIR) + "/media/ads" : renditions;
  const std::string ads_url = fixtures_url_ + (renditions.empty() ? "/media/ads/" : "/ads/");
  auto config = ssai::parse_config("{" + outbound_allowing({fixtures_url_}) + ", \"conditioning_workers\": 0, " +
                                       "\"ad_renditions\": {\"dir\": \"" + ads + "\", \"base_url\": \"" + ads_url +
                                       "\"}, " + json + "}",
                                   SSAI_FIXTURES_DIR);
  if (!config) FAIL("configuration: " << config.error().detail);
  fetcher_ = std::make_unique<ssai::Fetcher>(ssai::FetcherLimits{}, config->outbound);
  service_ = std::make_unique<ssai::Service>(*config, store_, *fetcher_, jobs_, beacons_, clock);
  service_->listening_on("127.0.0.1", 8080);
}

InProcessService::~InProcessService() {
  fixtures_->stop();
  loop_.stop();  // nothing runs while what it would touch goes
}

ssai::Response InProcessService::request(const std::string& method, const std::string& target, const std::string& body) {
  std::string path = target;
  if (path.starts_with(kOrigin)) path.erase(0, std::string_view(kOrigin).size());
  auto request = ssai::request_for(method, path, body);
  request.host = "127.0.0.1:8080";
  request.remote_address = "127.0.0.1";
  request.user_agent = "in-process test";
  return loop_.await(service_->handle(std::move(request)));
}

}  // namespace test_support
