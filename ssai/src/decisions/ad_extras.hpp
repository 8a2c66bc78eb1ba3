#pragma once
// What SSAI cannot play but players can show beside or over the ad: VAST companion
// banners and non-linear overlays, as the JSON the tracking API hands on. Rendered once
// at decision time and stored with the decision.
#include <string>

#include "vast/model.hpp"

namespace ssai {

/// {"required": ..., "companions": [...]} of the ad's first CompanionAds; empty if none.
[[nodiscard]] std::string companion_ads_json(const vast::Ad& ad);
/// {"nonLinears": [...], "trackingEvents": [...]} of its first NonLinearAds; empty if none.
[[nodiscard]] std::string non_linear_ads_json(const vast::Ad& ad);

}  // namespace ssai
