#include "ssai/break_plan.hpp"

#include "decisions/ad_extras.hpp"
#include "adcache/creative_key.hpp"

namespace ssai {
namespace {

void add_error_beacons(std::vector<std::string>& out, const std::vector<std::string>& uris, int code,
                       vast::MacroValues& macros) {
  macros.set("ERRORCODE", std::to_string(code));
  for (const auto& uri : uris) out.push_back(vast::expand_macros(uri, macros));
}

}  // namespace

BreakPlan plan_break(const vast::Resolution& resolution, manifests::Ticks capacity, const PlayableOf& playable,
                     vast::MacroValues macros, BreakKind kind) {
  BreakPlan plan;
  AvailDecision& decision = plan.decision;
  decision.capacity = capacity;
  for (const auto& error : resolution.errors) {
    decision.dropped.push_back({error.ad_id, static_cast<int>(error.code), error.reason,
                                skip_reason_for_vast_error(static_cast<int>(error.code))});
    add_error_beacons(plan.error_beacons, error.error_uris, static_cast<int>(error.code), macros);
  }
  manifests::Ticks ads_time{};
  // Places `ad` when it can play and fits what is left; else records why not.
  auto place = [&](const vast::Ad& ad, bool standalone) {
    auto creative = playable(ad);
    if (!creative) {
      auto dropped = creative.error();
      if (standalone) dropped.reason = "stand-alone ad: " + dropped.reason;
      decision.dropped.push_back(std::move(dropped));
      if (creative.error().vast_error != 0) add_error_beacons(plan.error_beacons, ad.errors, creative.error().vast_error, macros);
      return false;
    }
    if (ads_time + creative->duration > capacity) {
      decision.dropped.push_back({ad.id, 0,
                                  std::string(standalone ? "stand-alone ad: " : "") + manifests::format_seconds(creative->duration) +
                                      " s does not fit the " + manifests::format_seconds(capacity - ads_time) + " s left",
                                  SkipReason::kDurationExceeded});
      return false;
    }
    PlacedAd placed{creative->creative_key, ad.id, creative->duration, {}, {}, ad.ad_serving_id, {}, {},
                    companion_ads_json(ad), non_linear_ads_json(ad)};
    placed.standalone = standalone;
    for (const auto& impression : ad.impressions) placed.impressions.push_back(impression.uri);
    if (const auto* linear = vast::linear_creative(ad)) {
      for (const auto& event : linear->linear->tracking_events) placed.tracking.emplace_back(event.event, event.uri);
      if (!linear->universal_ad_ids.empty()) {
        placed.universal_ad_id = linear->universal_ad_ids.front().id_registry + " " + linear->universal_ad_ids.front().value;
      }
      if (const auto* file = adcache::source_media_file(*linear)) placed.asset_uri = file->uri;
    }
    ads_time += creative->duration;
    decision.ads.push_back(std::move(placed));
    return true;
  };
  // A pod ad that cannot play gives its place to the response's next stand-alone ad that
  // can (each tried once, in document order; a wrapper among them is not followed).
  std::size_t next_standalone = 0;
  auto backfill = [&] {
    while (next_standalone < resolution.buffet.size()) {
      const auto& ad = resolution.buffet[next_standalone++];
      if (!ad.is_wrapper && place(ad, true)) return;
    }
  };
  for (const auto& ad : resolution.ads) {
    if (!place(ad, false)) backfill();
  }
  if (kind == BreakKind::kInsert) {
    // An inserted break lasts what its ads last: nothing to fill.
    decision.inserted = true;
    decision.capacity = ads_time;
    return plan;
  }
  // With no ads the content plays through untouched, so there is nothing to fill.
  decision.slate = decision.ads.empty() ? manifests::Ticks{} : capacity - ads_time;
  return plan;
}

BreakPlan plan_break(const vast::Resolution& resolution, manifests::Ticks capacity, const PlayableOf& playable,
                     vast::MacroValues macros, BreakKind kind, const Bumpers& bumpers) {
  const auto bumper_time = bumpers.total();
  if (bumper_time.count() == 0 || bumper_time >= capacity) return plan_break(resolution, capacity, playable, macros, kind);
  auto plan = plan_break(resolution, capacity - bumper_time, playable, macros, kind);
  if (plan.decision.ads.empty()) return plan_break(resolution, capacity, playable, std::move(macros), kind);
  auto& decision = plan.decision;
  auto bumper = [](const PlayableCreative& creative, const char* id) {
    PlacedAd placed;
    placed.creative_key = creative.creative_key;
    placed.ad_id = id;
    placed.duration = creative.duration;
    placed.bumper = true;
    return placed;
  };
  if (bumpers.start) decision.ads.insert(decision.ads.begin(), bumper(*bumpers.start, "bumper-start"));
  if (bumpers.end) decision.ads.push_back(bumper(*bumpers.end, "bumper-end"));
  if (kind == BreakKind::kInsert) {
    decision.capacity += bumper_time;  // an inserted break lasts what it plays
  } else {
    decision.capacity = capacity;  // the slate fills what the ads and bumpers leave
  }
  return plan;
}

}  // namespace ssai
