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
