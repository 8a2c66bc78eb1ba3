#pragma once
// A creative that already comes as an HLS rendition set is used as it is when it fits
// the content's ladder: a variant of each rung's resolution (and frame rate, when the
// master says), MPEG-TS segments no longer than the content's, not encrypted, AAC audio
// when the codecs are named, and complete (ENDLIST). Then it plays seconds after first
// sight instead of waiting for a transcode. The caller fetches; this only decides and
// writes the playlists to publish (segment URIs absolute, pointing at the ad's CDN).
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "adcache/error.hpp"
#include "adcache/ladder_spec.hpp"

namespace adcache {

struct Adoption {
  /// Files to publish under <library>/<key>/: "master.m3u8" and "<rung>/index.m3u8".
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> rung_names;
};

using FetchText = std::function<Result<std::string>(const std::string& url)>;

/// Why not (kUnusable, naming the first mismatch) or what to publish.
[[nodiscard]] Result<Adoption> adopt_streaming(const LadderSpec& ladder, const std::string& master_url,
                                               const FetchText& fetch);

}  // namespace adcache
