#include "manifests/hls/uris.hpp"

#include <catch2/catch.hpp>

#include "manifests/hls/parser.hpp"
#include "manifests/hls/writer.hpp"

using namespace manifests::hls;

TEST_CASE("relative URIs resolve against the playlist URL (RFC 3986), query strings kept") {
  CHECK(resolve_uri("http://o/a/b/index.m3u8", "seg_0.ts") == "http://o/a/b/seg_0.ts");
  CHECK(resolve_uri("http://o/a/b/index.m3u8?token=1", "../c/x.ts?t=2") == "http://o/a/c/x.ts?t=2");
  CHECK(resolve_uri("http://o/a/b/index.m3u8", "/root.ts") == "http://o/root.ts");
  CHECK(resolve_uri("http://o/a/index.m3u8", "https://cdn/x.ts?t=1") == "https://cdn/x.ts?t=1");
  CHECK_FALSE(resolve_uri("not a url", "x.ts"));
}

TEST_CASE("every URI of a media playlist becomes absolute: segments, MAP, KEY, parts, hints, reports") {
  auto playlist = parse_media(
      "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI=\"init.mp4\",BYTERANGE=\"720@0\"\n"
      "#EXT-X-KEY:METHOD=AES-128,URI=\"../keys/k1?x=1\",IV=0x1\n#EXT-X-PART:DURATION=1,URI=\"p0.mp4\"\n"
      "#EXTINF:4,\nseg0.mp4\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"p1.mp4\"\n"
      "#EXT-X-RENDITION-REPORT:URI=\"../lo/index.m3u8\",LAST-MSN=1\n");
  REQUIRE(playlist);
  REQUIRE(make_uris_absolute(*playlist, "https://origin.example/live/hi/index.m3u8?token=abc"));
  CHECK(write(*playlist) ==
        "#EXTM3U\n#EXT-X-TARGETDURATION:4\n"
        "#EXT-X-MAP:URI=\"https://origin.example/live/hi/init.mp4\",BYTERANGE=\"720@0\"\n"
        "#EXT-X-KEY:METHOD=AES-128,URI=\"https://origin.example/live/keys/k1?x=1\",IV=0x1\n"
        "#EXT-X-PART:DURATION=1,URI=\"https://origin.example/live/hi/p0.mp4\"\n"
        "#EXTINF:4,\nhttps://origin.example/live/hi/seg0.mp4\n"
        "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"https://origin.example/live/hi/p1.mp4\"\n"
        "#EXT-X-RENDITION-REPORT:URI=\"https://origin.example/live/lo/index.m3u8\",LAST-MSN=1\n");
}

TEST_CASE("master playlists: variants, alternate renditions and I-frame playlists") {
  auto master = parse_master(
      "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\",URI=\"audio/en.m3u8\"\n"
      "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI=\"iframes.m3u8\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv/index.m3u8\n");
  REQUIRE(master);
  REQUIRE(make_uris_absolute(*master, "http://o/c/master.m3u8"));
  const auto text = write(*master);
  CHECK_THAT(text, Catch::Contains("URI=\"http://o/c/audio/en.m3u8\""));
  CHECK_THAT(text, Catch::Contains("URI=\"http://o/c/iframes.m3u8\""));
  CHECK_THAT(text, Catch::Contains("\nhttp://o/c/v/index.m3u8\n"));
}

TEST_CASE("media URIs under the origin move to a CDN prefix, keys and other hosts stay") {
  auto playlist = parse_media(
      "#EXTM3U\n#EXT-X-TARGETDURATION:6\n"
      "#EXT-X-KEY:METHOD=AES-128,URI=\"https://origin.example/live/key\"\n"
      "#EXT-X-MAP:URI=\"https://origin.example/live/init.mp4\"\n"
      "#EXTINF:6.0,\nhttps://origin.example/live/a.m4s\n"
      "#EXTINF:6.0,\nhttps://ads.example/b.m4s\n"
      "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"https://origin.example/live/c.part\"\n");
  REQUIRE(playlist);
  move_media_uris(*playlist, "https://origin.example/live/", "https://cdn.example/x/");
  const auto text = write(*playlist);
  CHECK(text.find("URI=\"https://origin.example/live/key\"") != std::string::npos);
  CHECK(text.find("#EXT-X-MAP:URI=\"https://cdn.example/x/init.mp4\"") != std::string::npos);
  CHECK(text.find("\nhttps://cdn.example/x/a.m4s\n") != std::string::npos);
  CHECK(text.find("\nhttps://ads.example/b.m4s\n") != std::string::npos);
  CHECK(text.find("URI=\"https://cdn.example/x/c.part\"") != std::string::npos);
}
