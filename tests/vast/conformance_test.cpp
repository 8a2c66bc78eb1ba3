// vast-client-js's samples (fixtures/conformance/vast/), resolved with the pure resolver
// against the neighbouring files, checked against the facts vast-client-js's own tests
// state (their manifest.jsonl). Where we differ on purpose, the test says why.
#include <catch2/catch.hpp>
#include <filesystem>

#include "support/files.hpp"
#include "vast/resolver.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(SSAI_FIXTURES_DIR) / "conformance" / "vast" / "vast-client-js";

struct Resolved {
  vast::Document top;
  vast::Resolution resolution;
};

// Resolves a sample, fetching wrapper targets from the same folder (a missing one fails
// as an unreachable URL would).
Resolved resolve_local(const std::string& name, int max_depth = 7) {
  auto document = vast::parse(test_support::read_file(kDir / name));
  REQUIRE(document);
  std::vector<vast::Ad> ads;
  for (const auto* ad : vast::select_pod(*document)) ads.push_back(*ad);
  vast::ResolverLimits limits;
  limits.max_depth = max_depth;
  vast::Resolver resolver(std::move(ads), limits);
  for (int round = 0; round < 20 && !resolver.finished(); ++round) {
    for (const auto& request : resolver.requests()) {
      const fs::path target = kDir / fs::path(request.url).filename();
      if (fs::exists(target)) {
        resolver.on_response(request.id, test_support::read_file(target));
      } else {
        resolver.on_failure(request.id, vast::ErrorCode::kWrapperTimeout, request.url + " unreachable");
      }
    }
  }
  REQUIRE(resolver.finished());
  return {std::move(*document), std::move(resolver).take()};
}

}  // namespace

TEST_CASE("vast-client-js: no-ad and invalid responses") {
  auto empty = vast::parse(test_support::read_file(kDir / "empty-no-ad.xml"));
  REQUIRE(empty);
  CHECK(empty->version == "4.3");
  CHECK(empty->ads.empty());
  CHECK(empty->errors == std::vector<std::string>{"http://example.com/empty-no-ad"});

  CHECK(vast::parse(test_support::read_file(kDir / "invalid-xmlfile.xml")).error().code != vast::Errc::kUnsupportedVersion);
  CHECK(vast::parse(test_support::read_file(kDir / "outdated-vast.xml")).error().code == vast::Errc::kUnsupportedVersion);
}

TEST_CASE("vast-client-js: sample.xml has two InLine ads, VAST 4.3") {
  auto sample = resolve_local("sample.xml");
  CHECK(sample.top.version == "4.3");
  std::size_t inline_ads = 0;
  for (const auto& ad : sample.top.ads) inline_ads += !ad.is_wrapper;
  CHECK(inline_ads == 2);
}

TEST_CASE("vast-client-js: wrapper-b over the wrapper limit fails with 302 to its Error URI") {
  // vast-client-js's wrapperLimit N refuses the N-th wrapper hop; our max_depth counts
  // the hops followed, so its limit 1 is our 0. At limit 1 we follow wrapper-b to its ad.
  CHECK(resolve_local("wrapper-b.xml", 1).resolution.ads.size() == 1);
  auto result = resolve_local("wrapper-b.xml", 0).resolution;
  CHECK(result.ads.empty());
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].code == vast::ErrorCode::kWrapperLimit);
  CHECK(result.errors[0].error_uris == std::vector<std::string>{"http://example.com/wrapperB-error"});
}

TEST_CASE("vast-client-js: a wrapper to an empty response is 303, told to the wrapper and the empty response") {
  auto result = resolve_local("wrapper-empty.xml").resolution;
  CHECK(result.ads.empty());
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].code == vast::ErrorCode::kWrapperNoAds);
  CHECK(result.errors[0].error_uris ==
        std::vector<std::string>{"http://example.com/wrapper-empty_wrapper-error", "http://example.com/empty-no-ad"});
}

TEST_CASE("vast-client-js: a wrapper to an unreachable URL is 301") {
  auto result = resolve_local("wrapper-unavailable-url.xml").resolution;
  CHECK(result.ads.empty());
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].code == vast::ErrorCode::kWrapperTimeout);
  CHECK(result.errors[0].error_uris == std::vector<std::string>{"http://example.com/wrapper-invalid-xmlfile_wrapper-error"});
}

TEST_CASE("vast-client-js: wrapper-legacy resolves to one ad with the legacy media file's attributes") {
  auto result = resolve_local("wrapper-legacy.xml").resolution;
  REQUIRE(result.ads.size() == 1);
  // vast-client-js lists the wrapper's tracking-only creative first (creatives[0]) and
  // the InLine's second; we merge the wrapper's tracking into the InLine's creative.
  REQUIRE(result.ads[0].creatives.size() == 1);
  CHECK(result.ads[0].impressions.front().uri == "http://example.com/wrapper-impression");
  const auto& file = result.ads[0].creatives[0].linear->media_files.at(0);
  CHECK(file.type == "video/mp4");
  CHECK(file.width == 400);
  CHECK(file.height == 300);
  CHECK(file.uri == "https://iabtechlab.com/wp-content/uploads/2016/07/VAST-4.0-Short-Intro.mp4");
  CHECK(file.bitrate == 500);
  CHECK(file.min_bitrate == 360);
  CHECK(file.max_bitrate == 1080);
  CHECK(file.scalable == true);
}

TEST_CASE("vast-client-js: wrappers with multiple ads, as a server-side stitcher plays them") {
  // vast-client-js (resolveAll) counts every ad of these responses: 5 and 4. VAST 4
  // section 2.3.2 has a player play the pod and keep stand-alone ads as a buffet, which
  // is what a stitcher does. wrapper-multiple-ads.xml: the pod is 20011 -> vpaid.xml
  // (its ad has no Duration: dropped, 101; then no ads: 303) and 20012 -> inline-linear.xml.
  auto multiple = resolve_local("wrapper-multiple-ads.xml").resolution;
  REQUIRE(multiple.ads.size() == 1);
  CHECK(multiple.ads[0].id == "20001");
  REQUIRE(multiple.errors.size() == 2);
  CHECK(multiple.errors[0].code == vast::ErrorCode::kSchemaValidation);
  CHECK(multiple.errors[1].code == vast::ErrorCode::kWrapperNoAds);
  // wrapper-attributes-multiple-ads.xml: four stand-alone wrappers, no pod: the first
  // plays (201 -> sample.xml, which without allowMultipleAds gives its first ad).
  auto attributes = resolve_local("wrapper-attributes-multiple-ads.xml").resolution;
  REQUIRE(attributes.ads.size() == 1);
  CHECK(attributes.ads[0].id == "ad_id_0001");
  CHECK(attributes.errors.empty());
}

TEST_CASE("vast-client-js: an InLine ad without creatives behind a wrapper is 303 to both Error URIs") {
  auto result = resolve_local("wrapper-empty-no-creative.xml").resolution;
  CHECK(result.ads.empty());
  REQUIRE(result.errors.size() == 2);  // the empty ad, then no ads after the wrapper
  CHECK(result.errors[0].code == vast::ErrorCode::kWrapperNoAds);
  CHECK(result.errors[0].error_uris ==
        std::vector<std::string>{"http://example.com/wrapper-no-creative_wrapper-error", "http://example.com/empty-no-creative_inline-error"});
}
