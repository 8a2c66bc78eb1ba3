// VAST hot paths: parsing a 10-ad pod, and resolving 1,000 concurrent 3-deep wrapper
// chains against the fixture ad server on loopback (4,000 HTTP requests per run).
// BM_Baseline_PugixmlLoad is the floor for the parse: pugixml reading the same bytes.
#include <benchmark/benchmark.h>

#include <atomic>
#include <string>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <pugixml.hpp>

#include "ssai/fetcher.hpp"
#include "fixtures/server.hpp"
#include "ssai/http_server.hpp"
#include "ssai/vast_client.hpp"
#include "vast/parser.hpp"

namespace {

std::string pod_of_ten() {
  std::string xml = "<VAST version=\"4.2\">";
  for (int i = 1; i <= 10; ++i) {
    const auto n = std::to_string(i);
    xml += "<Ad id=\"ad" + n + "\" sequence=\"" + n + "\"><InLine><AdSystem>bench</AdSystem><AdTitle>Ad " + n +
           "</AdTitle><AdServingId>s" + n + "</AdServingId><Error><![CDATA[https://ads.example.com/error?ad=" + n +
           "&code=[ERRORCODE]]]></Error><Impression><![CDATA[https://ads.example.com/imp?ad=" + n +
           "]]></Impression><Creatives><Creative id=\"c" + n + "\"><UniversalAdId idRegistry=\"ad-id.org\">UA" + n +
           "</UniversalAdId><Linear><Duration>00:00:15.000</Duration><TrackingEvents>";
    for (const char* e : {"start", "firstQuartile", "midpoint", "thirdQuartile", "complete"}) {
      xml += std::string("<Tracking event=\"") + e + "\"><![CDATA[https://ads.example.com/t?e=" + e + "&ad=" + n + "]]></Tracking>";
    }
    xml += "</TrackingEvents><VideoClicks><ClickThrough><![CDATA[https://advertiser.example.com/]]></ClickThrough></VideoClicks>"
           "<MediaFiles>";
    for (const char* size : {"640\" height=\"360", "1280\" height=\"720", "1920\" height=\"1080"}) {
      xml += std::string("<MediaFile delivery=\"progressive\" type=\"video/mp4\" width=\"") + size +
             "\" bitrate=\"2000\"><![CDATA[https://cdn.example.com/ads/" + n + ".mp4]]></MediaFile>";
    }
    xml += "</MediaFiles></Linear></Creative></Creatives></InLine></Ad>";
  }
  return xml + "</VAST>";
}

void BM_Vast_ParsePodOf10(benchmark::State& state) {
  const auto xml = pod_of_ten();
  for (auto _ : state) benchmark::DoNotOptimize(vast::parse(xml));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(xml.size()));
}
BENCHMARK(BM_Vast_ParsePodOf10)->Unit(benchmark::kMicrosecond);

void BM_Baseline_PugixmlLoad(benchmark::State& state) {
  const auto xml = pod_of_ten();
  for (auto _ : state) {
    pugi::xml_document doc;
    benchmark::DoNotOptimize(doc.load_buffer(xml.data(), xml.size()));
  }
}
BENCHMARK(BM_Baseline_PugixmlLoad)->Unit(benchmark::kMicrosecond);

// The fixture ad server, in this process, on a free loopback port.
struct FixtureAdServer {
  boost::asio::io_context io;
  ssai::FixtureServer fixtures{SSAI_FIXTURES_DIR};
  ssai::HttpServer server{io, "127.0.0.1", 0, [this](ssai::Request r) { return fixtures.handle(std::move(r)); }};
  std::vector<std::thread> threads;
  FixtureAdServer() {
    server.start();
    for (int i = 0; i < 2; ++i) threads.emplace_back([this] { io.run(); });
  }
  ~FixtureAdServer() {
    server.stop();
    io.stop();
    for (auto& t : threads) t.join();
  }
};

void BM_Vast_Resolve1000Chains3Deep(benchmark::State& state) {
  FixtureAdServer ad_server;
  const std::string url = "http://127.0.0.1:" + std::to_string(ad_server.server.port()) + "/vast/wrapper-3.xml";
  ssai::Fetcher fetcher({}, ssai::OutboundPolicy::allowing({"127.0.0.1"}).value());
  std::size_t resolved_ads = 0;
  for (auto _ : state) {
    boost::asio::io_context io;
    std::atomic<std::size_t> ads{0};
    for (int i = 0; i < 1000; ++i) {
      boost::asio::co_spawn(io, ssai::request_ads(fetcher, url, ssai::VastRequestOptions{}),
                            [&ads](std::exception_ptr, ssai::VastOutcome outcome) { ads += outcome.resolution.ads.size(); });
    }
    io.run();
    resolved_ads = ads;
  }
  state.counters["ads_resolved"] = static_cast<double>(resolved_ads);
}
BENCHMARK(BM_Vast_Resolve1000Chains3Deep)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
