#include "beacons/beacon_events.hpp"

#include "common/json_io.hpp"
#include "store/store_keys.hpp"

namespace ssai {

namespace {

void common_fields(JsonWriter& w, std::int64_t at_ms, const Session& session, std::string_view avail_id) {
  w.field("time", at_ms);
  w.field("config", session.config);
  w.field("session", session.id);
  w.field("avail", avail_id);
}

double seconds(manifests::Ticks ticks) { return static_cast<double>(ticks.count()) / 90000.0; }

}  // namespace

AdEvent make_ad_event(const EventScope& scope, std::size_t ad_index, const PlacedAd* ad, std::string_view event,
                      const std::vector<std::string>& urls, std::int64_t due_ms) {
  AdEvent out;
  out.session = scope.session.id;
  out.keep = scope.keep;
  out.dedupe_keys.push_back(keys::beacon(scope.session.id, scope.avail_id, ad_index, event));
  if (ad && !ad->ad_serving_id.empty()) out.dedupe_keys.push_back(keys::ad_serving(ad->ad_serving_id, event));
  Beacon beacon;
  beacon.session = scope.session.id;
  beacon.avail = std::string(scope.avail_id);
  beacon.ad = ad_index;
  beacon.event = std::string(event);
  beacon.due_ms = due_ms;
  // Due later than its segment's fetch: the player fetched ahead, the viewer may leave.
  beacon.awaits_playback = due_ms > scope.now_ms;
  beacon.give_up_ms = due_ms + std::chrono::duration_cast<std::chrono::milliseconds>(scope.settings.give_up).count();
  beacon.keep = scope.keep;
  if (scope.settings.forward_device) {
    beacon.device_ip = scope.session.client_ip;
    beacon.device_user_agent = scope.session.user_agent;
  }
  const auto base_id = scope.session.id + ":" + beacon.avail + ":" + std::to_string(ad_index) + ":" + beacon.event;
  beacon.id = base_id;
  out.duplicate_record = audit_record(beacon, "duplicate", scope.now_ms);
  for (std::size_t i = 0; i < urls.size(); ++i) {
    beacon.id = base_id + ":" + std::to_string(i);
    beacon.url = urls[i];
    out.beacons.push_back(beacon);
  }

  // Timed when playback reaches the event (its beacons' due time), not when the segment
  // was fetched: a dashboard's per-minute figures follow what viewers saw.
  JsonWriter w;
  w.begin_object();
  common_fields(w, due_ms, scope.session, scope.avail_id);
  w.field("recorded", scope.now_ms);
  w.field("ad", ad ? ad->ad_id : std::string{});
  w.field("creative", ad ? (ad->universal_ad_id.empty() ? ad->creative_key : ad->universal_ad_id) : std::string{});
  w.field("event", event);
  w.field("outcome", "recorded");
  w.field("beacons", static_cast<std::uint64_t>(urls.size()));
  w.end_object();
  out.analytics = w.take();
  return out;
}

std::string decision_analytics(std::int64_t at_ms, const Session& session, const AvailDecision& decision) {
  JsonWriter w;
  w.begin_object();
  common_fields(w, at_ms, session, decision.avail_id);
  w.field("event", "decision");
  w.field("outcome", decision.ads.empty() ? "unfilled" : decision.slate.count() > 0 ? "partial" : "filled");
  w.field("ads", static_cast<std::uint64_t>(decision.ad_count()));
  w.field("adSeconds", seconds(decision.ad_time()));
  w.field("breakSeconds", seconds(decision.capacity));
  w.field("decisionMs", decision.decided_ms);
  if (decision.skip != SkipReason::kNone) w.field("skip", skip_reason_name(decision.skip));
  w.end_object();
  return w.take();
}

}  // namespace ssai
