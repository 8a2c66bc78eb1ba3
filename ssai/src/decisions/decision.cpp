#include "ssai/decision.hpp"

#include "common/json_io.hpp"
#include "decisions/plan_json.hpp"

namespace ssai {
namespace {

using Events = std::vector<std::pair<std::string, std::string>>;

void write_events(JsonWriter& w, const char* key, const Events& events) {
  ssai::write_events(w, key, events, "url", [](const auto& pair) -> const auto& { return pair; });
}

Events read_events(const JsonReader& r, const char* key) {
  Events out;
  for (const auto* t : r.objects(key)) {
    JsonReader event(*t);
    out.emplace_back(event.string("event"), event.string("url"));
  }
  return out;
}

}  // namespace

std::string to_json(const AvailDecision& d) {
  JsonWriter w;
  w.begin_object();
  w.field("avail_id", d.avail_id);
  w.field("inserted", d.inserted);
  w.field("position", static_cast<int>(d.position));
  if (d.content_position) w.field("content_position_ticks", d.content_position->count());
  if (d.start_date_ms) w.field("start_date_ms", *d.start_date_ms);
  write_events(w, "break_tracking", d.break_tracking);
  w.field("capacity_ticks", d.capacity.count());
  w.field("slate_ticks", d.slate.count());
  w.field("note", d.note);
  w.field("skip", skip_reason_name(d.skip));
  w.field("decided_ms", d.decided_ms);
  w.key("dropped");
  w.begin_array();
  for (const auto& dropped : d.dropped) {
    w.begin_object();
    w.field("ad_id", dropped.ad_id);
    w.field("vast_error", dropped.vast_error);
    w.field("reason", dropped.reason);
    w.field("skip", skip_reason_name(dropped.skip));
    w.end_object();
  }
  w.end_array();
  w.key("ads");
  w.begin_array();
  for (const auto& ad : d.ads) {
    w.begin_object();
    w.field("creative_key", ad.creative_key);
    w.field("ad_id", ad.ad_id);
    w.field("duration_ticks", ad.duration.count());
    w.field("ad_serving_id", ad.ad_serving_id);
    w.field("universal_ad_id", ad.universal_ad_id);
    w.field("asset_uri", ad.asset_uri);
    w.key("impressions");
    w.begin_array();
    for (const auto& url : ad.impressions) w.value(url);
    w.end_array();
    write_events(w, "tracking", ad.tracking);
    if (!ad.companion_ads_json.empty()) w.field("companion_ads", ad.companion_ads_json);
    if (!ad.non_linear_ads_json.empty()) w.field("non_linear_ads", ad.non_linear_ads_json);
    if (ad.bumper) w.field("bumper", true);
    if (ad.standalone) w.field("standalone", true);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

Result<AvailDecision> decision_from_json(std::string_view json) {
  JsonReader r(json);
  if (!r.ok()) return fail(Errc::kInternal, "stored decision is not valid JSON");
  AvailDecision d;
  d.avail_id = r.string("avail_id");
  d.inserted = r.boolean("inserted");
  const auto position = r.integer("position");
  d.position = position >= 1 && position <= 3 ? static_cast<BreakPosition>(position) : BreakPosition::kMidRoll;
  if (r.find("content_position_ticks")) d.content_position = manifests::Ticks{r.integer("content_position_ticks")};
  if (r.find("start_date_ms")) d.start_date_ms = r.integer("start_date_ms");
  d.break_tracking = read_events(r, "break_tracking");
  d.capacity = manifests::Ticks{r.integer("capacity_ticks")};
  d.slate = manifests::Ticks{r.integer("slate_ticks")};
  d.note = r.string("note");
  d.skip = parse_skip_reason(r.string("skip"));
  d.decided_ms = r.integer("decided_ms");
  for (const auto* x : r.objects("dropped")) {
    JsonReader item(*x);
    d.dropped.push_back({item.string("ad_id"), static_cast<int>(item.integer("vast_error")), item.string("reason"),
                         parse_skip_reason(item.string("skip"))});
  }
  for (const auto* a : r.objects("ads")) {
    JsonReader item(*a);
    PlacedAd ad;
    ad.creative_key = item.string("creative_key");
    ad.ad_id = item.string("ad_id");
    ad.duration = manifests::Ticks{item.integer("duration_ticks")};
    ad.ad_serving_id = item.string("ad_serving_id");
    ad.universal_ad_id = item.string("universal_ad_id");
    ad.asset_uri = item.string("asset_uri");
    ad.impressions = item.strings("impressions");
    ad.tracking = read_events(item, "tracking");
    ad.companion_ads_json = item.string("companion_ads");
    ad.non_linear_ads_json = item.string("non_linear_ads");
    ad.bumper = item.boolean("bumper");
    ad.standalone = item.boolean("standalone");
    d.ads.push_back(std::move(ad));
  }
  return d;
}

namespace {

constexpr std::pair<SkipReason, const char*> kSkipNames[] = {
    {SkipReason::kNone, ""},
    {SkipReason::kAdsTimeout, "ads_timeout"},
    {SkipReason::kAdsError, "ads_error"},
    {SkipReason::kNoAds, "no_ads"},
    {SkipReason::kWrapperLimit, "wrapper_limit"},
    {SkipReason::kWrapperError, "wrapper_error"},
    {SkipReason::kNoPlayableMedia, "no_playable_media"},
    {SkipReason::kCreativeNotReady, "creative_not_ready"},
    {SkipReason::kDurationExceeded, "duration_exceeded"},
    {SkipReason::kStoreUnavailable, "store_unavailable"},
    {SkipReason::kSuppressed, "suppressed"},
};

}  // namespace

const char* skip_reason_name(SkipReason reason) {
  for (const auto& [value, name] : kSkipNames) {
    if (value == reason) return name;
  }
  return "";
}

SkipReason parse_skip_reason(std::string_view name) {
  for (const auto& [value, known] : kSkipNames) {
    if (name == known) return value;
  }
  return SkipReason::kNone;
}

SkipReason skip_reason_for_vast_error(int code) {
  switch (code) {
    case 301: return SkipReason::kAdsTimeout;    // wrapper URI timed out
    case 302: return SkipReason::kWrapperLimit;  // wrapper limit reached
    case 303: return SkipReason::kNoAds;         // no ads after a wrapper
    case 403: return SkipReason::kNoPlayableMedia;
    case 405: return SkipReason::kCreativeNotReady;
    default: return code >= 100 && code < 200 ? SkipReason::kAdsError : SkipReason::kWrapperError;
  }
}

void write_plan_fields(JsonWriter& w, const AvailDecision& d) {
  w.field("break_seconds", manifests::format_seconds(d.capacity));
  w.key("ads");
  w.begin_array();
  for (const auto& ad : d.ads) {
    w.begin_object();
    w.field("ad_id", ad.ad_id);
    w.field("creative_key", ad.creative_key);
    w.field("duration_seconds", manifests::format_seconds(ad.duration));
    if (ad.standalone) w.field("standalone", true);  // in place of a pod ad that could not play
    w.end_object();
  }
  w.end_array();
  w.field("slate_seconds", manifests::format_seconds(d.slate));
  w.key("skipped");
  w.begin_array();
  for (const auto& x : d.dropped) {
    w.begin_object();
    w.field("ad_id", x.ad_id);
    w.field("reason", skip_reason_name(x.skip));
    w.field("vast_error", x.vast_error);
    w.field("detail", x.reason);
    w.end_object();
  }
  w.end_array();
}

namespace {

const char* position_name(BreakPosition position) {
  switch (position) {
    case BreakPosition::kPreRoll: return "pre-roll";
    case BreakPosition::kMidRoll: return "mid-roll";
    case BreakPosition::kPostRoll: return "post-roll";
  }
  return "mid-roll";
}

}  // namespace

void write_decision_trace(JsonWriter& w, const AvailDecision& d, std::map<std::string, int>& skips) {
  w.begin_object();
  w.field("avail_id", d.avail_id);
  w.field("position", position_name(d.position));
  w.field("inserted", d.inserted);
  w.field("decided_ms", d.decided_ms);
  write_plan_fields(w, d);
  for (const auto& x : d.dropped) ++skips[skip_reason_name(x.skip)];
  if (d.skip != SkipReason::kNone) {
    w.field("no_ads_reason", skip_reason_name(d.skip));
    w.field("detail", d.note);
    ++skips[skip_reason_name(d.skip)];
  }
  w.end_object();
}

void write_skip_counts(JsonWriter& w, const std::map<std::string, int>& skips) {
  w.key("skips_by_reason");
  w.begin_object();
  for (const auto& [reason, count] : skips) w.field(reason, count);
  w.end_object();
}

}  // namespace ssai
