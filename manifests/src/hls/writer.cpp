#include "manifests/hls/writer.hpp"

#include <charconv>

namespace manifests::hls {
namespace {

void append_tag(std::string& out, const Tag& tag) {
  out += tag.name;
  if (tag.value) {
    out.push_back(':');
    out += *tag.value;
  }
  out.push_back('\n');
}

void append_number_tag(std::string& out, std::string_view name, std::int64_t value) {
  out += name;
  out.push_back(':');
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
  out.push_back('\n');
}

void append_extinf(std::string& out, const Segment& segment) {
  out += kExtInf;
  out.push_back(':');
  if (segment.duration_text.empty()) {
    append_seconds(out, segment.duration, 3);
  } else {
    out += segment.duration_text;
  }
  out.push_back(',');
  out += segment.title;
  out.push_back('\n');
}

// The header with the typed fields' current values in place of what was parsed, and
// the ones a playlist needs but did not have put first.
void append_header(std::string& out, const MediaPlaylist& p) {
  bool has_version = false, has_target = false, has_sequence = false, has_discontinuity = false, has_type = false;
  for (const auto& tag : p.header) {
    has_version |= tag.name == kVersion;
    has_target |= tag.name == kTargetDuration;
    has_sequence |= tag.name == kMediaSequence;
    has_discontinuity |= tag.name == kDiscontinuitySequence;
    has_type |= tag.name == kPlaylistType;
  }
  if (!has_version && p.version > 0) append_number_tag(out, kVersion, p.version);
  if (!has_target) append_number_tag(out, kTargetDuration, p.target_duration);
  if (!has_sequence && (p.media_sequence != 0 || p.header.empty())) append_number_tag(out, kMediaSequence, p.media_sequence);
  // A missing DISCONTINUITY-SEQUENCE goes next to MEDIA-SEQUENCE, where readers look.
  const bool add_discontinuity = !has_discontinuity && p.discontinuity_sequence != 0;
  if (add_discontinuity && !has_sequence) append_number_tag(out, kDiscontinuitySequence, p.discontinuity_sequence);
  if (!has_type && !p.playlist_type.empty()) append_tag(out, Tag{kPlaylistType, p.playlist_type});
  for (const auto& tag : p.header) {
    if (tag.name == kVersion) {
      if (p.version > 0) append_number_tag(out, kVersion, p.version);
    } else if (tag.name == kTargetDuration) {
      append_number_tag(out, kTargetDuration, p.target_duration);
    } else if (tag.name == kMediaSequence) {
      append_number_tag(out, kMediaSequence, p.media_sequence);
      if (add_discontinuity) append_number_tag(out, kDiscontinuitySequence, p.discontinuity_sequence);
    } else if (tag.name == kDiscontinuitySequence) {
      append_number_tag(out, kDiscontinuitySequence, p.discontinuity_sequence);
    } else if (tag.name == kPlaylistType) {
      if (!p.playlist_type.empty()) append_tag(out, Tag{kPlaylistType, p.playlist_type});
    } else {
      append_tag(out, tag);
    }
  }
}

}  // namespace

std::string write(const MasterPlaylist& playlist) {
  std::string out;
  out.reserve(64 + playlist.entries.size() * 160);
  out += kExtM3u;
  out.push_back('\n');
  for (const auto& entry : playlist.entries) {
    append_tag(out, entry.tag);
    if (!entry.uri.empty()) {
      out += entry.uri;
      out.push_back('\n');
    }
  }
  return out;
}

void write_to(std::string& out, const MediaPlaylist& playlist) {
  out += kExtM3u;
  out.push_back('\n');
  append_header(out, playlist);
  for (const auto& segment : playlist.segments) {
    for (std::size_t i = 0; i < segment.tags.size(); ++i) {
      if (i == segment.extinf_at) append_extinf(out, segment);
      append_tag(out, segment.tags[i]);
    }
    if (segment.extinf_at >= segment.tags.size()) append_extinf(out, segment);
    out += segment.uri;
    out.push_back('\n');
  }
  for (const auto& tag : playlist.trailing_tags) append_tag(out, tag);
  if (playlist.endlist) append_tag(out, Tag{kEndList, std::nullopt});
}

std::string write(const MediaPlaylist& playlist) {
  std::string out;
  out.reserve(256 + playlist.segments.size() * 64);
  write_to(out, playlist);
  return out;
}

}  // namespace manifests::hls
