#pragma once
#include <string>
#include <vector>

#include "manifests/time.hpp"

namespace adcache {

struct RenditionSegment {
  std::string uri;  ///< absolute, under the configured CDN prefix
  manifests::Ticks duration{};
};

/// One entry of a rung's I-frame playlist (EXT-X-I-FRAMES-ONLY): a keyframe inside a
/// segment, for trick play.
struct RenditionIFrame {
  std::string uri;  ///< absolute, like the segments'
  manifests::Ticks duration{};
  std::string byte_range;  ///< "length@offset"
};

/// One rung of a conditioned creative, or its audio alone (for content whose audio is
/// in alternate renditions: EXT-X-MEDIA TYPE=AUDIO).
struct Rendition {
  int bandwidth = 0;  ///< bit/s
  int width = 0;
  int height = 0;
  std::string codecs;
  std::vector<RenditionSegment> segments;
  manifests::Ticks duration{};  ///< exact: the sum of the segments
  bool audio_only = false;
  std::string init_uri;  ///< absolute: the fMP4 init segment (EXT-X-MAP); empty for MPEG-TS
  /// Its I-frame playlist's entries (the master's EXT-X-I-FRAME-STREAM-INF beside its
  /// media playlist); empty when it has none.
  std::vector<RenditionIFrame> iframes;
};

struct ConditionedCreative {
  std::string key;
  std::vector<Rendition> renditions;
  /// The shortest rendition's duration: what a break must have room for.
  [[nodiscard]] manifests::Ticks duration() const;
};

/// What the content variant a player is on looks like.
struct VariantTraits {
  int bandwidth = 0;
  int width = 0;
  int height = 0;
};

}  // namespace adcache
