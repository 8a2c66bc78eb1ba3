#include "manifests/hls/stitch.hpp"

#include <algorithm>

namespace manifests::hls {
namespace {

bool is_cue_tag(const Tag& tag) { return tag.name == kCueOut || tag.name == kCueIn || tag.name == kCueOutCont; }

void drop_cue_tags(Segment& segment) { std::erase_if(segment.tags, is_cue_tag); }

}  // namespace

Result<MediaPlaylist> stitch(const MediaPlaylist& content, std::span<const BreakFill> fills) {
  std::size_t previous_end = 0;
  for (const auto& fill : fills) {
    if (fill.first_segment < previous_end || fill.end_segment < fill.first_segment ||
        fill.end_segment > content.segments.size()) {
      return fail(Errc::kInconsistent, "break fill [" + std::to_string(fill.first_segment) + ", " +
                                           std::to_string(fill.end_segment) + ") overlaps or lies outside the " +
                                           std::to_string(content.segments.size()) + " segments");
    }
    previous_end = fill.end_segment;
  }

  MediaPlaylist out = content;
  out.segments.clear();
  out.segments.reserve(content.segments.size() + fills.size() * 8);
  // The first content segment after a fill resumes the content: its cue tags described
  // the break just replaced, and it starts a new encoding when ads were put before it.
  bool resuming = false;
  bool resume_discontinuous = false;
  auto copy_content = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      Segment segment = content.segments[i];
      if (resuming) {
        drop_cue_tags(segment);
        segment.discontinuity = segment.discontinuity || resume_discontinuous;
        resuming = resume_discontinuous = false;
      }
      out.segments.push_back(std::move(segment));
    }
  };
  std::size_t next = 0;
  for (const auto& fill : fills) {
    copy_content(next, fill.first_segment);
    for (std::size_t i = 0; i < fill.segments.size(); ++i) {
      const auto& inserted = fill.segments[i];
      Segment segment;
      segment.duration = inserted.duration;
      segment.uri = inserted.uri;
      segment.discontinuity = inserted.discontinuity || i == 0;
      out.segments.push_back(std::move(segment));
    }
    resuming = true;
    resume_discontinuous = resume_discontinuous || !fill.segments.empty();
    next = fill.end_segment;
  }
  copy_content(next, content.segments.size());
  out.target_duration = std::max(content.target_duration, required_target_duration(out));
  return out;
}

}  // namespace manifests::hls
