#include "origin/live_dates.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>

#include "manifests/hls/interstitials.hpp"
#include "ssai/log.hpp"
#include "store/store_keys.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
using manifests::Ticks;

namespace {

// A chain not continued for a day belongs to a channel nobody watches.
constexpr std::chrono::seconds kChainTtl{24 * 3600};
// Past this many playlists, this node forgets its chains (the store keeps them).
constexpr std::size_t kMaxChains = 10'000;
// Chains start within a century of 2000-01-01, and no segment of one lasts over a day
// (a playlist's target duration cannot either): sums of a window's durations then stay
// far inside 64 bits whatever an origin or the store says.
constexpr Ticks kDay{86'400LL * 90'000};
constexpr std::uint64_t kSpan = 100ULL * 365 * 86'400 * 90'000;
constexpr Ticks kLatestDate{static_cast<std::int64_t>(kSpan) * 2 + manifests::hls::kSyntheticStartMs * 90};

bool plausible(std::span<const Ticks> durations) {
  return std::all_of(durations.begin(), durations.end(), [](Ticks d) { return d.count() >= 0 && d <= kDay; });
}

Ticks sum(std::span<const Ticks> durations, std::size_t count) {
  return std::accumulate(durations.begin(), durations.begin() + static_cast<std::ptrdiff_t>(count), Ticks{});
}

std::vector<Ticks> durations_of(const manifests::hls::MediaPlaylist& window) {
  std::vector<Ticks> out;
  out.reserve(window.segments.size());
  for (const auto& segment : window.segments) out.push_back(segment.duration);
  return out;
}

}  // namespace

std::optional<Ticks> continue_dates(const DatedWindow& known, std::int64_t msn, std::span<const Ticks> durations) {
  const std::int64_t known_count = static_cast<std::int64_t>(known.durations.size());
  if (msn >= known.msn && msn - known.msn <= known_count) {
    // This window starts inside the known one (or where it ends): add what came before.
    return known.date + sum(known.durations, static_cast<std::size_t>(msn - known.msn));
  }
  if (msn < known.msn && known.msn - msn <= static_cast<std::int64_t>(durations.size())) {
    // An older window (a cache a little behind): count back from the known start.
    return known.date - sum(durations, static_cast<std::size_t>(known.msn - msn));
  }
  return std::nullopt;
}

Ticks first_sight_date(std::int64_t msn, std::int64_t target_duration) {
  const Ticks epoch = std::chrono::duration_cast<Ticks>(std::chrono::milliseconds(manifests::hls::kSyntheticStartMs));
  // In unsigned arithmetic, folded into a century: a media sequence number near the top
  // of its range wraps (the date only has to be the same everywhere) and cannot overflow.
  const auto target = static_cast<std::uint64_t>(std::clamp<std::int64_t>(target_duration, 1, kDay.count() / 90000));
  const auto offset = target * 90000u * static_cast<std::uint64_t>(msn) % kSpan;
  return epoch + Ticks{static_cast<std::int64_t>(offset)};
}

std::string to_text(const DatedWindow& window) {
  std::string out = std::to_string(window.msn) + " " + std::to_string(window.date.count());
  for (const auto d : window.durations) out += " " + std::to_string(d.count());
  return out;
}

std::optional<DatedWindow> dated_window_from_text(std::string_view text) {
  std::vector<std::int64_t> numbers;
  const char* at = text.data();
  const char* end = text.data() + text.size();
  while (at < end) {
    std::int64_t n = 0;
    const auto [next, error] = std::from_chars(at, end, n);
    if (error != std::errc{}) return std::nullopt;
    numbers.push_back(n);
    at = next;
    // One space between numbers, none after the last.
    if (at < end && (*at++ != ' ' || at == end)) return std::nullopt;
  }
  if (numbers.size() < 2 || numbers[0] < 0 || numbers[1] < 0 || Ticks{numbers[1]} > kLatestDate) return std::nullopt;
  DatedWindow window{numbers[0], Ticks{numbers[1]}, {}};
  for (std::size_t k = 2; k < numbers.size(); ++k) window.durations.emplace_back(numbers[k]);
  if (!plausible(window.durations)) return std::nullopt;
  return window;
}

void date_live_playlist(manifests::hls::MediaPlaylist& playlist, Ticks first, std::vector<manifests::Avail>& avails) {
  manifests::hls::set_first_program_date(playlist, std::chrono::duration_cast<std::chrono::milliseconds>(first).count());
  // Each break's date from the exact sum of the durations before it: dates carried in
  // whole milliseconds from segment to segment would differ by one between windows.
  std::vector<Ticks> starts(playlist.segments.size() + 1, first);
  for (std::size_t k = 0; k < playlist.segments.size(); ++k) starts[k + 1] = starts[k] + playlist.segments[k].duration;
  for (auto& avail : avails) {
    if (avail.start_date_ms || avail.first_segment >= starts.size()) continue;
    const Ticks start = starts[avail.first_segment] - avail.elapsed_before;
    avail.start_date_ms = std::chrono::duration_cast<std::chrono::milliseconds>(start).count();
  }
}

std::optional<DatedWindow> LiveDates::remembered(const std::string& url) {
  std::lock_guard lock(mutex_);
  const auto it = chains_.find(url);
  if (it == chains_.end()) return std::nullopt;
  return it->second;
}

void LiveDates::remember(const std::string& url, const DatedWindow& window) {
  std::lock_guard lock(mutex_);
  if (chains_.size() >= kMaxChains && !chains_.contains(url)) chains_.clear();
  chains_[url] = window;
}

boost::asio::awaitable<Ticks> LiveDates::first_date(const std::string& url, const manifests::hls::MediaPlaylist& window) {
  DatedWindow dated{window.media_sequence, {}, durations_of(window)};
  if (dated.msn < 0 || !plausible(dated.durations)) {
    // Nothing real looks like this: dated from its sequence number alone, not chained.
    log::warn("live-dates", url + ": a window with a segment over a day long, not chained");
    co_return first_sight_date(std::max<std::int64_t>(dated.msn, 0), window.target_duration);
  }
  const auto mine = remembered(url);
  if (mine && mine->msn == dated.msn && mine->durations == dated.durations) co_return mine->date;

  std::optional<Ticks> date;
  if (mine) date = continue_dates(*mine, dated.msn, dated.durations);
  if (!date) {
    // Another node's chain, or this node's before a restart.
    const auto key = keys::live_dates(url);
    auto stored = co_await store_.get(key);
    if (!stored) {
      log::warn("live-dates", url + ": the store failed, dating from this node alone: " + stored.error().detail);
    } else if (*stored) {
      if (auto theirs = dated_window_from_text(**stored)) date = continue_dates(*theirs, dated.msn, dated.durations);
    }
  }
  if (!date) {
    date = first_sight_date(dated.msn, window.target_duration);
    log::info("live-dates", url + ": a new chain of program dates from media sequence " + std::to_string(dated.msn));
  }
  dated.date = *date;
  remember(url, dated);
  if (auto saved = co_await store_.set(keys::live_dates(url), to_text(dated), kChainTtl); !saved) {
    log::warn("live-dates", url + ": the chain of dates is not stored: " + saved.error().detail);
  }
  co_return *date;
}

}  // namespace ssai
