#pragma once
// Segment addressing of a Representation: SegmentTemplate (@duration or
// SegmentTimeline), SegmentList and SegmentBase, inherited Period -> AdaptationSet ->
// Representation, the lower level's attributes winning (ISO/IEC 23009-1 5.3.9).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "manifests/time.hpp"

namespace manifests::dash {

enum class Addressing { kNone, kBase, kList, kTemplate };

/// The elements that say how a level addresses its segments.
inline constexpr std::string_view kSegmentElements[] = {"SegmentTemplate", "SegmentList", "SegmentBase"};

struct TimelineEntry {
  std::uint64_t time = 0;      ///< media time, in the timescale
  std::uint64_t duration = 0;  ///< in the timescale
};

/// What one level's segment element says, merged with the levels above it.
struct SegmentInfo {
  Addressing addressing = Addressing::kNone;
  std::uint64_t timescale = 1;
  std::uint64_t presentation_time_offset = 0;
  std::uint64_t start_number = 1;
  std::optional<std::uint64_t> duration;  ///< @duration, in the timescale
  /// The SegmentTimeline's S elements, expanded; r="-1" repeats up to the next S or
  /// the period's end. Empty when there is no timeline.
  std::vector<TimelineEntry> timeline;
  /// How many of `timeline`'s entries each S element gave, in document order (0 for one
  /// without a duration): what lets the stitcher cut a timeline by moving S elements.
  std::vector<std::uint32_t> timeline_runs;
  bool has_timeline = false;
  std::string media;           ///< SegmentTemplate@media
  std::string initialization;  ///< SegmentTemplate@initialization or Initialization@sourceURL
  std::vector<std::string> list_media;  ///< SegmentList's SegmentURL@media, in order
};

/// One segment: its number (for $Number$), media time and duration in the timescale.
struct SegmentRef {
  std::uint64_t number = 0;
  std::uint64_t time = 0;
  std::uint64_t duration = 0;
};

/// The addressing that applies at `element`, a SegmentTemplate, SegmentList or
/// SegmentBase at any level: its own attributes over those of the same element in the
/// levels above. `period_duration` bounds open-ended timeline repeats.
/// `with_timeline` false: the addressing's attributes only (timeline left empty), for
/// callers that hold the timeline already.
[[nodiscard]] SegmentInfo segment_info_at(const pugi::xml_node& element, std::optional<Ticks> period_duration,
                                          bool with_timeline = true);

/// The addressing of a representation: the lowest level that has a segment element.
[[nodiscard]] SegmentInfo segment_info(const pugi::xml_node& representation, std::optional<Ticks> period_duration);

/// The segments that addressing lists in a period of `period_duration` (needed for
/// @duration templates; a SegmentBase lists none). At most `limit` of them.
[[nodiscard]] std::vector<SegmentRef> list_segments(const SegmentInfo& info, std::optional<Ticks> period_duration,
                                                    std::size_t limit = 1'000'000);

/// $RepresentationID$, $Number$, $Time$, $Bandwidth$ (with %0Nd widths) and $$
/// substituted into a template.
[[nodiscard]] std::string expand_template(std::string_view pattern, std::string_view representation_id,
                                          std::uint64_t number, std::uint64_t time, std::uint64_t bandwidth);

}  // namespace manifests::dash
