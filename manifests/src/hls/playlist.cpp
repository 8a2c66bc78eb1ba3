#include "manifests/hls/playlist.hpp"

#include <algorithm>

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
