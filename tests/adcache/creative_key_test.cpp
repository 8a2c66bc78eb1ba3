#include "adcache/creative_key.hpp"

#include <catch2/catch.hpp>

namespace {

vast::Creative creative_with(std::string ad_id, std::optional<std::string> universal, std::vector<vast::MediaFile> files) {
  vast::Creative c;
  c.id = "c1";
  c.ad_id = std::move(ad_id);
  if (universal) c.universal_ad_ids.push_back({"ad-id.org", std::move(*universal)});
  c.linear = vast::Linear{};
  c.linear->media_files = std::move(files);
  return c;
}

vast::MediaFile mp4(std::string uri, int height, int bitrate = 0) {
  vast::MediaFile f;
  f.uri = std::move(uri);
  f.delivery = "progressive";
  f.type = "video/mp4";
  f.height = height;
  f.bitrate = bitrate;
  return f;
}

}  // namespace

TEST_CASE("creative key: UniversalAdId, then adId, then the media file name") {
  CHECK(*adcache::creative_key(creative_with("ad-1", "ABCD1234", {mp4("http://x/a.mp4", 720)})) == "ABCD1234");
  CHECK(*adcache::creative_key(creative_with("ad-1", "unknown", {mp4("http://x/a.mp4", 720)})) == "ad-1");
  CHECK(*adcache::creative_key(creative_with("", std::nullopt, {mp4("http://cdn/x/brand_spot.mp4?t=1", 720)})) ==
        "brand_spot");
}

TEST_CASE("creative keys are safe path components") {
  CHECK(*adcache::creative_key(creative_with("../../etc/passwd", std::nullopt, {})) == "_._.._etc_passwd");
  CHECK(*adcache::creative_key(creative_with("..", std::nullopt, {})) == "_.");
  CHECK(adcache::key_from_url("http://x/.hidden") == "");
}

TEST_CASE("the source media file: progressive video, best quality, never VPAID") {
  auto vpaid = mp4("http://x/vpaid.js", 1080);
  vpaid.type = "application/javascript";
  vpaid.api_framework = "VPAID";
  auto streaming = mp4("http://x/s.m3u8", 1080);
  streaming.delivery = "streaming";
  const auto c = creative_with("", std::nullopt, {vpaid, mp4("http://x/low.mp4", 360), streaming, mp4("http://x/hi.mp4", 720)});
  const auto* file = adcache::source_media_file(c);
  REQUIRE(file);
  CHECK(file->uri == "http://x/hi.mp4");
  CHECK_FALSE(adcache::creative_key(creative_with("", std::nullopt, {vpaid})));
}
