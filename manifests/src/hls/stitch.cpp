#include "manifests/hls/stitch.hpp"

#include <algorithm>
#include <array>

#include "break_ranges.hpp"
#include "inserted_entry.hpp"
#include "tag_state.hpp"

namespace manifests::hls {
namespace {

// Tags that signal a break; the stitched break replaces what they describe.
bool is_ad_marker(const Tag& tag) {
  static constexpr std::array<std::string_view, 9> kMarkers{kCueOut, kCueOutCont, kCueIn, kCue, "#EXT-X-CUE-SPAN",
                                                            kOatclsScte35, kAsset, kSplicePointScte35, kScte35};
  if (std::find(kMarkers.begin(), kMarkers.end(), tag.name) != kMarkers.end()) return true;
  return tag.name == kDateRange && tag.value && tag.value->find("SCTE35-") != std::string_view::npos;
}

}  // namespace

void drop_ad_markers(Segment& segment) {
  std::size_t before_extinf = 0;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < segment.tags.size(); ++i) {
    if (is_ad_marker(segment.tags[i])) continue;
    if (i < segment.extinf_at) ++before_extinf;
    segment.tags[kept++] = segment.tags[i];
  }
  segment.tags.resize(kept);
  segment.extinf_at = before_extinf;
}

void copy_ad_markers(const Segment& from, Segment& to) {
  std::size_t at = to.discontinuity() ? 1 : 0;
  for (const auto& tag : from.tags) {
    if (!is_ad_marker(tag)) continue;
    to.tags.insert(to.tags.begin() + static_cast<std::ptrdiff_t>(at++), tag);
    ++to.extinf_at;
  }
}

Result<MediaPlaylist> stitch(const MediaPlaylist& content, std::span<const BreakFill> fills, const StitchOptions& options) {
  if (auto checked = check_break_ranges(fills, content.segments.size()); !checked) return tl::unexpected(checked.error());

  MediaPlaylist out = copy_without_segments(content);
  std::size_t inserted_count = 0;
  for (const auto& fill : fills) inserted_count += fill.segments.size();
  out.segments.reserve(content.segments.size() + inserted_count);
  // The first content segment after a fill resumes the content: its ad markers
  // described the break just replaced, it starts a new encoding when ads were put
  // before it, and it restates the key, map and date the break took away.
  TagState state;
  bool resuming = false;
  bool resume_discontinuous = false;
  auto copy_content = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      out.segments.push_back(content.segments[i]);
      Segment& copied = out.segments.back();
      if (resuming) {
        if (!options.keep_ad_markers) drop_ad_markers(copied);
        if (resume_discontinuous) {
          copied.set_discontinuity();
          state.restate(copied, out.text);
        }
        resuming = resume_discontinuous = false;
      }
      state.observe(content.segments[i]);
    }
  };
  std::size_t next = 0;
  for (const auto& fill : fills) {
    copy_content(next, fill.first_segment);
    for (std::size_t i = 0; i < fill.segments.size(); ++i) {
      const auto& inserted = fill.segments[i];
      Segment segment = inserted_entry(inserted, out);
      if (inserted.discontinuity || i == 0) {
        segment.set_discontinuity();
        state.open_inserted(segment, inserted.map_uri, out.text);
      }
      if (i == 0 && options.keep_ad_markers && fill.end_segment > fill.first_segment) {
        copy_ad_markers(content.segments[fill.first_segment], segment);
      }
      out.segments.push_back(std::move(segment));
    }
    for (std::size_t i = fill.first_segment; i < fill.end_segment; ++i) state.observe(content.segments[i]);
    resuming = true;
    resume_discontinuous = resume_discontinuous || !fill.segments.empty();
    next = fill.end_segment;
  }
  copy_content(next, content.segments.size());
  out.target_duration = std::max(content.target_duration, required_target_duration(out));
  return out;
}

}  // namespace manifests::hls
