#include "manifests/hls/parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>

#include "lines.hpp"
#include "manifests/hls/attributes.hpp"

namespace manifests::hls {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Playlist-wide tags: before the first segment they belong to the header; anything
// else found there belongs to the first segment (KEY, MAP, PROGRAM-DATE-TIME, cues...).
constexpr std::array<std::string_view, 13> kPlaylistTags{
    kVersion, kTargetDuration, kMediaSequence, kDiscontinuitySequence, kPlaylistType,
    "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-START", kDefine, "#EXT-X-SERVER-CONTROL", "#EXT-X-PART-INF",
    "#EXT-X-I-FRAMES-ONLY", "#EXT-X-ALLOW-CACHE", "#EXT-X-CONTENT-STEERING"};

bool is_playlist_tag(std::string_view name) {
  return std::find(kPlaylistTags.begin(), kPlaylistTags.end(), name) != kPlaylistTags.end();
}

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

// Opens the text: skips a BOM (with a warning) and checks the #EXTM3U line.
Result<LineCursor> open(std::string_view& text, std::vector<std::string>& warnings) {
  if (text.starts_with(kByteOrderMark)) {
    text.remove_prefix(kByteOrderMark.size());
    warnings.emplace_back("byte order mark before #EXTM3U ignored");
  }
  LineCursor cursor(text);
  std::string_view first;
  if (!cursor.next(first) || first != kExtM3u) return fail(Errc::kNotAPlaylist, "first line is not #EXTM3U");
  return cursor;
}

// EXT-X-DEFINE variables ({$name} in URIs), RFC 8216bis section 4.3.2.3.
class Variables {
 public:
  void define(const Tag& tag, std::vector<std::string>& warnings) {
    auto attributes = AttributeList::parse(tag.value.value_or(""));
    if (!attributes) {
      warnings.push_back("EXT-X-DEFINE ignored: " + attributes.error().detail);
      return;
    }
    auto name = attributes->text("NAME");
    auto value = attributes->text("VALUE");
    if (name && value) {
      values_.emplace_back(std::move(*name), std::move(*value));
    } else {
      warnings.push_back("EXT-X-DEFINE without NAME and VALUE (IMPORT, QUERYPARAM) is not resolved here");
    }
  }

