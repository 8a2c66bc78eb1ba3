#include "manifests/hls/align.hpp"

#include <algorithm>
#include <cstdint>

namespace manifests::hls {
namespace {

// A break whose planned duration is reached within this of a segment edge ends there:
// segment durations are rounded by packagers.
constexpr Ticks kEdgeTolerance{45'000};  // 0.5 s

Ticks duration_of(const MediaPlaylist& playlist, std::size_t first, std::size_t end) {
  Ticks total{};
  for (auto i = first; i < end && i < playlist.segments.size(); ++i) total += playlist.segments[i].duration;
  return total;
}

// Segment start times, and the playlist's end as the last boundary.
std::vector<Ticks> boundaries(const MediaPlaylist& playlist) {
  std::vector<Ticks> at{Ticks{}};
  at.reserve(playlist.segments.size() + 1);
  for (const auto& segment : playlist.segments) at.push_back(at.back() + segment.duration);
  return at;
}

// The boundary nearest `time`; the earlier one on a tie.
std::size_t nearest(const std::vector<Ticks>& at, Ticks time) {
  const auto after = std::lower_bound(at.begin(), at.end(), time);
  if (after == at.begin()) return 0;
  if (after == at.end()) return at.size() - 1;
  const auto before = after - 1;
  return static_cast<std::size_t>((time - *before <= *after - time ? before : after) - at.begin());
}

std::vector<Avail> align_vod(const MediaPlaylist& reference, std::span<const Avail> avails, const MediaPlaylist& target) {
  const auto at = boundaries(target);
  std::vector<Avail> out;
  std::size_t previous_end = 0;
  for (const auto& avail : avails) {
    Avail placed = avail;
    const Ticks end_time = avail.start + duration_of(reference, avail.first_segment, avail.end_segment);
    // Never before the previous break's end: rounding to boundaries must not make two
    // breaks overlap, which the stitcher would refuse.
    placed.first_segment = std::max(nearest(at, avail.start), previous_end);
    // An insertion point stays one; a span keeps at least its first segment.
    placed.end_segment = avail.first_segment == avail.end_segment
                             ? placed.first_segment
                             : std::max(nearest(at, end_time), std::min(placed.first_segment + 1, target.segments.size()));
    placed.start = at[placed.first_segment];
    placed.content_duration = at[placed.end_segment] - placed.start;
    previous_end = placed.end_segment;
    out.push_back(std::move(placed));
  }
  return out;
}

std::vector<Avail> align_live(const MediaPlaylist& reference, std::span<const Avail> avails, const MediaPlaylist& target) {
  const std::int64_t window_first = target.media_sequence;
  const auto window_size = static_cast<std::int64_t>(target.segments.size());
  std::vector<Avail> out;
  for (const auto& avail : avails) {
    const std::int64_t first_msn = reference.media_sequence + static_cast<std::int64_t>(avail.first_segment);
    const std::int64_t end_msn = reference.media_sequence + static_cast<std::int64_t>(avail.end_segment);
    if (first_msn >= window_first + window_size) continue;        // not in the target's window yet
    if (!avail.open_at_end && end_msn <= window_first) continue;  // over before it
    Avail placed = avail;
    if (first_msn < window_first) {
      // The part the target's window no longer shows, as the reference measured it.
      const auto skipped_end = static_cast<std::size_t>(std::min(window_first, reference.media_sequence +
                                                                                    static_cast<std::int64_t>(reference.segments.size())) -
                                                        reference.media_sequence);
      placed.elapsed_before += duration_of(reference, avail.first_segment, skipped_end);
      placed.first_segment = 0;
    } else {
      placed.first_segment = static_cast<std::size_t>(first_msn - window_first);
    }
    auto end = static_cast<std::size_t>(std::clamp<std::int64_t>(end_msn - window_first, 0, window_size));
    end = std::max(end, placed.first_segment);
    Ticks elapsed = placed.elapsed_before + duration_of(target, placed.first_segment, end);
    if (avail.open_at_end) {
      // The reference's window ended inside the break; a target further ahead shows
      // more of it, up to its planned duration.
      while (end < target.segments.size() && (avail.duration.count() <= 0 || elapsed + kEdgeTolerance < avail.duration)) {
        elapsed += target.segments[end++].duration;
      }
      placed.open_at_end = end == target.segments.size() &&
                           (avail.duration.count() <= 0 || elapsed + kEdgeTolerance < avail.duration);
    } else {
      placed.open_at_end = end_msn - window_first > window_size;
    }
    // A span all of which lies outside the target's window.
    if (avail.first_segment != avail.end_segment && end == placed.first_segment) continue;
    placed.end_segment = end;
    placed.start = duration_of(target, 0, placed.first_segment);
    placed.content_duration = duration_of(target, placed.first_segment, placed.end_segment);
    out.push_back(std::move(placed));
  }
  return out;
}

// An I-frame playlist's entries are keyframes, numbered apart from the variants'
// segments: a live break is placed on them by wall clock, each edge at the first entry
// at or after it (within kEdgeTolerance).
std::vector<Avail> align_live_by_date(const MediaPlaylist& reference, std::span<const Avail> avails,
                                      const MediaPlaylist& target) {
  std::vector<std::string> warnings;
  const auto dates = program_dates(target, warnings);
  std::vector<Avail> out;
  if (dates.empty() || !dates.front()) return out;  // no clock to place breaks by: none
  const auto size = target.segments.size();
  const std::int64_t tolerance_ms = kEdgeTolerance.count() / 90;
  auto first_at_or_after = [&](std::int64_t ms) {
    std::size_t i = 0;
    while (i < size && *dates[i] + tolerance_ms < ms) ++i;
    return i;
  };
  const std::int64_t window_end_ms = *dates.back() + target.segments.back().duration.count() / 90;
  for (const auto& avail : avails) {
    if (!avail.start_date_ms) continue;
    const std::int64_t start_ms = *avail.start_date_ms;
    const Ticks length = avail.open_at_end ? avail.duration
                                           : avail.elapsed_before + duration_of(reference, avail.first_segment, avail.end_segment);
    const std::int64_t end_ms = start_ms + length.count() / 90;
    if (start_ms >= window_end_ms - tolerance_ms || end_ms <= *dates.front() + tolerance_ms) continue;
    Avail placed = avail;
    placed.first_segment = first_at_or_after(start_ms);
    placed.end_segment = std::max(first_at_or_after(end_ms), placed.first_segment);
    placed.elapsed_before = placed.first_segment == 0 ? Ticks{std::max<std::int64_t>(0, *dates.front() - start_ms) * 90} : Ticks{};
    placed.open_at_end = placed.end_segment == size && end_ms > window_end_ms + tolerance_ms;
    if (placed.first_segment == placed.end_segment) continue;
    placed.start = duration_of(target, 0, placed.first_segment);
    placed.content_duration = duration_of(target, placed.first_segment, placed.end_segment);
    out.push_back(std::move(placed));
  }
  return out;
}

}  // namespace

std::vector<Avail> align_avails(const MediaPlaylist& reference, std::span<const Avail> avails, const MediaPlaylist& target) {
  if (reference.endlist) return align_vod(reference, avails, target);
  return is_iframes_only(target) ? align_live_by_date(reference, avails, target) : align_live(reference, avails, target);
}

}  // namespace manifests::hls
