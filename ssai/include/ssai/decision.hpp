#pragma once
// What one session plays in one avail, decided once and stored, so every rendition and
// every node gives the same answer.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifests/time.hpp"
#include "ssai/error.hpp"

namespace ssai {

struct PlacedAd {
  std::string creative_key;
  std::string ad_id;
  manifests::Ticks duration{};  ///< of the conditioned renditions, not the VAST Duration
  std::vector<std::string> impressions;
  std::vector<std::pair<std::string, std::string>> tracking;  ///< (event, URL)
  // For the macros of its beacons.
  std::string ad_serving_id;
  std::string universal_ad_id;  ///< "registry value", as [UNIVERSALADID] carries it
  std::string asset_uri;        ///< the media file it was conditioned from
  /// Its companion banners and overlays, as the tracking API hands them on (JSON;
  /// empty when it has none).
  std::string companion_ads_json;
  std::string non_linear_ads_json;
  /// A bumper of the configuration (bumpers.start_url / end_url), not an ad: no
  /// beacons, not listed to trackers, not counted in [ADCOUNT].
  bool bumper = false;
  /// A stand-alone ad of the response, playing in place of a pod ad that could not.
  bool standalone = false;
};

/// Why an ad, or a whole break, does not play: one fixed taxonomy, for ad-ops (explain)
/// and for counting.
enum class SkipReason {
  kNone,
  kAdsTimeout,        ///< the ad server or a wrapper did not answer in time
  kAdsError,          ///< unreachable, an HTTP error, or a response that is not VAST
  kNoAds,             ///< the ad server had nothing for this break
  kWrapperLimit,      ///< too many wrappers
  kWrapperError,      ///< a wrapper led nowhere usable
  kNoPlayableMedia,   ///< no media file SSAI can play (VPAID only, no video)
  kCreativeNotReady,  ///< not conditioned for this content yet
  kDurationExceeded,  ///< the ad does not fit what is left of the break
  kStoreUnavailable,  ///< the decision could not be stored, so it could not be served
  kSuppressed,        ///< avail suppression (live): the break is not filled for this session
};

[[nodiscard]] const char* skip_reason_name(SkipReason reason);
[[nodiscard]] SkipReason parse_skip_reason(std::string_view name);
/// The taxonomy entry for a VAST error code reported about an ad.
[[nodiscard]] SkipReason skip_reason_for_vast_error(int code);

/// An ad the break will not play, and why (with the VAST error code reported, 0 if none).
struct DroppedAd {
  std::string ad_id;
  int vast_error = 0;
  std::string reason;
  SkipReason skip = SkipReason::kNone;
};

/// VAST [BREAKPOSITION] values.
enum class BreakPosition { kPreRoll = 1, kMidRoll = 2, kPostRoll = 3 };

struct AvailDecision {
  std::string avail_id;
  /// The break adds its ads to the timeline (VOD insertion) instead of replacing content.
  bool inserted = false;
  BreakPosition position = BreakPosition::kMidRoll;
  /// Where the break stands in the content, for [CONTENTPLAYHEAD]; unknown on live.
  std::optional<manifests::Ticks> content_position;
  /// When the break starts, in wall-clock ms since 1970 (live, from PROGRAM-DATE-TIME or
  /// DATERANGE): how client-side trackers place a live break.
  std::optional<std::int64_t> start_date_ms;
  /// VMAP breakStart / breakEnd / error URLs: (event, URL).
  std::vector<std::pair<std::string, std::string>> break_tracking;
  manifests::Ticks capacity{};  ///< content time the break replaces (inserted: the ads' time)
  std::vector<PlacedAd> ads;
  manifests::Ticks slate{};  ///< what the ads leave of the break
  std::vector<DroppedAd> dropped;
  std::string note;  ///< why the break has no ads at all, when it has none
  SkipReason skip = SkipReason::kNone;  ///< the same, in the taxonomy
  std::int64_t decided_ms = 0;  ///< how long the decision took (ad server, wrappers)

  /// The real ads, bumpers aside: how many, and how long they play (fill rate counts them).
  [[nodiscard]] std::size_t ad_count() const { return ad_number(ads.size()); }
  [[nodiscard]] manifests::Ticks ad_time(bool bumpers = false) const {
    manifests::Ticks total{};
    for (const auto& ad : ads) total += ad.bumper == bumpers ? ad.duration : manifests::Ticks{};
    return total;
  }
  /// [ADCOUNT] of the ad at `index`: its place among the real ads, bumpers aside (1-based).
  [[nodiscard]] std::size_t ad_number(std::size_t index) const {
    std::size_t n = 0;
    for (std::size_t i = 0; i <= index && i < ads.size(); ++i) n += ads[i].bumper ? 0 : 1;
    return n;
  }
};

[[nodiscard]] std::string to_json(const AvailDecision& decision);
[[nodiscard]] Result<AvailDecision> decision_from_json(std::string_view json);

}  // namespace ssai
