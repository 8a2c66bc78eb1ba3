#include "manifests/hls/parser.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "lines.hpp"

namespace manifests::hls {
namespace {

// Playlist-wide tags that may appear before the first segment; anything else found
// there belongs to the first segment (KEY, MAP, PROGRAM-DATE-TIME, cues, ...).
constexpr std::array<std::string_view, 8> kHeaderOnlyTags{
    "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-START",         "#EXT-X-DEFINE",      "#EXT-X-SERVER-CONTROL",
    "#EXT-X-PART-INF",             "#EXT-X-I-FRAMES-ONLY", "#EXT-X-ALLOW-CACHE", "#EXT-X-CONTENT-STEERING"};

bool starts_with_tag(std::string_view line, std::string_view tag) {
  return line.starts_with(tag) && (line.size() == tag.size() || line[tag.size()] == ':');
}

std::optional<std::int64_t> to_integer(std::string_view text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

tl::unexpected<Error> bad_line(int line_number, std::string_view what) {
  return fail(Errc::kBadValue, "line " + std::to_string(line_number) + ": " + std::string(what));
}

Result<LineCursor> open(std::string_view text) {
  LineCursor cursor(text);
  std::string_view first;
  if (!cursor.next(first) || first != kExtM3u) return fail(Errc::kNotAPlaylist, "first line is not #EXTM3U");
  return cursor;
}

}  // namespace

Tag split_tag(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return Tag{std::string(line), std::nullopt};
  return Tag{std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))};
}

bool is_master(std::string_view text) {
  LineCursor cursor(text);
  std::string_view line;
  while (cursor.next(line)) {
    if (starts_with_tag(line, kStreamInf)) return true;
    if (starts_with_tag(line, kExtInf)) return false;
  }
  return false;
}

Result<MasterPlaylist> parse_master(std::string_view text) {
  auto cursor = open(text);
  if (!cursor) return tl::unexpected(cursor.error());
  MasterPlaylist playlist;
  std::string_view line;
  bool awaiting_uri = false;
  while (cursor->next(line)) {
    if (line.front() == '#') {
      if (awaiting_uri) return bad_line(cursor->line_number(), "EXT-X-STREAM-INF is not followed by a URI");
      playlist.entries.push_back({split_tag(line), {}});
      awaiting_uri = starts_with_tag(line, kStreamInf);
      continue;
    }
    if (!awaiting_uri) return bad_line(cursor->line_number(), "URI without EXT-X-STREAM-INF");
    playlist.entries.back().uri = std::string(line);
    awaiting_uri = false;
  }
  if (awaiting_uri) return fail(Errc::kBadValue, "the last EXT-X-STREAM-INF has no URI");
  return playlist;
}

Result<MediaPlaylist> parse_media(std::string_view text) {
  auto cursor = open(text);
  if (!cursor) return tl::unexpected(cursor.error());
  MediaPlaylist playlist;
  Segment pending;
  bool have_extinf = false;
  bool have_target = false;
  std::string_view line;
  while (cursor->next(line)) {
    const int n = cursor->line_number();
    if (line.front() != '#') {
      if (!have_extinf) return bad_line(n, "segment URI without #EXTINF");
      pending.uri = std::string(line);
      playlist.segments.push_back(std::move(pending));
      pending = Segment{};
      have_extinf = false;
      continue;
    }
    Tag tag = split_tag(line);
    const std::string_view value = tag.value ? std::string_view(*tag.value) : std::string_view{};
    if (tag.name == kExtInf) {
      const auto comma = value.find(',');
      auto duration = parse_seconds(value.substr(0, comma));
      if (!duration) return bad_line(n, "EXTINF duration is not a number");
      pending.duration = *duration;
      if (comma != std::string_view::npos) pending.title = std::string(value.substr(comma + 1));
      have_extinf = true;
    } else if (tag.name == kTargetDuration) {
      auto v = to_integer(value);
      if (!v) return bad_line(n, "EXT-X-TARGETDURATION is not a decimal integer");
      playlist.target_duration = *v;
      have_target = true;
    } else if (tag.name == kVersion) {
      auto v = to_integer(value);
      if (!v || *v > 100) return bad_line(n, "EXT-X-VERSION is not a small integer");
      playlist.version = static_cast<int>(*v);
    } else if (tag.name == kMediaSequence) {
      auto v = to_integer(value);
      if (!v) return bad_line(n, "EXT-X-MEDIA-SEQUENCE is not a decimal integer");
      playlist.media_sequence = *v;
    } else if (tag.name == kDiscontinuitySequence) {
      auto v = to_integer(value);
      if (!v) return bad_line(n, "EXT-X-DISCONTINUITY-SEQUENCE is not a decimal integer");
      playlist.discontinuity_sequence = *v;
    } else if (tag.name == kPlaylistType) {
      playlist.playlist_type = std::string(value);
    } else if (tag.name == kEndList) {
      playlist.endlist = true;
    } else if (tag.name == kDiscontinuity) {
      pending.discontinuity = true;
    } else if (playlist.segments.empty() && pending.tags.empty() && !have_extinf &&
               std::find(kHeaderOnlyTags.begin(), kHeaderOnlyTags.end(), tag.name) != kHeaderOnlyTags.end()) {
      playlist.header_tags.push_back(std::move(tag));
    } else {
      pending.tags.push_back(std::move(tag));
    }
  }
  if (have_extinf) return fail(Errc::kBadValue, "the last #EXTINF has no URI");
  if (!have_target) return fail(Errc::kMissingTag, "no #EXT-X-TARGETDURATION");
  playlist.trailing_tags = std::move(pending.tags);
  return playlist;
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
