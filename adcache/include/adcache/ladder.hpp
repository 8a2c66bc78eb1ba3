#pragma once
#include "adcache/rendition.hpp"

namespace adcache {

/// The rendition closest to the content variant: same height first, then the nearest
/// bandwidth; a creative must have at least one rendition.
[[nodiscard]] const Rendition& pick_rendition(const ConditionedCreative& creative, const VariantTraits& variant);

}  // namespace adcache
