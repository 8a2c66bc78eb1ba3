#pragma once
// What one session was served of one live media playlist, per content segment, so that
// the next reload continues it: EXT-X-MEDIA-SEQUENCE advances by exactly the entries
// that left the top, EXT-X-DISCONTINUITY-SEQUENCE by the discontinuities among them,
// and a segment served once is served again the same way. Pure data with a compact
// text form, which ssai/ keeps in the store next to the session.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifests/error.hpp"
#include "manifests/time.hpp"

namespace manifests::hls {

/// One content segment, as served.
struct LiveRecord {
  std::int64_t msn = 0;                ///< the content's media sequence number
  std::uint32_t entries = 1;           ///< playlist entries it stood for (0 or more inside a break)
  std::uint32_t discontinuities = 0;   ///< EXT-X-DISCONTINUITY tags among those entries
  std::string break_id;                ///< the avail it was replaced for; empty: served as content
  Ticks covered_after{};               ///< inside a break: how much of the break it and those before it last
  bool resume = false;                 ///< content right after a break (marked discontinuous)

  friend bool operator==(const LiveRecord&, const LiveRecord&) = default;
};

struct LiveLedger {
  std::int64_t media_sequence = 0;          ///< of the first record's first entry
  std::int64_t discontinuity_sequence = 0;  ///< before the first record's first entry
  /// The largest EXT-X-TARGETDURATION served: it must not change, so it never goes down.
  std::int64_t target_duration = 0;
  std::vector<LiveRecord> records;          ///< consecutive media sequence numbers
  /// Per break, what the caller fixed when it first filled it (e.g. which rendition of
  /// each ad), so the fill stays the same while the break is served: break id -> a word
  /// without spaces. Kept while records name the break.
  std::vector<std::pair<std::string, std::string>> pins;

  [[nodiscard]] const std::string* pin(std::string_view break_id) const;
  /// The break a content segment was replaced for; empty when none (or not recorded).
  /// A break keeps the id the session first knew it by, even if the cues seen later
  /// (its start scrolled away) would name it otherwise.
  [[nodiscard]] std::string break_at(std::int64_t msn) const;

  [[nodiscard]] std::string encode() const;
  /// Errors on anything encode() would not have written.
  [[nodiscard]] static Result<LiveLedger> decode(std::string_view text);

  friend bool operator==(const LiveLedger&, const LiveLedger&) = default;
};

}  // namespace manifests::hls
