#include "adcache/creative_key.hpp"

#include <catch2/catch.hpp>

#include "adcache/ladder_spec.hpp"

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

TEST_CASE("ladder keys: one conditioning per creative and ladder, stable, audio format aside") {
  adcache::LadderSpec ladder;
  ladder.rungs = {{"360p", 640, 360, 900000, 800000, "avc1.4d401e,mp4a.40.2"}, {"720p", 1280, 720, 2800000, 2500000, "avc1.4d401f,mp4a.40.2"}};
  const auto fingerprint = adcache::ladder_fingerprint(ladder);
  CHECK(fingerprint.size() == 8);
  CHECK(fingerprint.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(adcache::ladder_fingerprint(ladder) == fingerprint);  // the same on every node and build
  auto louder = ladder;
  louder.audio_sample_rate = 44100;  // probed by the worker, not known to the service
  CHECK(adcache::ladder_fingerprint(louder) == fingerprint);
  auto fmp4 = ladder;
  fmp4.fmp4 = true;
  auto shorter = ladder;
  shorter.segment_seconds = 2;
  auto smaller = ladder;
  smaller.rungs.pop_back();
  for (const auto* other : {&fmp4, &shorter, &smaller}) CHECK(adcache::ladder_fingerprint(*other) != fingerprint);
  CHECK(adcache::ladder_key("bars-15", fingerprint) == "bars-15_" + fingerprint);
  CHECK(adcache::ladder_key("bars-15", "") == "bars-15");
}
