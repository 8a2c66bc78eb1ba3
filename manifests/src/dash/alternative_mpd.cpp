#include "manifests/dash/alternative_mpd.hpp"

#include <map>

namespace manifests::dash {
namespace {

constexpr std::uint64_t kTimescale = 90000;

// Where the schema puts an EventStream in a Period: after the segment elements and
// AssetIdentifier, before everything that describes or holds the media.
pugi::xml_node new_event_stream(pugi::xml_node period) {
  for (auto node = period.first_child(); node; node = node.next_sibling()) {
    if (node.type() != pugi::node_element) continue;
    const auto name = local_name(node);
    if (name == "ServiceDescription" || name == "ContentProtection" || name == "AdaptationSet" || name == "Subset" ||
        name == "SupplementalProperty" || name == "EmptyAdaptationSet" || name == "GroupLabel" || name == "Preselection") {
      return period.insert_child_before("EventStream", node);
    }
  }
  return period.append_child("EventStream");
}

// The player adds the query of the MPD URL it loaded (the session's) to the
// alternative MPD's URL, and to nothing else: segments stay cacheable.
void add_request_param(pugi::xml_node stream) {
  auto param = stream.append_child("RequestParam");
  param.append_attribute("includeInRequests").set_value("altmpd");
  param.append_attribute("useMPDUrlQuery").set_value("true");
  param.append_attribute("queryTemplate").set_value("$querypart$");
}

}  // namespace

Result<void> add_alternative_mpd_events(Mpd& mpd, std::span<const AlternativeBreak> breaks) {
  if (breaks.empty()) return {};
  const auto periods = mpd.periods();
  if (periods.empty()) return fail(Errc::kMissingTag, "the MPD has no Period");
  // (period, replace?) -> its stream, made on first use.
  std::map<std::pair<std::size_t, bool>, pugi::xml_node> streams;
  for (const auto& brk : breaks) {
    // The period the break falls in; one at the very end belongs to the last.
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < periods.size(); ++i) {
      const auto& p = periods[i];
      const bool inside = brk.at >= p.start && (!p.duration || brk.at < p.start + *p.duration);
      const bool at_end = i + 1 == periods.size() && p.duration && brk.at == p.start + *p.duration;
      if (inside || at_end) found = i;
    }
    if (!found) return fail(Errc::kInconsistent, "a break at " + format_seconds(brk.at) + " s is outside every period");
    const bool replace = brk.replaced.count() > 0;
    auto& stream = streams[{*found, replace}];
    if (!stream) {
      stream = new_event_stream(periods[*found].node);
      const auto scheme = replace ? kAlternativeReplaceScheme : kAlternativeInsertScheme;
      stream.append_attribute("schemeIdUri").set_value(std::string(scheme).c_str());
      stream.append_attribute("timescale").set_value(kTimescale);
      add_request_param(stream);
    }
    auto event = stream.append_child("Event");
    event.append_attribute("presentationTime").set_value(from_ticks(brk.at - periods[*found].start, kTimescale));
    event.append_attribute("duration").set_value(from_ticks(brk.replaced, kTimescale));
    event.append_attribute("id").set_value(brk.event_id);
    auto presentation = event.append_child(replace ? "ReplacePresentation" : "InsertPresentation");
    presentation.append_attribute("uri").set_value(brk.uri.c_str());
    if (replace) {
      // The content resumes where the break ends, whatever the ads last; they may not
      // run past it.
      presentation.append_attribute("returnOffset").set_value(from_ticks(brk.replaced, kTimescale));
      presentation.append_attribute("maxDuration").set_value(from_ticks(brk.replaced, kTimescale));
    }
  }
  // The MPD-level EssentialProperty goes where the schema orders it: after the
  // periods (and Metrics, and any EssentialProperty there), before the rest.
  auto root = mpd.root();
  pugi::xml_node before;
  for (auto node = root.first_child(); node && !before; node = node.next_sibling()) {
    if (node.type() != pugi::node_element) continue;
    const auto name = local_name(node);
    if (name == "SupplementalProperty" || name == "UTCTiming" || name == "LeapSecondInformation") before = node;
  }
  auto property = before ? root.insert_child_before("EssentialProperty", before) : root.append_child("EssentialProperty");
  property.append_attribute("schemeIdUri").set_value(std::string(kUrlParam2025Scheme).c_str());
  return {};
}

}  // namespace manifests::dash
