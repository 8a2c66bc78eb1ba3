#include "ssai/ad_decider.hpp"

#include "manifests/scte35/splice_info.hpp"

#include <catch2/catch.hpp>

TEST_CASE("ad decision server URL macros are filled and encoded") {
  ssai::Session session;
  session.id = "0123456789abcdef0123456789abcdef";
  session.player_params = {{"deviceType", "smart tv"}, {"gdpr", "1"}};
  session.user_agent = "Mozilla/5.0 (X11)";
  manifests::Avail avail;
  avail.id = "t24000";
  avail.duration = manifests::Ticks{30 * 90000 + 4500};
  const auto url = ssai::expand_ads_url(
      "http://ads/vast?sid=[session.id]&dur=[session.avail_duration_secs]&ms=[session.avail_duration_ms]"
      "&n=[session.avail_num]&dev=[player_params.deviceType]&ua=[session.user_agent]&x=[unknown.macro]&gdpr=[player_params.gdpr]",
      session, avail, 2);
  CHECK(url ==
        "http://ads/vast?sid=0123456789abcdef0123456789abcdef&dur=30&ms=30050&n=2&dev=smart%20tv"
        "&ua=Mozilla%2F5.0%20%28X11%29&x=&gdpr=1");
}

TEST_CASE("a template with an unclosed bracket is copied as is") {
  ssai::Session session;
  manifests::Avail avail{};
  CHECK(ssai::expand_ads_url("http://ads/vast?a=[oops", session, avail, 1) == "http://ads/vast?a=[oops");
}

TEST_CASE("SCTE-35 and avail variables in the ad decision server URL") {
  ssai::Session session;
  session.id = "0123456789abcdef0123456789abcdef";
  manifests::Avail avail;
  avail.duration = manifests::Ticks{30 * 90000};
  manifests::scte35::SpliceInfoSection section;
  section.splice_command = manifests::scte35::TimeSignal{};
  manifests::scte35::SegmentationDescriptor seg;
  seg.segmentation_type_id = 0x34;
  seg.segmentation_upid = {0x0F, {'u', 'r', 'n', ':', 'x'}, {}};
  section.descriptors.emplace_back(seg);
  avail.scte35 = section;
  const auto url = ssai::expand_ads_url(
      "http://ads/v?t=[scte.segmentation_type_id]&u=[scte.segmentation_upid]&i=[avail.index]&r=[avail.random]", session, avail, 3);
  CHECK_THAT(url, Catch::StartsWith("http://ads/v?t=52&u=urn%3Ax&i=3&r="));
  const auto random = url.substr(url.rfind('=') + 1);
  CHECK_FALSE(random.empty());
  CHECK(random.find_first_not_of("0123456789") == std::string::npos);
}

namespace {

manifests::Avail avail_with_upid(std::uint8_t type, std::string_view bytes) {
  manifests::Avail avail;
  manifests::scte35::SpliceInfoSection section;
  section.splice_command = manifests::scte35::TimeSignal{};
  manifests::scte35::SegmentationDescriptor seg;
  seg.segmentation_type_id = 0x34;
  seg.segmentation_upid = {type, {bytes.begin(), bytes.end()}, {}};
  section.descriptors.emplace_back(seg);
  avail.scte35 = section;
  return avail;
}

}  // namespace

TEST_CASE("an MPU UPID's JSON members and colon tokens are variables") {
  ssai::Session session;
  const auto json = avail_with_upid(0x0C, R"(ADFR{"assetId":"ep 42","cueData":{"key":"pos","value":3},"live":true})");
  CHECK(ssai::expand_ads_url("http://a/?id=[scte.segmentation_upid.assetId]&k=[scte.segmentation_upid.cueData.key]"
                             "&v=[scte.segmentation_upid.cueData.value]&l=[scte.segmentation_upid.live]"
                             "&none=[scte.segmentation_upid.missing.deeper]",
                             session, json, 1) == "http://a/?id=ep%2042&k=pos&v=3&l=true&none=");
  const auto tokens = avail_with_upid(0x0C, "ADFR:46175218:46175218/5");
  CHECK(ssai::expand_ads_url("http://a/?a=[scte.segmentation_upid.private_data.0]&b=[scte.segmentation_upid.private_data.1]"
                             "&c=[scte.segmentation_upid.private_data.2]&d=[scte.segmentation_upid.private_data.x]",
                             session, tokens, 1) == "http://a/?a=46175218&b=46175218%2F5&c=&d=");
  // Other UPID types have no members.
  const auto uri = avail_with_upid(0x0F, R"(urn:{"assetId":"x"})");
  CHECK(ssai::expand_ads_url("http://a/?id=[scte.segmentation_upid.assetId]", session, uri, 1) == "http://a/?id=");
}

TEST_CASE("EXT-X-ASSET attributes are [asset.KEY] variables") {
  ssai::Session session;
  manifests::Avail avail;
  avail.asset = {{"CAID", "0x0000000020FB6501"}, {"GENRE", "news, local"}};
  CHECK(ssai::expand_ads_url("http://a/?caid=[asset.CAID]&g=[asset.GENRE]&x=[asset.caid]", session, avail, 1) ==
        "http://a/?caid=0x0000000020FB6501&g=news%2C%20local&x=");
}
