// GET /v1/tracking/{session}: for players that report their own ad views (client-side
// tracking): every avail the session has met, its ads, and each tracking event with
// when it falls and the beacon URLs to call, with the macros the server knows filled in.
// [TIMESTAMP] and [CACHEBUSTING] are left for the player, which must fill them when it
// sends, as is anything the server cannot know. No admin token: the session id is the
// capability, as for the session's playlists.
#include "reports/session_reports.hpp"

#include <algorithm>

#include "common/json_io.hpp"
#include "ssai/decision.hpp"
#include "ssai/macro_values.hpp"
#include "store/store_keys.hpp"
#include "vast/macros.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;
using manifests::Ticks;

namespace {

double seconds(Ticks ticks) { return static_cast<double>(ticks.count()) / 90000.0; }

// The linear events VAST times by the ad's progress, in the order they fire.
struct TimedEvent {
  const char* name;
  int quarters;  ///< of the ad's duration at which it fires
};
constexpr TimedEvent kTimedEvents[] = {{"impression", 0}, {"start", 0},         {"firstQuartile", 1},
                                       {"midpoint", 2},   {"thirdQuartile", 3}, {"complete", 4}};

bool is_timed(std::string_view event) {
  return std::any_of(std::begin(kTimedEvents), std::end(kTimedEvents), [&](const TimedEvent& e) { return event == e.name; });
}

// The server's macros as a player sending the beacon itself needs them: SERVERSIDE 0,
// and the values that must be fresh at each send left as macros.
vast::MacroValues client_macros(const Session& session, const AvailDecision& decision) {
  auto macros = session_macros(session);
  macros.set("SERVERSIDE", "0");
  add_break_macros(macros, decision.position, decision.content_position);
  return macros;
}

void write_beacons(JsonWriter& w, const std::vector<std::string>& urls, const vast::MacroValues& macros) {
  w.key("beaconUrls");
  w.begin_array();
  for (const auto& url : urls) w.value(vast::expand_macros(url, macros));
  w.end_array();
}

std::vector<std::string> urls_for(const std::vector<std::pair<std::string, std::string>>& tracking, std::string_view event) {
  std::vector<std::string> urls;
  for (const auto& [name, url] : tracking) {
    if (name == event) urls.push_back(url);
  }
  return urls;
}

void write_ad(JsonWriter& w, const Session& session, const AvailDecision& decision, std::size_t index,
              std::optional<Ticks> start) {
  const auto& ad = decision.ads[index];
  auto ad_macros = client_macros(session, decision);
  ad_macros.set("ADTYPE", "video").set("ADCOUNT", std::to_string(decision.ad_number(index)));
  if (!ad.ad_serving_id.empty()) ad_macros.set("ADSERVINGID", ad.ad_serving_id);
  if (!ad.universal_ad_id.empty()) ad_macros.set("UNIVERSALADID", ad.universal_ad_id);
  if (!ad.asset_uri.empty()) ad_macros.set("ASSETURI", ad.asset_uri);
  w.begin_object();
  w.field("adId", ad.ad_id);
  w.field("creativeId", ad.universal_ad_id);
  w.field("creativeKey", ad.creative_key);
  if (!ad.ad_serving_id.empty()) w.field("adServingId", ad.ad_serving_id);
  if (start) w.field("startTimeInSeconds", seconds(*start));
  w.field("durationInSeconds", seconds(ad.duration));
  w.key("trackingEvents");
  w.begin_array();
  for (const auto& event : kTimedEvents) {
    const auto urls = std::string_view(event.name) == "impression" ? ad.impressions : urls_for(ad.tracking, event.name);
    if (urls.empty()) continue;
    const Ticks into{ad.duration.count() * event.quarters / 4};
    auto macros = ad_macros;
    macros.set("ADPLAYHEAD", manifests::format_timecode(into));
    w.begin_object();
    w.field("eventType", event.name);
    if (start) w.field("startTimeInSeconds", seconds(*start + into));
    w.field("offsetInAdSeconds", seconds(into));
    write_beacons(w, urls, macros);
    w.end_object();
  }
  // Player-driven events (pause, mute, clickTracking...): no moment of their own, so
  // [ADPLAYHEAD] is left for the player.
  std::vector<std::string> seen;
  for (const auto& [name, url] : ad.tracking) {
    if (is_timed(name) || std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    w.begin_object();
    w.field("eventType", name);
    write_beacons(w, urls_for(ad.tracking, name), ad_macros);
    w.end_object();
  }
  w.end_array();
  // Stored as JSON text; the macros are filled the same way (percent-encoded values
  // cannot break the JSON they land in).
  if (!ad.companion_ads_json.empty()) {
    w.key("companionAds");
    w.raw(vast::expand_macros(ad.companion_ads_json, ad_macros));
  }
  if (!ad.non_linear_ads_json.empty()) {
    w.key("nonLinearAds");
    w.raw(vast::expand_macros(ad.non_linear_ads_json, ad_macros));
  }
  w.end_object();
}

void write_avail(JsonWriter& w, const Session& session, const AvailDecision& decision, std::optional<Ticks> start) {
  w.begin_object();
  w.field("availId", decision.avail_id);
  if (start) w.field("startTimeInSeconds", seconds(*start));
  if (decision.start_date_ms) w.field("startTime", manifests::format_iso8601_ms(*decision.start_date_ms));
  w.field("durationInSeconds", seconds(decision.capacity));
  w.field("inserted", decision.inserted);
  w.field("slateSeconds", seconds(decision.slate));
  const auto macros = client_macros(session, decision);
  w.key("adBreakTrackingEvents");
  w.begin_array();
  for (const char* event : {"breakStart", "breakEnd"}) {
    const auto urls = urls_for(decision.break_tracking, event);
    if (urls.empty()) continue;
    w.begin_object();
    w.field("eventType", event);
    if (start) w.field("startTimeInSeconds", seconds(*start + (std::string_view(event) == "breakEnd" ? decision.capacity : Ticks{})));
    write_beacons(w, urls, macros);
    w.end_object();
  }
  w.end_array();
  w.key("ads");
  w.begin_array();
  auto ad_start = start;
  for (std::size_t i = 0; i < decision.ads.size(); ++i) {
    // Bumpers are not ads: not listed, but their time moves the ads after them.
    if (!decision.ads[i].bumper) write_ad(w, session, decision, i, ad_start);
    if (ad_start) *ad_start += decision.ads[i].duration;
  }
  w.end_array();
  w.end_object();
}

}  // namespace

asio::awaitable<Response> SessionReports::tracking(std::string_view id) {
  auto loaded = co_await sessions_.load(id);
  if (!loaded) co_return error_response(loaded.error());
  const Session& session = **loaded;
  auto stored = co_await this->decisions(session);
  if (!stored) co_return error_response(stored.error());
  std::vector<AvailDecision> decisions;  // those with ads: trackers see only what plays
  for (auto& decision : *stored) {
    if (!decision.ads.empty()) decisions.push_back(std::move(decision));
  }
  // In the order a viewer meets them: VOD by place in the content, live by wall clock.
  std::stable_sort(decisions.begin(), decisions.end(), [](const AvailDecision& a, const AvailDecision& b) {
    if (a.content_position && b.content_position) return *a.content_position < *b.content_position;
    if (a.start_date_ms && b.start_date_ms) return *a.start_date_ms < *b.start_date_ms;
    return false;
  });
  JsonWriter w;
  w.begin_object();
  w.field("sessionId", session.id);
  // Guided: the ads play in the player's own asset player, on the content's timeline.
  w.field("insertionMode", session.guided ? "guided" : "stitched");
  w.key("avails");
  w.begin_array();
  // VOD: times on the stitched timeline, which inserted breaks lengthen.
  Ticks inserted_before{};
  for (const auto& decision : decisions) {
    std::optional<Ticks> start;
    if (decision.content_position) start = *decision.content_position + inserted_before;
    write_avail(w, session, decision, start);
    if (decision.inserted) inserted_before += decision.capacity;
  }
  w.end_array();
  w.end_object();
  co_return json_response(200, w.take());
}

}  // namespace ssai
