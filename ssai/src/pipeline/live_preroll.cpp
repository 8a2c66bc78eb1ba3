#include "ssai/live_preroll.hpp"

#include "manifests/hls/align.hpp"
#include "manifests/hls/attributes.hpp"

namespace ssai {
using manifests::Ticks;

namespace {

// Encoders round segment and ad lengths differently: a fill this close to its length is complete.
constexpr Ticks kFillTolerance{90000 / 10};

// How far before the window's end a player joins: EXT-X-START's TIME-OFFSET (from the
// end when negative, from the start otherwise), else three target durations.
Ticks join_distance(const manifests::hls::MediaPlaylist& window, Ticks total) {
  const Ticks standard{window.target_duration * 3 * 90000};
  for (const auto& tag : window.header) {
    if (tag.name != "#EXT-X-START" || !tag.value) continue;
    auto attributes = manifests::hls::AttributeList::parse(*tag.value);
    const auto raw = attributes ? attributes->raw("TIME-OFFSET") : std::nullopt;
    if (!raw) break;
    const bool from_end = raw->starts_with('-');
    const auto offset = manifests::parse_seconds(from_end ? raw->substr(1) : *raw);
    if (!offset) break;
    return from_end ? *offset : std::max(Ticks{}, total - *offset);
  }
  return standard;
}

}  // namespace

std::int64_t live_join_msn(const manifests::hls::MediaPlaylist& window) {
  const auto& segments = window.segments;
  Ticks total{};
  for (const auto& segment : segments) total += segment.duration;
  const Ticks distance = join_distance(window, total);
  Ticks from_end{};
  std::size_t k = segments.size();
  while (k > 0 && from_end < distance) from_end += segments[--k].duration;
  return window.media_sequence + static_cast<std::int64_t>(k);
}

std::optional<std::size_t> end_of_fill(const manifests::hls::MediaPlaylist& window, std::size_t first, Ticks covered,
                                       Ticks length) {
  for (std::size_t k = first; k < window.segments.size(); ++k) {
    covered += window.segments[k].duration;
    if (covered + kFillTolerance >= length) return k + 1;
  }
  return std::nullopt;
}

std::optional<PrerollPlacement> place_preroll(const manifests::hls::MediaPlaylist& window, std::int64_t anchor_msn,
                                              Ticks length) {
  const auto count = static_cast<std::int64_t>(window.segments.size());
  const std::int64_t top = window.media_sequence;
  // Not in this window yet: a cache a little behind the one the session began with.
  if (count == 0 || anchor_msn >= top + count) return std::nullopt;
  PrerollPlacement placed;
  if (anchor_msn >= top) {
    placed.first_segment = static_cast<std::size_t>(anchor_msn - top);
  } else {
    // Its start scrolled out: what left is counted at this window's mean segment length.
    // Only a rendition never served it needs that; served segments are in its ledger.
    placed.elapsed_before = manifests::hls::total_duration(window) / count * (top - anchor_msn);
    if (placed.elapsed_before + kFillTolerance >= length) return std::nullopt;
  }
  const auto end = end_of_fill(window, placed.first_segment, placed.elapsed_before, length);
  placed.ended = end.has_value();
  placed.end_segment = end.value_or(window.segments.size());
  return placed;
}

std::optional<PrerollPlacement> place_preroll_by_date(const manifests::hls::MediaPlaylist& reference,
                                                      const manifests::hls::MediaPlaylist& iframes, std::int64_t anchor_msn,
                                                      Ticks length) {
  const auto on_video = place_preroll(reference, anchor_msn, length);
  if (!on_video) return std::nullopt;
  std::vector<std::string> warnings;
  const auto dates = manifests::hls::program_dates(reference, warnings);
  if (on_video->first_segment >= dates.size() || !dates[on_video->first_segment]) return std::nullopt;
  manifests::Avail preroll;
  preroll.id = std::string(kLivePrerollId);
  preroll.first_segment = on_video->first_segment;
  preroll.end_segment = on_video->end_segment;
  preroll.elapsed_before = on_video->elapsed_before;
  preroll.duration = length;
  preroll.open_at_end = !on_video->ended;
  preroll.start_date_ms = *dates[on_video->first_segment] - on_video->elapsed_before.count() / 90;
  const auto placed = manifests::hls::align_avails(reference, {&preroll, 1}, iframes);
  if (placed.empty()) return std::nullopt;
  return PrerollPlacement{placed.front().first_segment, placed.front().end_segment, placed.front().elapsed_before,
                          !placed.front().open_at_end};
}

void yield_to_preroll(std::vector<manifests::Avail>& avails, const PrerollPlacement& preroll,
                      const manifests::hls::MediaPlaylist& window) {
  auto time_of = [&window](std::size_t from, std::size_t to) {
    Ticks sum{};
    for (std::size_t k = from; k < to; ++k) sum += window.segments[k].duration;
    return sum;
  };
  const std::size_t first = preroll.first_segment;
  const std::size_t end = preroll.end_segment;
  for (auto& avail : avails) {
    if (avail.end_segment <= first || avail.first_segment >= end) continue;
    if (avail.first_segment < first) {
      avail.end_segment = first;
      avail.content_duration = time_of(avail.first_segment, first);
      avail.open_at_end = false;
      avail.ended_early = true;
    } else if (avail.end_segment <= end) {
      avail.end_segment = avail.first_segment;
      avail.content_duration = Ticks{};
    } else {
      const Ticks under = time_of(avail.first_segment, end);
      avail.elapsed_before += under;
      avail.start += under;
      avail.content_duration -= under;
      avail.first_segment = end;
    }
  }
}

}  // namespace ssai
