#pragma once
// Program dates for a live media playlist that has none (live_dates.cpp).
//
// Server-guided breaks are placed by date (HLS Interstitials), and the shared playlist
// must date every segment the same on every reload, node and rendition although its
// window moves. A date made up for the window's first segment on each request would move
// with the window. So dates are chained: once one window is dated, a later window that
// shares a segment with it is dated from it by the durations in between, read off the
// windows themselves, exactly (in 90 kHz ticks). The last dated window of each playlist
// lives in this node's memory and in the store, so that another node, or this one after
// a restart, continues the same chain instead of starting another.
//
// A playlist first seen (or whose sequence numbers jumped past the stored chain: an
// encoder restart) starts its chain at a date made from its media sequence number alone:
// 2000-01-01 plus the number times the target duration. Renditions first seen in the
// same window (players load them together) then start alike without sharing a key. The
// dates are the service's, not the encoder's wall clock: they place breaks, and a player
// that shows the time of day shows 2000's.
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "manifests/hls/playlist.hpp"
#include "manifests/avail.hpp"
#include "ssai/store.hpp"

namespace ssai {

/// One dated window: its first media sequence number, that segment's date (ticks since
/// 1970) and the durations of its segments.
struct DatedWindow {
  std::int64_t msn = 0;
  manifests::Ticks date{};
  std::vector<manifests::Ticks> durations;

  friend bool operator==(const DatedWindow&, const DatedWindow&) = default;
};

/// The date of the first segment of the window that starts at `msn` with `durations`,
/// continued from `known` when the two windows share a segment or one starts where the
/// other ends; nullopt when they do not meet.
[[nodiscard]] std::optional<manifests::Ticks> continue_dates(const DatedWindow& known, std::int64_t msn,
                                                             std::span<const manifests::Ticks> durations);

/// Where a chain starts: 2000-01-01 plus `msn` target durations.
[[nodiscard]] manifests::Ticks first_sight_date(std::int64_t msn, std::int64_t target_duration);

/// A dated window as the store keeps it ("msn date d0 d1 ...", in ticks), and back
/// (nullopt for anything else).
[[nodiscard]] std::string to_text(const DatedWindow& window);
[[nodiscard]] std::optional<DatedWindow> dated_window_from_text(std::string_view text);

/// Dates `playlist` (live, without EXT-X-PROGRAM-DATE-TIME) from `first`, the date of its
/// first segment: the tag on that segment, and each of `avails` (found in it) its start
/// date, counted in ticks so that a break keeps the same date on every reload.
void date_live_playlist(manifests::hls::MediaPlaylist& playlist, manifests::Ticks first, std::vector<manifests::Avail>& avails);

class LiveDates {
 public:
  explicit LiveDates(Store& store) : store_(store) {}

  /// The date of the first segment of `window`, the live playlist at `url` (see above).
  /// A store that fails is logged and read as empty: the dates then come from this
  /// node's chain, or a new one.
  [[nodiscard]] boost::asio::awaitable<manifests::Ticks> first_date(const std::string& url,
                                                                    const manifests::hls::MediaPlaylist& window);

 private:
  /// The chain this node last continued for `url`, when there is one.
  std::optional<DatedWindow> remembered(const std::string& url);
  void remember(const std::string& url, const DatedWindow& window);

  Store& store_;
  std::mutex mutex_;
  std::unordered_map<std::string, DatedWindow> chains_;
};

}  // namespace ssai
