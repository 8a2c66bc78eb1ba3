#include "manifests/dash/cues.hpp"

#include <algorithm>
#include <cstdlib>

#include "../avail_id.hpp"
#include "manifests/dash/segments.hpp"
#include "manifests/scte35/break_signal.hpp"
#include "manifests/scte35/decode.hpp"
#include "scte35_xml.hpp"

namespace manifests::dash {
namespace {

namespace s35 = manifests::scte35;

struct Event {
  Ticks time{};  ///< MPD time
  std::optional<Ticks> duration;
  s35::BreakSignal signal;
  std::optional<s35::SpliceInfoSection> section;
  CueDialect dialect = CueDialect::kDashXmlBin;
};

std::string lowercase_name(const pugi::xml_node& node) {
  std::string name(local_name(node));
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

std::optional<s35::SpliceInfoSection> some(s35::SpliceInfoSection section) { return section; }

// The section an Event carries: <SpliceInfoSection> (2013:xml), <Signal><Binary>
// (2014:xml+bin, in any case: Akamai writes <scte35:signal>), or base64 as its text.
Result<std::optional<s35::SpliceInfoSection>> event_section(const pugi::xml_node& event) {
  for (const auto& node : event.children()) {
    if (node.type() != pugi::node_element) continue;
    const auto name = lowercase_name(node);
    if (name == "spliceinfosection") return splice_info_from_xml(node).map(some);
    if (name != "signal") continue;
    for (const auto& inner : node.children()) {
      const auto inner_name = lowercase_name(inner);
      if (inner_name == "binary") return s35::decode_text(inner.text().get()).map(some);
      if (inner_name == "spliceinfosection") return splice_info_from_xml(inner).map(some);
    }
  }
  const std::string_view text = event.text().get();
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
  return s35::decode_text(text).map(some);
}

class Finder {
 public:
  explicit Finder(const Mpd& mpd) : mpd_(mpd) {}

  CueReport run() {
    std::size_t segments_before = 0;
    for (const auto& period : mpd_.periods()) {
      const auto reference = reference_representation(period.node);
      const auto info = segment_info(reference, period.duration);
      auto segments = list_segments(info, period.duration);
      // Segment boundaries on the MPD timeline; the period's end closes the last.
      std::vector<Ticks> boundaries;
      for (const auto& s : segments) boundaries.push_back(period.start + media_to_period(s.time, info));
      if (!segments.empty()) {
        boundaries.push_back(period.start + media_to_period(segments.back().time + segments.back().duration, info));
      }
      if (period.duration && !boundaries.empty()) boundaries.back() = std::min(boundaries.back(), period.start + *period.duration);
      auto events = read_events(period, info);
      place(events, boundaries, segments_before, period);
      segments_before += segments.size();
    }
    return std::move(report_);
  }

 private:
  static Ticks media_to_period(std::uint64_t time, const SegmentInfo& info) {
    const auto pto = info.presentation_time_offset;
    return time >= pto ? to_ticks(time - pto, info.timescale) : -to_ticks(pto - time, info.timescale);
  }

  std::vector<Event> read_events(const PeriodTiming& period, const SegmentInfo& reference) {
    std::vector<Event> out;
    for (const auto& stream : children(period.node, "EventStream")) {
      const std::string_view scheme = stream.attribute("schemeIdUri").value();
      if (!is_scte35_scheme(scheme)) continue;
      const auto timescale = std::max<std::uint64_t>(uint_attribute(stream, "timescale").value_or(1), 1);
      const auto offset = uint_attribute(stream, "presentationTimeOffset").value_or(0);
      for (const auto& node : children(stream, "Event")) {
        auto section = event_section(node);
        const std::string where = "Event " + std::string(node.attribute("id").value()) + " in period " +
                                  std::string(period.node.attribute("id").value());
        if (!section) {
          report_.warnings.push_back(where + " has a cue that cannot be read (" + section.error().detail + "): ignored");
          continue;
        }
        if (*section && !(*section)->crc_ok) {
          report_.warnings.push_back(where + " carries a SCTE-35 cue whose CRC_32 does not match: ignored");
          continue;
        }
        Event event;
        event.dialect = scheme == kScte35Xml ? CueDialect::kDashXml : CueDialect::kDashXmlBin;
        event.section = std::move(*section);
        if (auto d = uint_attribute(node, "duration"); d && *d > 0) event.duration = to_ticks(*d, timescale);
        if (auto pt = uint_attribute(node, "presentationTime")) {
          event.time = period.start + (*pt >= offset ? to_ticks(*pt - offset, timescale) : -to_ticks(offset - *pt, timescale));
        } else if (auto pts = event.section ? s35::command_pts(*event.section) : std::nullopt) {
          // Placed by the splice time: the cue's PTS on the content's media timeline.
          const auto adjusted = s35::adjusted_pts(*pts, event.section->pts_adjustment);
          event.time = period.start + to_ticks(adjusted, 90000) - to_ticks(reference.presentation_time_offset, reference.timescale);
        } else {
          event.time = period.start;
        }
        if (event.section) {
          auto signal = s35::break_signal(*event.section);
          if (!signal) continue;  // about something else (splice_null, program boundaries)
          event.signal = std::move(*signal);
        } else {
          // A bare Event with a duration: the scheme says it is a break.
          if (!event.duration) continue;
          event.signal = {s35::BreakEdge::kOut, node.attribute("id").value(), {}};
        }
        if (event.signal.id.empty()) event.signal.id = node.attribute("id").value();
        // A signalled duration of 0 says nothing: the end cue decides.
        if (!event.duration && event.signal.duration.value_or(0) > 0) {
          event.duration = Ticks{static_cast<std::int64_t>(*event.signal.duration)};
        }
        out.push_back(std::move(event));
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.time < b.time; });
    return out;
  }

  // Opens, closes and cancels breaks in time order, then snaps each to the segments.
  void place(const std::vector<Event>& events, const std::vector<Ticks>& boundaries, std::size_t segments_before,
             const PeriodTiming& period) {
    struct Pending {
      Event opened;
      std::optional<Ticks> end;
    };
    // A cancel withdraws the splice event of its id that it precedes, whichever order
    // the packager wrote them in.
    auto cancelled = [&events](const Event& out) {
      return std::any_of(events.begin(), events.end(), [&out](const Event& e) {
        return e.signal.edge == s35::BreakEdge::kCancel && e.signal.id == out.signal.id && e.time <= out.time;
      });
    };
    std::vector<Pending> pending;
    for (const auto& event : events) {
      if (event.signal.edge == s35::BreakEdge::kCancel) continue;
      if (event.signal.edge == s35::BreakEdge::kIn) {
        // The latest break still open at this time, by id when both cues carry one.
        auto open = [&](const Pending& p) { return !p.end || *p.end > event.time; };
        auto it = std::find_if(pending.rbegin(), pending.rend(), [&](const Pending& p) {
          return open(p) && (event.signal.id.empty() || p.opened.signal.id == event.signal.id);
        });
        if (it == pending.rend()) it = std::find_if(pending.rbegin(), pending.rend(), open);
        if (it != pending.rend()) it->end = event.time;  // ends here, even before its planned duration
        continue;
      }
      // A second out for the same id repeats the first (encoders resend cues).
      const bool repeat = std::any_of(pending.begin(), pending.end(), [&](const Pending& p) {
        return p.opened.signal.id == event.signal.id && !event.signal.id.empty() &&
               (!p.end || *p.end > event.time) && event.time >= p.opened.time;
      });
      if (repeat || cancelled(event)) continue;
      Pending opened{event, {}};
      if (event.duration) opened.end = event.time + *event.duration;
      pending.push_back(std::move(opened));
    }
    for (const auto& p : pending) emit(p.opened, p.end, boundaries, segments_before, period);
  }

  void emit(const Event& event, std::optional<Ticks> end, const std::vector<Ticks>& boundaries, std::size_t segments_before,
            const PeriodTiming& period) {
    // A period with no addressable segments (an MPD of cues only): the cue's own times.
    const std::vector<Ticks> own_times{event.time, end.value_or(event.time)};
    const auto& points = boundaries.empty() ? own_times : boundaries;
    // The boundary nearest `at` (the earlier on a tie); the points only grow.
    auto nearest = [&](Ticks at) {
      const auto after = static_cast<std::size_t>(std::lower_bound(points.begin(), points.end(), at) - points.begin());
      if (after == 0) return std::size_t{0};
      if (after == points.size()) return points.size() - 1;
      return (at - points[after - 1]) <= (points[after] - at) ? after - 1 : after;
    };
    Avail avail;
    const auto first = nearest(event.time);
    avail.first_segment = segments_before + (boundaries.empty() ? 0 : first);
    // Live, a splice ahead of the segments listed so far (the packager announced it
    // early): its own time, since the boundaries it will fall on are not out yet.
    const bool ahead = mpd_.dynamic() && !boundaries.empty() && event.time > boundaries.back() + Ticks{45000};
    avail.start = ahead ? event.time : points[first];
    if (event.time < points.front()) avail.elapsed_before = points.front() - event.time;
    avail.duration = event.duration.value_or(end ? *end - event.time : Ticks{});
    const auto last = end ? std::max(nearest(*end), first) : first;
    avail.end_segment = segments_before + (boundaries.empty() ? 0 : last);
    avail.content_duration = points[last] - points[first];
    avail.open_at_end = mpd_.dynamic() && end && *end > points.back() + Ticks{45000};
    avail.ended_early = end && event.duration && *end < event.time + *event.duration;
    avail.dialects.push_back(event.dialect);
    avail.scte35 = event.section;
    avail.id = event.signal.id.empty() ? "t" + std::to_string(event.time.count() / 90) : "d" + path_safe(event.signal.id);
    for (const auto& other : report_.avails) {
      if (other.id == avail.id) avail.id += "-t" + std::to_string(event.time.count() / 90);
    }
    report_.avails.push_back(std::move(avail));
  }

  const Mpd& mpd_;
  CueReport report_;
};

}  // namespace

bool is_scte35_scheme(std::string_view scheme) {
  return scheme == kScte35Xml || scheme == kScte35XmlBin || scheme == "urn:scte:scte35:2014:bin";
}

pugi::xml_node reference_representation(const pugi::xml_node& period) {
  const auto sets = children(period, "AdaptationSet");
  for (const auto& set : sets) {
    if (content_kind(set) == ContentKind::kVideo) return child(set, "Representation");
  }
  return sets.empty() ? pugi::xml_node{} : child(sets.front(), "Representation");
}

CueReport find_avails(const Mpd& mpd) { return Finder(mpd).run(); }

}  // namespace manifests::dash