  /// `text` with every {$name} replaced, or nullopt when it has none.
  [[nodiscard]] std::optional<std::string> substitute(std::string_view text, std::vector<std::string>& warnings) const {
    if (values_.empty() || text.find("{$") == std::string_view::npos) return std::nullopt;
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
      const auto open = text.find("{$", pos);
      const auto close = open == std::string_view::npos ? open : text.find('}', open);
      if (close == std::string_view::npos) break;
      out += text.substr(pos, open - pos);
      const auto name = text.substr(open + 2, close - open - 2);
      auto it = std::find_if(values_.begin(), values_.end(), [&](const auto& v) { return v.first == name; });
      if (it == values_.end()) {
        warnings.push_back("variable {$" + std::string(name) + "} is not defined");
        out += text.substr(open, close - open + 1);
      } else {
        out += it->second;
      }
      pos = close + 1;
    }
    out += text.substr(std::min(pos, text.size()));
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

// Whether `line` carries on an attribute list that a line break cut: the value has an
// open quote, ends with '=' or ',', or ends in a hex number that `line` continues.
bool continues(std::string_view value, std::string_view line) {
  if (std::count(value.begin(), value.end(), '"') % 2 == 1) return true;
  if (value.ends_with('=') || value.ends_with(',')) return true;
  const auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  const auto hex_start = value.rfind("=0x");
  return hex_start != std::string_view::npos && std::all_of(value.begin() + static_cast<std::ptrdiff_t>(hex_start) + 3, value.end(), is_hex) &&
         std::all_of(line.begin(), line.end(), is_hex);
}

}  // namespace

Tag split_tag(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return Tag{line, std::nullopt};
  return Tag{line.substr(0, colon), line.substr(colon + 1)};
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

Result<MasterPlaylist> parse_master(std::string text) {
  MasterPlaylist playlist;
  playlist.text = TextStore(std::move(text));
  std::string_view view = playlist.text.source();
  auto cursor = open(view, playlist.warnings);
  if (!cursor) return tl::unexpected(cursor.error());
  Variables variables;
  std::string_view line;
  bool awaiting_uri = false;
  while (cursor->next(line)) {
    if (line.front() == '#') {
      if (awaiting_uri) return bad_line(cursor->line_number(), "EXT-X-STREAM-INF is not followed by a URI");
      Tag tag = split_tag(line);
      if (tag.name == kDefine) variables.define(tag, playlist.warnings);
      awaiting_uri = tag.name == kStreamInf;
      playlist.entries.push_back({tag, {}});
      continue;
    }
    if (!awaiting_uri) return bad_line(cursor->line_number(), "URI without EXT-X-STREAM-INF");
    auto substituted = variables.substitute(line, playlist.warnings);
    playlist.entries.back().uri = substituted ? playlist.text.own(std::move(*substituted)) : line;
    awaiting_uri = false;
  }
  if (awaiting_uri) return fail(Errc::kBadValue, "the last EXT-X-STREAM-INF has no URI");
  return playlist;
}

Result<MediaPlaylist> parse_media(std::string text) {
  MediaPlaylist playlist;
  playlist.text = TextStore(std::move(text));
  std::string_view view = playlist.text.source();
  auto cursor = open(view, playlist.warnings);
  if (!cursor) return tl::unexpected(cursor.error());
  playlist.segments.reserve(view.size() / 48);  // a segment takes 40-100 bytes of text

  Variables variables;
  Segment pending;
  bool have_extinf = false;
  bool have_target = false;
  Tag* last_tag = nullptr;  // the tag on the line before, for wrapped lines
  std::string_view line;
  while (cursor->next(line)) {
    const int n = cursor->line_number();
    if (line.front() != '#') {
      if (!have_extinf && last_tag && last_tag->value && continues(*last_tag->value, line)) {
        // A tag wrapped over several lines, as RFC 8216's own DATERANGE example is
        // printed and some hand-made playlists copy it: join it back.
        last_tag->value = playlist.text.own(std::string(*last_tag->value) + std::string(line));
        playlist.warnings.push_back("line " + std::to_string(n) + " continues the tag before it: joined");
        continue;
      }
      last_tag = nullptr;
      if (!have_extinf) return bad_line(n, "segment URI without #EXTINF");
      auto substituted = variables.substitute(line, playlist.warnings);
      pending.uri = substituted ? playlist.text.own(std::move(*substituted)) : line;
      playlist.segments.push_back(std::move(pending));
      pending = Segment{};
      have_extinf = false;
      continue;
    }
    const Tag tag = split_tag(line);
    const std::string_view value = tag.value.value_or(std::string_view{});
    last_tag = nullptr;
    if (tag.name == kExtInf) {
      if (have_extinf) return bad_line(n, "two #EXTINF for one segment");
      const auto comma = value.find(',');
      pending.duration_text = value.substr(0, comma);
      auto duration = parse_seconds(pending.duration_text);
      if (!duration) return bad_line(n, "EXTINF duration is not a number");
      pending.duration = *duration;
      if (comma != std::string_view::npos) pending.title = value.substr(comma + 1);
      pending.extinf_at = pending.tags.size();
      have_extinf = true;
      continue;
    }
    if (tag.name == kEndList) {
      playlist.endlist = true;
      continue;
    }
    if (!is_playlist_tag(tag.name)) {
      pending.tags.push_back(tag);
      last_tag = &pending.tags.back();
      continue;
    }
    if (!playlist.segments.empty() || !pending.tags.empty() || have_extinf) {
      // Playlist tags belong before the segments; some origins put them after a
      // PROGRAM-DATE-TIME or later. They still apply, so they move to the header.
      playlist.warnings.push_back("line " + std::to_string(n) + ": " + std::string(tag.name) +
                                  " among the segments: moved to the header");
    }
    if (tag.name == kTargetDuration) {
      auto v = to_integer(value);
      if (!v) return bad_line(n, "EXT-X-TARGETDURATION is not a decimal integer");
      // Seconds; a day is already far past any real stream, and what uses it multiplies.
      if (*v > kMaxTargetDuration) return bad_line(n, "EXT-X-TARGETDURATION over " + std::to_string(kMaxTargetDuration) + " s");
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
      playlist.playlist_type = value;
    } else if (tag.name == kDefine) {
      variables.define(tag, playlist.warnings);
    }
    playlist.header.push_back(tag);
  }
  if (have_extinf) {
    // Seen in playlists cut short mid-write; players drop the incomplete segment too.
    playlist.warnings.emplace_back("the last #EXTINF has no URI: dropped");
    pending.tags.erase(pending.tags.begin() + static_cast<std::ptrdiff_t>(pending.extinf_at), pending.tags.begin() + static_cast<std::ptrdiff_t>(pending.extinf_at));
  }
  if (!have_target) return fail(Errc::kMissingTag, "no #EXT-X-TARGETDURATION");
  playlist.trailing_tags = std::move(pending.tags);
  if (playlist.playlist_type == "VOD" && !playlist.endlist) {
    playlist.warnings.emplace_back("EXT-X-PLAYLIST-TYPE:VOD without EXT-X-ENDLIST");
  }
  for (std::size_t i = 0; i < playlist.segments.size(); ++i) {
    if (round_to_seconds(playlist.segments[i].duration) > playlist.target_duration) {
      playlist.warnings.push_back("segment " + std::to_string(i) + " lasts longer than EXT-X-TARGETDURATION");
      break;  // one warning says it; players tolerate small overruns
    }
  }
  return playlist;
}

}  // namespace manifests::hls
