#include "ssai/session.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "ssai/decision.hpp"

TEST_CASE("session ids: 128 random bits as 32 hex digits, never repeated") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const auto id = ssai::new_session_id();
    CHECK(ssai::is_session_id(id));
    CHECK(seen.insert(id).second);
  }
  CHECK_FALSE(ssai::is_session_id("0123"));
  CHECK_FALSE(ssai::is_session_id("0123456789ABCDEF0123456789abcdef"));
  CHECK_FALSE(ssai::is_session_id("../../../../../../../../etc/pass"));
}

TEST_CASE("sessions and decisions survive the store's JSON form") {
  ssai::Session session;
  session.id = ssai::new_session_id();
  session.config = "demo";
  session.master_url = "http://o/content/master.m3u8";
  session.player_params = {{"a", "1"}, {"b", "x\"y"}};
  session.variants = {{"http://o/content/360p/index.m3u8", 976000, 640, 360}};
  auto back = ssai::session_from_json(ssai::to_json(session));
  REQUIRE(back);
  CHECK(back->id == session.id);
  CHECK(back->player_params == session.player_params);
  REQUIRE(back->variants.size() == 1);
  CHECK(back->variants[0].height == 360);
  CHECK_FALSE(ssai::session_from_json("{not json"));
  CHECK_FALSE(ssai::session_from_json("{}"));

  ssai::AvailDecision decision;
  decision.avail_id = "t24000";
  decision.capacity = manifests::Ticks{2700000};
  decision.slate = manifests::Ticks{450000};
  decision.ads = {{"bars-15", "pod-1", manifests::Ticks{1350000}, {"http://i"}, {{"start", "http://s"}}, "serving-1",
                   "ad-id.org ABCD", "http://cdn/bars.mp4"}};
  auto decoded = ssai::decision_from_json(ssai::to_json(decision));
  REQUIRE(decoded);
  CHECK(decoded->ads.at(0).tracking.at(0).second == "http://s");
  CHECK(decoded->ads.at(0).ad_serving_id == "serving-1");
  CHECK(decoded->ads.at(0).asset_uri == "http://cdn/bars.mp4");
  CHECK(decoded->slate == decision.slate);
}
