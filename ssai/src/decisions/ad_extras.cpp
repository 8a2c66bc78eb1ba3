#include "decisions/ad_extras.hpp"

#include <algorithm>

#include "common/json_io.hpp"

namespace ssai {

namespace {

// The resources a player may render, whichever the creative has.
template <class Resourced>
void write_resources(JsonWriter& w, const Resourced& item) {
  w.field("id", item.id);
  w.field("width", item.width);
  w.field("height", item.height);
  if (!item.api_framework.empty()) w.field("apiFramework", item.api_framework);
  if (!item.static_resource.empty()) {
    w.field("staticResource", item.static_resource);
    w.field("creativeType", item.static_resource_type);
  }
  if (!item.iframe_resource.empty()) w.field("iFrameResource", item.iframe_resource);
  if (!item.html_resource.empty()) w.field("htmlResource", item.html_resource);
  if (item.click_through) w.field("clickThrough", *item.click_through);
  w.key("clickTrackingUrls");
  w.begin_array();
  for (const auto& url : item.click_tracking) w.value(url);
  w.end_array();
}

// The same shape as the ads' trackingEvents: one entry per event, its beacon URLs.
void write_tracking(JsonWriter& w, const std::vector<vast::TrackingEvent>& events) {
  w.key("trackingEvents");
  w.begin_array();
  std::vector<std::string> done;
  for (const auto& event : events) {
    if (std::find(done.begin(), done.end(), event.event) != done.end()) continue;
    done.push_back(event.event);
    w.begin_object();
    w.field("eventType", event.event);
    w.key("beaconUrls");
    w.begin_array();
    for (const auto& same : events) {
      if (same.event == event.event) w.value(same.uri);
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::string companion_ads_json(const vast::Ad& ad) {
  for (const auto& creative : ad.creatives) {
    if (!creative.companion_ads || creative.companion_ads->companions.empty()) continue;
    JsonWriter w;
    w.begin_object();
    if (!creative.companion_ads->required.empty()) w.field("required", creative.companion_ads->required);
    w.key("companions");
    w.begin_array();
    for (const auto& companion : creative.companion_ads->companions) {
      w.begin_object();
      write_resources(w, companion);
      if (!companion.ad_slot_id.empty()) w.field("adSlotId", companion.ad_slot_id);
      write_tracking(w, companion.tracking_events);
      w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take();
  }
  return {};
}

std::string non_linear_ads_json(const vast::Ad& ad) {
  for (const auto& creative : ad.creatives) {
    if (!creative.non_linear_ads || creative.non_linear_ads->non_linears.empty()) continue;
    JsonWriter w;
    w.begin_object();
    w.key("nonLinears");
    w.begin_array();
    for (const auto& overlay : creative.non_linear_ads->non_linears) {
      w.begin_object();
      write_resources(w, overlay);
      if (overlay.min_suggested_duration) {
        w.field("minSuggestedDurationInSeconds", static_cast<double>(overlay.min_suggested_duration->count()) / 1000.0);
      }
      w.end_object();
    }
    w.end_array();
    write_tracking(w, creative.non_linear_ads->tracking_events);
    w.end_object();
    return w.take();
  }
  return {};
}

}  // namespace ssai
