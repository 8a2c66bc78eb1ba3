#include "manifests/hls/playlist.hpp"

#include <algorithm>
#include <cstdlib>

namespace manifests::hls {

TextStore::TextStore(std::string source) : source_(std::make_shared<const std::string>(std::move(source))) {}

std::string_view TextStore::own(std::string text) {
  if (!arena_ || arena_.use_count() > 1) {
    auto fresh = std::make_shared<Arena>();
    fresh->parent = std::move(arena_);
    arena_ = std::move(fresh);
  }
  return arena_->texts.emplace_back(std::move(text));
}

bool Segment::discontinuity() const { return find(kDiscontinuity) != nullptr; }

void Segment::set_discontinuity() {
  if (discontinuity()) return;
  tags.insert(tags.begin(), Tag{kDiscontinuity, std::nullopt});
  ++extinf_at;
}

const Tag* Segment::find(std::string_view name) const {
  for (const auto& tag : tags) {
    if (tag.name == name) return &tag;
  }
  return nullptr;
}

MediaPlaylist copy_without_segments(const MediaPlaylist& p) {
  MediaPlaylist out;
  out.version = p.version;
  out.target_duration = p.target_duration;
  out.media_sequence = p.media_sequence;
  out.discontinuity_sequence = p.discontinuity_sequence;
  out.playlist_type = p.playlist_type;
  out.endlist = p.endlist;
  out.header = p.header;
  out.trailing_tags = p.trailing_tags;
  out.warnings = p.warnings;
  out.text = p.text;
  return out;
}

bool is_iframes_only(const MediaPlaylist& playlist) {
  return std::any_of(playlist.header.begin(), playlist.header.end(), [](const Tag& tag) { return tag.name == kIFramesOnly; });
}

std::vector<std::optional<std::int64_t>> program_dates(const MediaPlaylist& playlist, std::vector<std::string>& warnings) {
  constexpr std::int64_t kToleranceMs = 1000;
  std::vector<std::optional<std::int64_t>> dates(playlist.segments.size());
  std::optional<std::int64_t> next;
  for (std::size_t i = 0; i < playlist.segments.size(); ++i) {
    if (const auto* tag = playlist.segments[i].find(kProgramDateTime); tag && tag->value) {
      if (auto ms = parse_iso8601_ms(*tag->value)) {
        if (next && std::llabs(*ms - *next) > kToleranceMs && !playlist.segments[i].discontinuity()) {
          warnings.push_back("EXT-X-PROGRAM-DATE-TIME jumps at segment " + std::to_string(i) +
                             ": date ranges are placed where their tags stand");
          return {};
        }
        next = ms;
      }
    }
    dates[i] = next;
    if (next) *next += playlist.segments[i].duration.count() / 90;
  }
  return dates;
}

bool has_program_dates(const MediaPlaylist& playlist) {
  return std::any_of(playlist.segments.begin(), playlist.segments.end(),
                     [](const Segment& segment) { return segment.find(kProgramDateTime) != nullptr; });
}

void set_first_program_date(MediaPlaylist& playlist, std::int64_t unix_ms) {
  if (playlist.segments.empty()) return;
  auto& first = playlist.segments.front();
  first.tags.insert(first.tags.begin(), Tag{kProgramDateTime, playlist.text.own(format_iso8601_ms(unix_ms))});
  ++first.extinf_at;
}

Ticks total_duration(const MediaPlaylist& playlist) {
  Ticks sum{};
  for (const auto& s : playlist.segments) sum += s.duration;
  return sum;
}

std::int64_t required_target_duration(const MediaPlaylist& playlist) {
  std::int64_t target = 0;
  for (const auto& s : playlist.segments) target = std::max(target, round_to_seconds(s.duration));
  return target;
}

}  // namespace manifests::hls
