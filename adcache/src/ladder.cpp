#include "adcache/ladder.hpp"

#include <algorithm>
#include <cstdlib>

namespace adcache {

manifests::Ticks ConditionedCreative::duration() const {
  manifests::Ticks shortest{};
  for (const auto& r : renditions) {
    if (shortest.count() == 0 || r.duration < shortest) shortest = r.duration;
  }
  return shortest;
}

const Rendition& pick_rendition(const ConditionedCreative& creative, const VariantTraits& variant) {
  // Height mismatch dominates: a 720p player switching to a 360p ad looks broken,
  // a bitrate 20% off does not.
  auto distance = [&](const Rendition& r) {
    const long long height_gap = std::llabs(static_cast<long long>(r.height) - variant.height);
    const long long bandwidth_gap = std::llabs(static_cast<long long>(r.bandwidth) - variant.bandwidth);
    return height_gap * 1'000'000'000LL + bandwidth_gap;
  };
  // Video first: an audio-only rendition is picked only when there is nothing else.
  return *std::min_element(creative.renditions.begin(), creative.renditions.end(), [&](const Rendition& a, const Rendition& b) {
    if (a.audio_only != b.audio_only) return b.audio_only;
    return distance(a) < distance(b);
  });
}

const Rendition* audio_rendition(const ConditionedCreative& creative) {
  for (const auto& rendition : creative.renditions) {
    if (rendition.audio_only) return &rendition;
  }
  return nullptr;
}

}  // namespace adcache
