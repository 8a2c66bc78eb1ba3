#pragma once
// Live stitching: each reload of a live media playlist, with the breaks in its window
// replaced by what ssai/ decided, continuing what this session was served before (the
// ledger). Ads replace content from the break's start: an ad segment enters the
// playlist once the content it replaces is out (so the stitched live edge stays with
// the content's), every remaining one when the break ends as planned, none after a
// break cut short. Pure: the caller keeps the ledger.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "manifests/error.hpp"
#include "manifests/hls/live_ledger.hpp"
#include "manifests/hls/playlist.hpp"
#include "manifests/hls/stitch.hpp"

namespace manifests::hls {

/// A break in the window, as cue detection found it, with what fills it.
struct LiveBreak {
  std::string id;                  ///< the avail's id: stable across reloads
  std::size_t first_segment = 0;   ///< in this window
  std::size_t end_segment = 0;     ///< one past its last segment in this window
  Ticks elapsed_before{};          ///< of the break, before first_segment (the window cut it)
  bool ended = false;              ///< the window shows where it ends
  bool ended_early = false;        ///< it ended before its planned duration (CUE-IN)
  std::vector<InsertedSegment> fill;  ///< ads then slate, from the break's start
  std::string pin;                    ///< kept in the ledger for this break (see LiveLedger::pins)
};

struct LiveStitch {
  MediaPlaylist playlist;
  LiveLedger ledger;  ///< for the next reload
  /// False when this window is older than the one the previous ledger came from (a
  /// cache behind): the answer is consistent, but the newer ledger is the one to keep.
  bool keep = true;
};

/// Records older than the window that the ledger keeps, so that a reload from a cache a
/// little behind (another node's) is still answered consistently.
inline constexpr std::size_t kLedgerHistory = 32;

/// `breaks` sorted, not overlapping, inside the window; `previous` is what the last
/// reload returned as its ledger (none for a session's first reload).
[[nodiscard]] Result<LiveStitch> stitch_live(const MediaPlaylist& content, std::span<const LiveBreak> breaks,
                                             const std::optional<LiveLedger>& previous, const StitchOptions& options = {});

}  // namespace manifests::hls
