#include "manifests/hls/interstitials.hpp"

#include <algorithm>

namespace manifests::hls {
namespace {

void attribute(std::string& out, std::string_view name, std::string_view value, bool quoted) {
  out.push_back(',');
  out += name;
  out.push_back('=');
  if (quoted) out.push_back('"');
  out += value;
  if (quoted) out.push_back('"');
}

// An attribute's quoted-string value: no double quote, no line break (RFC 8216bis 4.2).
bool quotable(std::string_view value) { return value.find_first_of("\"\r\n") == std::string_view::npos; }

}  // namespace

Result<void> add_interstitials(MediaPlaylist& playlist, std::span<const Interstitial> breaks,
                               const InterstitialOptions& options) {
  // Nothing to announce: the content as it is (no date, no IMPORT, no version bump).
  if (breaks.empty()) return {};
  if (playlist.segments.empty()) return fail(Errc::kInconsistent, "a playlist without segments");
  for (const auto& brk : breaks) {
    if (brk.at_segment > playlist.segments.size()) return fail(Errc::kInconsistent, "break " + brk.id + " lies outside the playlist");
    if (brk.id.empty() || !quotable(brk.id) || !quotable(brk.asset_list)) {
      return fail(Errc::kBadValue, "break " + brk.id + ": an id or asset list URL that cannot be quoted");
    }
  }
  // Interstitials are placed by date: a playlist without one starts at a fixed date,
  // the same for every viewer.
  std::vector<std::string> warnings;
  auto dates = program_dates(playlist, warnings);
  if (dates.empty() || !dates.front()) {
    // A live window moves: a date made up for its first segment would move with it (the
    // service dates such windows first, ssai/src/origin/live_dates.hpp).
    if (!playlist.endlist) return fail(Errc::kMissingTag, "a live playlist without EXT-X-PROGRAM-DATE-TIME: breaks cannot be dated");
    set_first_program_date(playlist, kSyntheticStartMs);
    dates = program_dates(playlist, warnings);
  }
  if (dates.empty()) return fail(Errc::kInconsistent, "the playlist's program dates contradict its durations");
  playlist.version = std::max(playlist.version, 8);
  if (!options.import_variable.empty()) {
    playlist.header.push_back(Tag{kDefine, playlist.text.own("IMPORT=\"" + options.import_variable + "\"")});
  }
  for (const auto& brk : breaks) {
    const bool at_end = brk.at_segment == playlist.segments.size();
    std::int64_t start_ms = 0;
    if (brk.start_date_ms) {
      start_ms = *brk.start_date_ms;
    } else if (at_end) {
      start_ms = dates.back().value_or(kSyntheticStartMs) + playlist.segments.back().duration.count() / 90;
    } else {
      start_ms = dates[brk.at_segment].value_or(kSyntheticStartMs);
    }
    std::string value = "ID=\"" + brk.id + "\"";
    attribute(value, "CLASS", "com.apple.hls.interstitial", true);
    attribute(value, "START-DATE", format_iso8601_ms(start_ms), true);
    std::string cue = brk.pre_roll ? "PRE" : brk.post_roll ? "POST" : "";
    if (brk.once) cue += cue.empty() ? "ONCE" : ",ONCE";
    if (!cue.empty()) attribute(value, "CUE", cue, true);
    if (brk.duration) {
      attribute(value, "DURATION", format_seconds(*brk.duration), false);
    } else if (brk.planned) {
      attribute(value, "PLANNED-DURATION", format_seconds(*brk.planned), false);
    }
    attribute(value, "X-ASSET-LIST", brk.asset_list, true);
    attribute(value, "X-RESUME-OFFSET", format_seconds(brk.resume_offset), false);
    if (brk.playout_limit) attribute(value, "X-PLAYOUT-LIMIT", format_seconds(*brk.playout_limit), false);
    attribute(value, "X-RESTRICT", "SKIP,JUMP", true);
    if (brk.snap_out || brk.snap_in) {
      attribute(value, "X-SNAP", brk.snap_out && brk.snap_in ? "OUT,IN" : brk.snap_out ? "OUT" : "IN", true);
    }
    // A break that replaces content takes its place on the timeline; one inserted
    // between two segments is a point on it.
    attribute(value, "X-TIMELINE-OCCUPIES", brk.resume_offset.count() > 0 ? "RANGE" : "POINT", true);
    attribute(value, "X-TIMELINE-STYLE", "HIGHLIGHT", true);
    const Tag tag{kDateRange, playlist.text.own(std::move(value))};
    if (at_end) {
      playlist.trailing_tags.push_back(tag);
    } else {
      auto& segment = playlist.segments[brk.at_segment];
      segment.tags.insert(segment.tags.begin() + static_cast<std::ptrdiff_t>(segment.extinf_at), tag);
      ++segment.extinf_at;
    }
  }
  return {};
}

}  // namespace manifests::hls
