// OriginMedia: the origin's manifests fetched through the cache and prepared once per
// version, shared by every session; errors told by kind. Against a fixture server in
// this process, on a ManualClock.
#include <catch2/catch.hpp>

#include "fixtures/server.hpp"
#include "ssai/http_server.hpp"
#include "ssai/origin_media.hpp"
#include "origin/parsed_mpd.hpp"
#include "support/files.hpp"
#include "support/loop.hpp"
#include "support/outbound_policy.hpp"

using namespace std::chrono_literals;

namespace {

struct Origin {
  test_support::TempDir dir;
  test_support::Loop loop;
  ssai::FixtureServer handler{dir.path()};
  ssai::HttpServer server{loop.io(), "127.0.0.1", 0, [this](ssai::Request r) { return handler.handle(std::move(r)); }};
  ssai::ManualClock clock;
  ssai::Fetcher fetcher{{}, test_support::loopback_policy(url())};
  ssai::OriginMedia media{fetcher, clock};
  ssai::PlaybackConfiguration config;

  Origin() {
    server.start();
    config.content_origin = url() + "/";
  }
  ~Origin() {
    server.stop();
    loop.stop();
  }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(server.port()); }
  void write(const std::string& name, const std::string& text) { test_support::write_file(dir.path() / name, text); }
};

const char* const kVod =
    "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:6.0,\na.ts\n"
    "#EXT-X-CUE-OUT:DURATION=6\n#EXTINF:6.0,\nb.ts\n#EXT-X-CUE-IN\n#EXTINF:6.0,\nc.ts\n#EXT-X-ENDLIST\n";

}  // namespace

TEST_CASE("origin media: a playlist fetched and prepared once, shared while the origin's bytes are the same", "[origin]") {
  Origin o;
  o.write("vod.m3u8", kVod);
  const auto url = o.url() + "/vod.m3u8";
  auto first = o.loop.await(o.media.media(url, o.config));
  REQUIRE(first);
  CHECK((*first)->playlist.segments.at(1).uri == o.url() + "/b.ts");  // absolute
  CHECK((*first)->cues.avails.size() == 1);
  for (int i = 0; i < 20; ++i) CHECK(*o.loop.await(o.media.media(url, o.config)) == *first);  // the same object
  CHECK(o.media.fetches() == 1);
  // Past the cache period the origin is asked again; new bytes, a new preparation.
  o.clock.advance(10min);
  auto later = o.loop.await(o.media.media(url, o.config));
  REQUIRE(later);
  CHECK(o.media.fetches() == 2);
  CHECK(*later != *first);
  CHECK((*later)->version != (*first)->version);
}

TEST_CASE("origin media: a content CDN prefix is applied to segments and BaseURLs", "[origin]") {
  Origin o;
  o.write("vod.m3u8", kVod);
  o.write("vod.mpd",
          "<?xml version=\"1.0\"?><MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\" "
          "mediaPresentationDuration=\"PT12S\" minBufferTime=\"PT2S\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\">"
          "<Period id=\"p0\" start=\"PT0S\"><AdaptationSet mimeType=\"video/mp4\"><SegmentTemplate timescale=\"1\" "
          "duration=\"6\" media=\"v_$Number$.m4s\" initialization=\"v_init.mp4\"/><Representation id=\"v\" bandwidth=\"1\"/>"
          "</AdaptationSet></Period></MPD>");
  o.config.content_segment_prefix = "https://cdn.example/";
  auto playlist = o.loop.await(o.media.media(o.url() + "/vod.m3u8", o.config));
  REQUIRE(playlist);
  CHECK((*playlist)->playlist.segments.at(0).uri == "https://cdn.example/a.ts");
  auto mpd = o.loop.await(o.media.mpd(o.url() + "/vod.mpd", o.config));
  REQUIRE(mpd);
  const auto base = manifests::dash::child((*mpd)->mpd.root(), "BaseURL");
  CHECK(std::string(base.text().get()) == "https://cdn.example/");
}

TEST_CASE("origin media: what the origin lacks is told apart from what it fails at", "[origin]") {
  Origin o;
  o.write("big.m3u8", std::string(kVod) + std::string(4096, '#'));
  o.write("broken.m3u8", "not a playlist\n");
  o.config.manifest_max_bytes = 1024;
  auto missing = o.loop.await(o.media.media(o.url() + "/nothing.m3u8", o.config));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ssai::Errc::kOriginNotFound);
  auto big = o.loop.await(o.media.media(o.url() + "/big.m3u8", o.config));
  REQUIRE_FALSE(big);
  CHECK(big.error().code == ssai::Errc::kOriginFailed);
  auto broken = o.loop.await(o.media.media(o.url() + "/broken.m3u8", o.config));
  REQUIRE_FALSE(broken);
  CHECK(broken.error().code == ssai::Errc::kOriginFailed);
  CHECK_THAT(broken.error().detail, Catch::Contains("origin media playlist"));
}
