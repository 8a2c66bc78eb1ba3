#pragma once
// What one break plays, from the ads an ad server resolved to: in pod order, each ad
// that has something playable and still fits; the rest of the break is slate. Shared by
// the service (durations of conditioned renditions) and `ssai tag-check` (VAST durations).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "manifests/time.hpp"
#include "ssai/decision.hpp"
#include "vast/macros.hpp"
#include "vast/resolver.hpp"

namespace ssai {

struct PlayableCreative {
  std::string creative_key;
  manifests::Ticks duration{};
};

/// How long an ad plays, or why it cannot (a DroppedAd with its VAST error code).
using PlayableOf = std::function<tl::expected<PlayableCreative, DroppedAd>(const vast::Ad&)>;

struct BreakPlan {
  AvailDecision decision;
  std::vector<std::string> error_beacons;  ///< Error URLs, macros filled, to fire if the plan is kept
};

/// What is left of a break after its ads.
enum class BreakKind {
  kReplace,  ///< the ads replace content of `capacity`: slate fills the rest
  kInsert,   ///< the ads are inserted (VOD): `capacity` is the most they may add, no slate
};

/// The configuration's bumpers for this break, those ready to play.
struct Bumpers {
  std::optional<PlayableCreative> start;  ///< before the first ad
  std::optional<PlayableCreative> end;    ///< after the last
  [[nodiscard]] manifests::Ticks total() const {
    return (start ? start->duration : manifests::Ticks{}) + (end ? end->duration : manifests::Ticks{});
  }
};

/// `macros` fills the Error URLs ([ERRORCODE] is set per error).
[[nodiscard]] BreakPlan plan_break(const vast::Resolution& resolution, manifests::Ticks capacity,
                                   const PlayableOf& playable, vast::MacroValues macros,
                                   BreakKind kind = BreakKind::kReplace);

/// The same, the ads between the bumpers: they take their time from the break first, and
/// play only with ads (when no ad fits beside them, the ads play without them).
[[nodiscard]] BreakPlan plan_break(const vast::Resolution& resolution, manifests::Ticks capacity,
                                   const PlayableOf& playable, vast::MacroValues macros, BreakKind kind,
                                   const Bumpers& bumpers);

}  // namespace ssai
