#pragma once
// Server-guided ad insertion, HLS side (RFC 8216bis Appendix D, HLS Interstitials): a
// content media playlist that stays the same for every viewer, each break announced as
// an EXT-X-DATERANGE of class com.apple.hls.interstitial whose X-ASSET-LIST the player
// asks for that viewer's ads. Pure: the caller says where the breaks are and what URL
// each asset list has.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "manifests/error.hpp"
#include "manifests/hls/playlist.hpp"
#include "manifests/time.hpp"

namespace manifests::hls {

/// The date the first segment of a playlist without EXT-X-PROGRAM-DATE-TIME is given:
/// interstitials are placed by date, and every viewer's copy must say the same.
inline constexpr std::int64_t kSyntheticStartMs = 946'684'800'000;  // 2000-01-01T00:00:00Z

struct Interstitial {
  std::string id;                    ///< EXT-X-DATERANGE ID: the avail's, stable across reloads
  std::size_t at_segment = 0;        ///< the tag goes with this segment (== segments.size(): at the end)
  std::optional<std::int64_t> start_date_ms;  ///< nullopt: the date of `at_segment`
  std::optional<Ticks> duration;     ///< DURATION, when known; else PLANNED-DURATION from `planned`
  std::optional<Ticks> planned;
  /// X-RESUME-OFFSET: the content the break replaces (live: its length), 0 when it is
  /// inserted between two segments (VOD insertion).
  Ticks resume_offset{};
  std::string asset_list;            ///< X-ASSET-LIST, as the player is to resolve it (variables allowed)
  bool pre_roll = false;             ///< CUE="PRE"
  bool post_roll = false;            ///< CUE="POST"
  /// X-SNAP: its start (OUT) and its end (IN) are on segment boundaries of the playlist.
  bool snap_out = true;
  bool snap_in = true;
  bool once = false;                 ///< CUE="ONCE": played once, not again on a seek back
  /// X-PLAYOUT-LIMIT: the longest the player is to play of it (a live pre-roll's
  /// configured maximum); nullopt: none.
  std::optional<Ticks> playout_limit;
};

struct InterstitialOptions {
  /// A variable the playlist imports from its multivariant playlist (EXT-X-DEFINE
  /// IMPORT), which the asset list URLs refer to as {$name}; empty: none.
  std::string import_variable;
};

/// Adds the interstitials to `playlist`: a program date on the first segment of a VOD
/// playlist that has none (a live one without dates is an error: its window moves), the
/// EXT-X-DEFINE import, EXT-X-VERSION at least 8 (variable substitution), and one
/// EXT-X-DATERANGE per break. No breaks: the playlist is left as it is. Errors when a
/// break lies outside the playlist.
[[nodiscard]] Result<void> add_interstitials(MediaPlaylist& playlist, std::span<const Interstitial> breaks,
                                             const InterstitialOptions& options);

}  // namespace manifests::hls
