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
