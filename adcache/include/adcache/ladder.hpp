#pragma once
#include "adcache/rendition.hpp"

namespace adcache {

/// The video rendition closest to the content variant: same height first, then the
/// nearest bandwidth; a creative must have at least one rendition.
[[nodiscard]] const Rendition& pick_rendition(const ConditionedCreative& creative, const VariantTraits& variant);

/// The creative's audio-only rendition, for the content's alternate audio renditions;
/// null when it has none (conditioned before audio renditions were made).
[[nodiscard]] const Rendition* audio_rendition(const ConditionedCreative& creative);

}  // namespace adcache
