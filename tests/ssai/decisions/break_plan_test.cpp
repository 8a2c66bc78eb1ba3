#include "ssai/break_plan.hpp"

#include <catch2/catch.hpp>

namespace {

using manifests::Ticks;
constexpr Ticks kSecond{90000};

vast::Resolution pod(std::vector<std::pair<std::string, int>> ads) {
  vast::Resolution resolution;
  for (const auto& [id, seconds] : ads) {
    vast::Ad ad;
    ad.id = id;
    resolution.ads.push_back(ad);
  }
  return resolution;
}

// Each ad plays as long as its id's number says ("ad-15": 15 s).
ssai::PlayableOf by_name() {
  return [](const vast::Ad& ad) -> tl::expected<ssai::PlayableCreative, ssai::DroppedAd> {
    return ssai::PlayableCreative{ad.id, Ticks{std::stoi(ad.id.substr(3)) * 90000}};
  };
}

}  // namespace

TEST_CASE("bumpers frame the ads, take their time from the break first, and play only with ads") {
  const ssai::Bumpers bumpers{ssai::PlayableCreative{"bump-in", 2 * kSecond}, ssai::PlayableCreative{"bump-out", 3 * kSecond}};
  // 30 s: 5 s of bumpers leave 25 s, so both ads fit and nothing is left for slate.
  auto plan = ssai::plan_break(pod({{"ad-15", 15}, {"ad-10", 10}}), 30 * kSecond, by_name(), {}, ssai::BreakKind::kReplace, bumpers);
  const auto& d = plan.decision;
  REQUIRE(d.ads.size() == 4);
  CHECK(d.ads[0].bumper);
  CHECK(d.ads[0].creative_key == "bump-in");
  CHECK(d.ads[1].creative_key == "ad-15");
  CHECK(d.ads[3].creative_key == "bump-out");
  CHECK(d.capacity == 30 * kSecond);
  CHECK(d.slate == Ticks{});
  CHECK(d.ad_count() == 2);
  CHECK(d.ad_number(1) == 1);  // [ADCOUNT] of the first real ad
  CHECK(d.ad_time() == 25 * kSecond);
  CHECK(d.ad_time(true) == 5 * kSecond);

  // 24 s: the 10 s ad no longer fits beside the bumpers; 4 s of slate.
  plan = ssai::plan_break(pod({{"ad-15", 15}, {"ad-10", 10}}), 24 * kSecond, by_name(), {}, ssai::BreakKind::kReplace, bumpers);
  REQUIRE(plan.decision.ads.size() == 3);
  CHECK(plan.decision.slate == 4 * kSecond);
  REQUIRE(plan.decision.dropped.size() == 1);

  // 16 s: no ad fits beside them, so the ad plays without them.
  plan = ssai::plan_break(pod({{"ad-15", 15}}), 16 * kSecond, by_name(), {}, ssai::BreakKind::kReplace, bumpers);
  REQUIRE(plan.decision.ads.size() == 1);
  CHECK_FALSE(plan.decision.ads[0].bumper);

  // No ads at all: no bumpers either, the content plays.
  plan = ssai::plan_break(pod({}), 30 * kSecond, by_name(), {}, ssai::BreakKind::kReplace, bumpers);
  CHECK(plan.decision.ads.empty());

  // Inserted (VOD): the break lasts what it plays, bumpers included.
  plan = ssai::plan_break(pod({{"ad-10", 10}}), 120 * kSecond, by_name(), {}, ssai::BreakKind::kInsert, bumpers);
  REQUIRE(plan.decision.ads.size() == 3);
  CHECK(plan.decision.capacity == 15 * kSecond);
  CHECK(plan.decision.inserted);
}

TEST_CASE("a pod ad that cannot play gives its place to the response's stand-alone ads, each tried once in order") {
  auto resolution = pod({{"ad-15", 15}, {"bad-0", 0}, {"ad-20", 20}});
  for (const char* id : {"bad-1", "ad-10", "ad-05", "ad-08"}) {
    vast::Ad ad;
    ad.id = id;
    resolution.buffet.push_back(ad);
  }
  vast::Ad wrapper;
  wrapper.id = "ad-03";
  wrapper.is_wrapper = true;  // not followed at planning time
  resolution.buffet.insert(resolution.buffet.begin(), wrapper);
  // "bad-*" cannot play (VPAID-only, say); the others last what their id says.
  const ssai::PlayableOf playable = [](const vast::Ad& ad) -> tl::expected<ssai::PlayableCreative, ssai::DroppedAd> {
    if (ad.id.starts_with("bad")) return tl::unexpected(ssai::DroppedAd{ad.id, 403, "VPAID only", ssai::SkipReason::kNoPlayableMedia});
    return ssai::PlayableCreative{ad.id, Ticks{std::stoi(ad.id.substr(3)) * 90000}};
  };
  // 40 s: ad-15 plays; bad-0 is replaced by the first stand-alone ad that can play
  // (bad-1 cannot, ad-10 can); ad-20 does not fit the 15 s left and is replaced by ad-05
  // (10 s would not be tried again); ad-08 is not needed.
  const auto plan = ssai::plan_break(resolution, 40 * kSecond, playable, {});
  const auto& d = plan.decision;
  REQUIRE(d.ads.size() == 3);
  CHECK(d.ads[0].ad_id == "ad-15");
  CHECK_FALSE(d.ads[0].standalone);
  CHECK(d.ads[1].ad_id == "ad-10");
  CHECK(d.ads[1].standalone);
  CHECK(d.ads[2].ad_id == "ad-05");
  CHECK(d.ads[2].standalone);
  CHECK(d.slate == 10 * kSecond);
  REQUIRE(d.dropped.size() == 3);
  CHECK(d.dropped[0].ad_id == "bad-0");
  CHECK(d.dropped[1].ad_id == "bad-1");
  CHECK_THAT(d.dropped[1].reason, Catch::StartsWith("stand-alone ad: "));
  CHECK(d.dropped[2].ad_id == "ad-20");
  CHECK(d.dropped[2].skip == ssai::SkipReason::kDurationExceeded);

  // The decision says which ads stood in, as stored.
  const auto stored = ssai::decision_from_json(ssai::to_json(d));
  REQUIRE(stored);
  CHECK(stored->ads[1].standalone);
  CHECK_FALSE(stored->ads[0].standalone);

  // Without a buffet nothing changes: the pod ads that fit, slate for the rest.
  const auto plain = ssai::plan_break(pod({{"ad-15", 15}, {"ad-20", 20}}), 30 * kSecond, by_name(), {});
  CHECK(plain.decision.ads.size() == 1);
  CHECK(plain.decision.slate == 15 * kSecond);
}
