#include "manifests/hls/writer.hpp"

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
  out += std::to_string(value);
  out.push_back('\n');
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

std::string write(const MediaPlaylist& playlist) {
  std::string out;
  out.reserve(256 + playlist.segments.size() * 96);
  out += kExtM3u;
  out.push_back('\n');
  append_number_tag(out, kVersion, playlist.version);
  append_number_tag(out, kTargetDuration, playlist.target_duration);
  append_number_tag(out, kMediaSequence, playlist.media_sequence);
  if (playlist.discontinuity_sequence != 0) {
    append_number_tag(out, kDiscontinuitySequence, playlist.discontinuity_sequence);
  }
  if (!playlist.playlist_type.empty()) append_tag(out, Tag{std::string(kPlaylistType), playlist.playlist_type});
  for (const auto& tag : playlist.header_tags) append_tag(out, tag);
  for (const auto& segment : playlist.segments) {
    if (segment.discontinuity) append_tag(out, Tag{std::string(kDiscontinuity), std::nullopt});
    for (const auto& tag : segment.tags) append_tag(out, tag);
    out += kExtInf;
    out.push_back(':');
    out += format_seconds(segment.duration, 3);
    out.push_back(',');
    out += segment.title;
    out.push_back('\n');
    out += segment.uri;
    out.push_back('\n');
  }
  for (const auto& tag : playlist.trailing_tags) append_tag(out, tag);
  if (playlist.endlist) append_tag(out, Tag{std::string(kEndList), std::nullopt});
  return out;
}

}  // namespace manifests::hls
