// SessionReports: explain lists every avail's decision with skips counted; tracking lists
// only the avails that play ads, in the order a viewer meets them; both from the store,
// for the session named, with the session cache's errors. No binary, no sleeping.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "reports/session_reports.hpp"
#include "ssai/memory_beacon_queue.hpp"
#include "ssai/memory_store.hpp"
#include "store/store_keys.hpp"
#include "support/loop.hpp"

using namespace std::chrono_literals;
using manifests::Ticks;

namespace {

struct Reports {
  test_support::Loop loop;
  ssai::ManualClock clock;
  ssai::MemoryStore store{clock};
  ssai::MemoryBeaconQueue beacons{30s, 100, clock};
  ssai::SessionCache sessions{store, clock};
  ssai::SessionReports reports{sessions, store, beacons};
  ssai::Session session;

  Reports() {
    session.id = ssai::new_session_id();
    session.config = "demo";
    session.master_url = "http://origin.example/content/master.m3u8";
    REQUIRE(loop.await(sessions.save(session, ssai::to_json(session), 1h)));
  }
  void decided(const ssai::AvailDecision& decision) {
    REQUIRE(loop.await(store.append(ssai::keys::session_avails(session.id), decision.avail_id, 1h)));
    REQUIRE(loop.await(store.set(ssai::keys::decision(session.id, decision.avail_id), ssai::to_json(decision), 1h)));
  }
  rapidjson::Document json(const ssai::Response& response) {
    REQUIRE(response.status == 200);
    rapidjson::Document doc;
    doc.Parse(response.body.c_str());
    REQUIRE(doc.IsObject());
    return doc;
  }
};

ssai::AvailDecision with_ad(const std::string& avail, Ticks at) {
  ssai::AvailDecision decision;
  decision.avail_id = avail;
  decision.content_position = at;
  decision.capacity = Ticks{30 * 90000};
  ssai::PlacedAd ad;
  ad.ad_id = "ad-" + avail;
  ad.creative_key = "bars-15";
  ad.duration = Ticks{15 * 90000};
  ad.impressions = {"http://tracker.example/impression"};
  decision.ads.push_back(ad);
  return decision;
}

}  // namespace

TEST_CASE("session reports: explain tells every avail and its skips, tracking only what plays, in viewing order",
          "[routes]") {
  Reports r;
  r.decided(with_ad("late", Ticks{600 * 90000}));
  ssai::AvailDecision empty;
  empty.avail_id = "empty";
  empty.content_position = Ticks{300 * 90000};
  empty.skip = ssai::SkipReason::kNoAds;
  empty.note = "the ad server had nothing";
  r.decided(empty);
  r.decided(with_ad("early", Ticks{60 * 90000}));

  auto explained = r.json(r.loop.await(r.reports.explain(r.session.id)));
  CHECK(explained["avails"].Size() == 3);
  CHECK(explained["skips_by_reason"]["no_ads"].GetInt() == 1);

  auto tracked = r.json(r.loop.await(r.reports.tracking(r.session.id)));
  REQUIRE(tracked["avails"].Size() == 2);
  CHECK(std::string(tracked["avails"][0]["availId"].GetString()) == "early");
  CHECK(std::string(tracked["avails"][1]["availId"].GetString()) == "late");
}

TEST_CASE("session reports: an unknown session is 404, an expired one 410, for every report", "[routes]") {
  Reports r;
  CHECK(r.loop.await(r.reports.tracking(ssai::new_session_id())).status == 404);
  CHECK(r.loop.await(r.reports.beacon_audit("not-an-id")).status == 404);
  r.clock.advance(2h);
  CHECK(r.loop.await(r.reports.explain(r.session.id)).status == 410);
  CHECK(r.loop.await(r.reports.tracking(r.session.id)).status == 410);
  CHECK(r.loop.await(r.reports.beacon_audit(r.session.id)).status == 410);
}
