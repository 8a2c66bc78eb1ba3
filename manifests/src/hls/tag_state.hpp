#pragma once
// The tags that carry over from segment to segment (EXT-X-KEY, EXT-X-MAP) and the
// program date, followed through the content as a stitcher walks it, so that what a
// replaced break took away is restated where the content resumes, and ads are not
// taken for encrypted content (RFC 8216 sections 4.3.2.4, 4.3.2.5, 4.3.2.6).
#include <cstdint>
#include <optional>
#include <vector>

#include "manifests/hls/playlist.hpp"

namespace manifests::hls {

class TagState {
 public:
  /// After each content segment, kept or replaced, in playlist order.
  void observe(const Segment& segment);

  /// On the content segment that resumes after a break: the key, map and date in force
  /// there, unless it states its own. Text goes into `text` (the output playlist's).
  void restate(Segment& resumed, TextStore& text) const;

  /// On the first segment of each ad or slate run: METHOD=NONE while the content is
  /// encrypted, since ads are not, and the ad's own EXT-X-MAP when it is fMP4 (`map_uri`
  /// non-empty; text goes into `text`).
  void open_inserted(Segment& inserted, std::string_view map_uri, TextStore& text) const;

 private:
  std::vector<Tag> keys_;  ///< the last segment's EXT-X-KEY tags that had any (one per KEYFORMAT)
  std::optional<Tag> map_;
  std::optional<std::int64_t> next_date_ms_;
};

}  // namespace manifests::hls
