#include "manifests/dash/stitch.hpp"

#include <algorithm>
#include <unordered_map>

#include "manifests/dash/cues.hpp"
#include "manifests/dash/segments.hpp"

namespace manifests::dash {
namespace {

void set(pugi::xml_node node, const char* name, const std::string& value) {
  auto attribute = node.attribute(name);
  if (!attribute) attribute = node.append_attribute(name);
  attribute.set_value(value.c_str());
}

void set(pugi::xml_node node, const char* name, std::uint64_t value) { set(node, name, std::to_string(value)); }

// Every SegmentTemplate / SegmentList / SegmentBase in a period, at any level.
std::vector<pugi::xml_node> segment_elements(const pugi::xml_node& period) {
  std::vector<pugi::xml_node> out;
  auto collect = [&out](const pugi::xml_node& level) {
    for (auto name : kSegmentElements) {
      if (auto node = child(level, name)) out.push_back(node);
    }
  };
  collect(period);
  for (const auto& set : children(period, "AdaptationSet")) {
    collect(set);
    for (const auto& representation : children(set, "Representation")) collect(representation);
  }
  return out;
}

// A SegmentTimeline with no S in the period: segments announced that do not exist yet.
bool has_empty_timeline(const pugi::xml_node& period) {
  for (const auto& element : segment_elements(period)) {
    if (auto timeline = child(element, "SegmentTimeline"); timeline && !child(timeline, "S")) return true;
  }
  return false;
}

// Rewrites a SegmentTimeline as S elements (run-length, explicit t on the first). The
// S elements are new: their attributes are appended, not looked up.
void write_timeline(pugi::xml_node timeline, const std::vector<TimelineEntry>& entries, bool one_per_segment) {
  while (auto s = timeline.first_child()) timeline.remove_child(s);
  std::uint64_t expected = 0;
  for (std::size_t i = 0; i < entries.size();) {
    std::size_t run = 1;
    while (!one_per_segment && i + run < entries.size() && entries[i + run].duration == entries[i].duration &&
           entries[i + run].time == entries[i + run - 1].time + entries[i].duration) {
      ++run;
    }
    auto s = timeline.append_child("S");
    if (i == 0 || entries[i].time != expected) s.append_attribute("t").set_value(static_cast<unsigned long long>(entries[i].time));
    s.append_attribute("d").set_value(static_cast<unsigned long long>(entries[i].duration));
    if (run > 1) s.append_attribute("r").set_value(static_cast<unsigned long long>(run - 1));
    expected = entries[i].time + entries[i].duration * run;
    i += run;
  }
}

// The SegmentTimeline that addresses `element`'s segments: its own, else the one of the
// same-named element at the nearest level above (as segment_info_at merges them).
pugi::xml_node applicable_timeline(const pugi::xml_node& element) {
  const auto name = local_name(element);
  for (auto level = element.parent(); level && local_name(level) != "MPD"; level = level.parent()) {
    if (auto same = child(level, name)) {
      if (auto timeline = child(same, "SegmentTimeline")) return timeline;
    }
    if (local_name(level) == "Period") break;
  }
  return {};
}

// The SegmentTimelines of the periods being split. A timeline is read once, when its
// period is first split; a split then finds its point by binary search and moves the S
// elements after it into the new piece (splitting the one S whose run it falls in),
// leaving every other S as the origin wrote it. Re-reading and rewriting whole
// timelines at every split made the stitch grow with breaks times segments.
class Timelines {
 public:
  // Reads the timelines of `period` not held yet.
  void take_in(const pugi::xml_node& period, std::optional<Ticks> duration) {
    for (const auto& element : segment_elements(period)) {
      auto own = child(element, "SegmentTimeline");
      if (!own || held_.contains(own.internal_object())) continue;
      auto info = segment_info_at(element, duration);
      Held held;
      held.entries = std::move(info.timeline);
      std::size_t first = 0;
      std::size_t n = 0;
      for (auto s = own.first_child(); s; s = s.next_sibling()) {
        if (s.type() != pugi::node_element || local_name(s) != "S") continue;
        const std::size_t count = n < info.timeline_runs.size() ? info.timeline_runs[n] : 0;
        held.runs.push_back({s, first, count});
        first += count;
        ++n;
      }
      held_[own.internal_object()] = std::move(held);
    }
  }

  [[nodiscard]] const std::vector<TimelineEntry>* find(const pugi::xml_node& timeline) const {
    const auto it = held_.find(timeline.internal_object());
    return it == held_.end() ? nullptr : &it->second.entries;
  }

  // A copy of `period` inserted after it, whose held timelines are empty, waiting for
  // the S elements the split gives them (the copy takes none along).
  pugi::xml_node copy_period(pugi::xml_node period) {
    struct Place {
      pugi::xml_node timeline;
      pugi::xml_node previous;  ///< its element's child before it; none: first
      std::size_t index = 0;    ///< among its element's children
    };
    std::vector<Place> places;
    auto elements = segment_elements(period);
    auto stash = period.parent().append_child("stash");
    for (const auto& element : elements) {
      auto own = child(element, "SegmentTimeline");
      if (!own || !held_.contains(own.internal_object())) {
        places.push_back({});
        continue;
      }
      std::size_t index = 0;
      for (auto c = element.first_child(); c && c != own; c = c.next_sibling()) ++index;
      places.push_back({own, own.previous_sibling(), index});
      stash.append_move(own);
    }
    auto copy = period.parent().insert_copy_after(period, period);
    auto copies = segment_elements(copy);
    for (std::size_t i = 0; i < elements.size() && i < copies.size(); ++i) {
      const auto& place = places[i];
      if (!place.timeline) continue;
      if (place.previous) {
        elements[i].insert_move_after(place.timeline, place.previous);
      } else {
        elements[i].prepend_move(place.timeline);
      }
      auto at = copies[i].first_child();
      for (std::size_t k = 0; at && k < place.index; ++k) at = at.next_sibling();
      auto fresh = at ? copies[i].insert_child_before("SegmentTimeline", at) : copies[i].append_child("SegmentTimeline");
      Held held;
      held.entries = held_[place.timeline.internal_object()].entries;
      held.source = place.timeline;
      held_[fresh.internal_object()] = std::move(held);
    }
    period.parent().remove_child(stash);
    return copy;
  }

  // `timeline` keeps its entries before `end_before`; the S elements after go, unless
  // the copy of its period already took them.
  void keep_before(pugi::xml_node timeline, std::size_t end_before) {
    auto& held = held_.at(timeline.internal_object());
    if (end_before >= held.entries.size()) return;
    split_run_at(held, end_before);
    while (!held.runs.empty() && held.runs.back().first >= end_before) {
      if (held.runs.back().s.parent() == timeline) timeline.remove_child(held.runs.back().s);
      held.runs.pop_back();
    }
    held.entries.resize(end_before);
    if (held.runs.size() >= 2) merge_runs(held, held.runs.size() - 2);
  }

  // A fresh copy's timeline takes its source's entries from `first_after`; the source
  // keeps those before `end_before` (a segment between, spanning the split, is in
  // both). The S elements of the smaller side move (the larger side's timeline element
  // changes places instead: the split of a 2 h timeline near its start moves a few S,
  // not thousands).
  void keep_from(pugi::xml_node timeline, std::size_t first_after, std::size_t end_before) {
    auto& fresh = held_.at(timeline.internal_object());
    if (!fresh.source) return;
    pugi::xml_node original = fresh.source;
    Held source = std::move(held_.at(original.internal_object()));
    split_run_at(source, first_after);
    split_run_at(source, end_before);
    std::vector<Run> head;
    std::vector<Run> tail;
    for (const auto& run : source.runs) {
      if (run.first < end_before) head.push_back(run);
      if (run.first >= first_after) tail.push_back(run);
    }
    if (tail.size() > head.size()) {
      // The original element goes to the copy with its S elements; the fresh one takes
      // its place and receives the head.
      auto original_parent = original.parent();
      auto previous = original.previous_sibling();
      timeline.parent().insert_move_before(original, timeline);
      if (previous) {
        original_parent.insert_move_after(timeline, previous);
      } else {
        original_parent.prepend_move(timeline);
      }
      std::swap(original, timeline);  // `timeline`: the copy's (the full one); `original`: the head's (empty)
    }
    Held copy;
    copy.entries.assign(source.entries.begin() + static_cast<std::ptrdiff_t>(first_after), source.entries.end());
    Held kept;
    kept.entries = std::move(source.entries);  // cut to end_before by keep_before
    const bool moved_head = original != fresh.source;
    if (!moved_head) {
      // The tail moves into the copy; the spanning segment is copied.
      for (const auto& run : tail) {
        auto node = run.first < end_before ? timeline.append_copy(run.s) : timeline.append_move(run.s);
        copy.runs.push_back({node, run.first - first_after, run.count});
      }
      for (const auto& run : head) kept.runs.push_back(run);
    } else {
      // The head moves into the original's new (empty) element; the spanning segment is
      // copied there.
      for (const auto& run : head) {
        auto node = run.first >= first_after ? original.append_copy(run.s) : original.append_move(run.s);
        kept.runs.push_back({node, run.first, run.count});
      }
      for (const auto& run : tail) copy.runs.push_back({run.s, run.first - first_after, run.count});
    }
    held_.erase(fresh.source.internal_object());
    held_.erase(timeline.internal_object());
    held_.erase(original.internal_object());
    if (copy.runs.size() >= 2) merge_runs(copy, 0);
    // The first S of a piece says when it starts.
    if (!copy.runs.empty() && !copy.entries.empty()) {
      auto s = copy.runs.front().s;
      auto t = s.attribute("t");
      if (!t) t = s.prepend_attribute("t");
      t.set_value(static_cast<unsigned long long>(copy.entries.front().time));
    }
    if (!kept.runs.empty() && !kept.entries.empty()) {
      auto s = kept.runs.front().s;
      if (!s.attribute("t")) s.prepend_attribute("t").set_value(static_cast<unsigned long long>(kept.entries.front().time));
    }
    held_[timeline.internal_object()] = std::move(copy);
    held_[original.internal_object()] = std::move(kept);
  }

  // Before `period` leaves the document: its nodes are freed, their addresses reused.
  void forget(const pugi::xml_node& period) {
    for (const auto& element : segment_elements(period)) {
      if (auto own = child(element, "SegmentTimeline")) held_.erase(own.internal_object());
    }
  }

 private:
  struct Run {
    pugi::xml_node s;
    std::size_t first = 0;  ///< its first entry
    std::size_t count = 0;  ///< entries it gives (1 + r)
  };
  struct Held {
    std::vector<TimelineEntry> entries;
    std::vector<Run> runs;
    pugi::xml_node source;  ///< a fresh copy's original, until the split fills it
  };

  // Runs `i` and `i + 1` as one S when they continue each other with the same duration
  // (what splitting at a segment that spans the split leaves behind).
  static void merge_runs(Held& held, std::size_t i) {
    auto& a = held.runs[i];
    const auto& b = held.runs[i + 1];
    if (a.count == 0 || b.count == 0 || a.first + a.count != b.first || b.first >= held.entries.size()) return;
    const auto& last = held.entries[b.first - 1];
    const auto& next = held.entries[b.first];
    if (last.duration != next.duration || last.time + last.duration != next.time) return;
    if (b.s.attribute("r") && std::string_view(b.s.attribute("r").value()).starts_with('-')) return;
    a.count += b.count;
    auto r = a.s.attribute("r");
    if (!r) r = a.s.append_attribute("r");
    r.set_value(static_cast<unsigned long long>(a.count - 1));
    b.s.parent().remove_child(b.s);
    held.runs.erase(held.runs.begin() + static_cast<std::ptrdiff_t>(i) + 1);
  }

  // Makes entry `k` the first of its S element, splitting the S whose run it is inside
  // into two (r before, then an S with its own t and the rest of the repeats).
  static void split_run_at(Held& held, std::size_t k) {
    auto it = std::upper_bound(held.runs.begin(), held.runs.end(), k, [](std::size_t at, const Run& run) { return at < run.first; });
    if (it == held.runs.begin()) return;
    --it;
    if (it->first == k || k >= it->first + it->count) return;
    const std::size_t before = k - it->first;
    const std::size_t after = it->count - before;
    const auto& entry = held.entries[k];
    auto s = it->s.parent().insert_child_after("S", it->s);
    s.append_attribute("t").set_value(static_cast<unsigned long long>(entry.time));
    s.append_attribute("d").set_value(static_cast<unsigned long long>(entry.duration));
    if (after > 1) s.append_attribute("r").set_value(static_cast<unsigned long long>(after - 1));
    auto r = it->s.attribute("r");
    if (before > 1) {
      if (!r) r = it->s.append_attribute("r");
      r.set_value(static_cast<unsigned long long>(before - 1));
    } else if (r) {
      it->s.remove_attribute(r);
    }
    it->count = before;
    held.runs.insert(it + 1, Run{s, k, after});
  }

  std::unordered_map<const void*, Held> held_;
};

// The part of a period's segment addressing before (keep_before) or from `split` (a
// media time of that addressing): timeline entries and list URLs outside are dropped;
// the later piece starts its presentation at `split`.
void cut_addressing(pugi::xml_node element, Ticks offset, std::optional<Ticks> period_duration, bool keep_before,
                    Timelines& timelines) {
  const auto info = segment_info_at(element, period_duration, false);  // the timeline is held
  const std::uint64_t split = info.presentation_time_offset + from_ticks(offset, info.timescale);
  // Media times in timescales finer than 90 kHz do not survive the round trip through
  // ticks exactly: a boundary within a tick of the split is the split.
  const std::uint64_t tolerance = info.timescale / 90000 + 1;
  const bool list = local_name(element) == "SegmentList";
  std::size_t dropped_front = 0;
  std::optional<std::size_t> kept_count;
  std::uint64_t new_offset = split;
  const auto timeline = applicable_timeline(element);
  const auto* entries = timeline ? timelines.find(timeline) : nullptr;
  if (entries) {
    // The entries before the split, or from it: one that spans the split is in both.
    const auto first_after = static_cast<std::size_t>(
        std::partition_point(entries->begin(), entries->end(), [&](const TimelineEntry& e) { return e.time + e.duration <= split + tolerance; }) -
        entries->begin());
    const auto end_before = static_cast<std::size_t>(
        std::partition_point(entries->begin(), entries->end(), [&](const TimelineEntry& e) { return e.time + tolerance < split; }) -
        entries->begin());
    if (keep_before) {
      kept_count = end_before;
    } else {
      dropped_front = first_after;
      kept_count = entries->size() - first_after;
      if (first_after < entries->size()) {
        const auto& first = (*entries)[first_after];
        if (first.time + tolerance >= split && first.time <= split + tolerance) new_offset = first.time;
      }
    }
    if (auto own = child(element, "SegmentTimeline")) {
      if (keep_before) {
        timelines.keep_before(own, end_before);
      } else {
        timelines.keep_from(own, first_after, std::max(end_before, first_after));
      }
    }
  } else if (info.duration && *info.duration > 0) {
    const std::uint64_t into = split > info.presentation_time_offset ? split - info.presentation_time_offset : 0;
    if (keep_before) {
      kept_count = static_cast<std::size_t>((into + *info.duration - 1) / *info.duration);
    } else {
      dropped_front = static_cast<std::size_t>((into + tolerance) / *info.duration);
    }
  }
  if (list && children(element, "SegmentURL").size() > 0) {
    auto urls = children(element, "SegmentURL");
    for (std::size_t i = 0; i < urls.size(); ++i) {
      const bool outside = keep_before ? (kept_count && i >= *kept_count) : i < dropped_front;
      if (outside) element.remove_child(urls[i]);
    }
  }
  if (keep_before) return;
  set(element, "presentationTimeOffset", new_offset);
  if (local_name(element) != "SegmentBase" && dropped_front > 0) set(element, "startNumber", info.start_number + dropped_front);
}

// Events outside the piece go; the later piece's stream is offset so that its events
// keep their time on the MPD timeline.
void cut_events(pugi::xml_node period, Ticks offset, bool keep_before, bool drop_scte35_at_start) {
  for (auto stream : children(period, "EventStream")) {
    const auto timescale = std::max<std::uint64_t>(uint_attribute(stream, "timescale").value_or(1), 1);
    const auto pto = uint_attribute(stream, "presentationTimeOffset").value_or(0);
    const std::uint64_t split = pto + from_ticks(offset, timescale);
    const bool scte35 = is_scte35_scheme(stream.attribute("schemeIdUri").value());
    for (auto event : children(stream, "Event")) {
      const auto time = uint_attribute(event, "presentationTime").value_or(0);
      const bool remove = keep_before ? time >= split : (time < split || (drop_scte35_at_start && scte35 && time == split));
      if (remove) stream.remove_child(event);
    }
    if (!keep_before) set(stream, "presentationTimeOffset", split);
  }
}

// Cuts `period` at `offset`: it keeps what comes before; the returned copy, inserted
// after it, holds the rest.
pugi::xml_node split_period(pugi::xml_node period, Ticks offset, std::optional<Ticks> duration, const std::string& new_id,
                            bool drop_scte35_at_start, Timelines& timelines) {
  timelines.take_in(period, duration);
  auto after = timelines.copy_period(period);
  set(after, "id", new_id);
  // The copy first: it takes the S elements after the split from the original.
  for (auto element : segment_elements(after)) cut_addressing(element, offset, duration, false, timelines);
  for (auto element : segment_elements(period)) cut_addressing(element, offset, duration, true, timelines);
  cut_events(period, offset, true, false);
  cut_events(after, offset, false, drop_scte35_at_start);
  set(period, "duration", format_iso_duration(offset));
  if (duration) {
    set(after, "duration", format_iso_duration(*duration - offset));
  } else {
    after.remove_attribute("duration");
  }
  return after;
}

void append_ad_period(pugi::xml_node mpd, pugi::xml_node before, const InsertedPeriod& inserted) {
  auto period = before ? mpd.insert_child_before("Period", before) : mpd.append_child("Period");
  set(period, "id", inserted.id);
  set(period, "duration", format_iso_duration(inserted.duration));
  for (const auto& source : inserted.adaptation_sets) {
    auto set_node = period.append_child("AdaptationSet");
    set(set_node, "contentType", source.content_type);
    set(set_node, "mimeType", source.mime_type);
    if (!source.lang.empty()) set(set_node, "lang", source.lang);
    set(set_node, "segmentAlignment", "true");
    set(set_node, "startWithSAP", "1");
    for (const auto& rep : source.representations) {
      auto node = set_node.append_child("Representation");
      set(node, "id", rep.id);
      set(node, "bandwidth", static_cast<std::uint64_t>(std::max(rep.bandwidth, 1)));
      if (rep.width > 0) set(node, "width", static_cast<std::uint64_t>(rep.width));
      if (rep.height > 0) set(node, "height", static_cast<std::uint64_t>(rep.height));
      if (!rep.codecs.empty()) set(node, "codecs", rep.codecs);
      if (rep.audio_sampling_rate > 0) set(node, "audioSamplingRate", static_cast<std::uint64_t>(rep.audio_sampling_rate));
      if (!rep.single_file.empty()) {
        node.append_child("BaseURL").text().set(rep.single_file.c_str());
        continue;
      }
      // SegmentList with one S per segment: explicit URLs (ours, for beacons) and exact
      // durations; dash.js maps the n-th S to the n-th SegmentURL, so no r repeats.
      auto list = node.append_child("SegmentList");
      set(list, "timescale", 90000);
      set(list, "presentationTimeOffset", 0);
      set(list.append_child("Initialization"), "sourceURL", rep.initialization);
      std::vector<TimelineEntry> entries;
      std::uint64_t time = 0;
      for (const auto& segment : rep.segments) {
        const auto d = static_cast<std::uint64_t>(std::max<std::int64_t>(segment.duration.count(), 1));
        entries.push_back({time, d});
        time += d;
      }
      write_timeline(list.append_child("SegmentTimeline"), entries, true);
      for (const auto& segment : rep.segments) set(list.append_child("SegmentURL"), "media", segment.uri);
    }
  }
}

}  // namespace

Result<Mpd> stitch(Mpd content, std::span<const PeriodBreak> breaks, const StitchOptions& options) {
  for (std::size_t i = 1; i < breaks.size(); ++i) {
    if (breaks[i].at < breaks[i - 1].at + breaks[i - 1].replaced) {
      return fail(Errc::kInconsistent, "breaks " + breaks[i - 1].name + " and " + breaks[i].name + " overlap or are not sorted");
    }
  }
  Mpd out = std::move(content);
  const bool dynamic = out.dynamic();
  // Explicit durations first: a piece of a split period must not lose its length.
  auto timings = out.periods();
  if (timings.empty()) return fail(Errc::kMissingTag, "the MPD has no Period");
  for (const auto& timing : timings) {
    if (timing.duration) set(timing.node, "duration", format_iso_duration(*timing.duration));
  }
  const Ticks first_start = timings.front().start;
  Timelines timelines;
  // Last break first: the times of earlier ones stay valid.
  for (auto it = breaks.rbegin(); it != breaks.rend(); ++it) {
    const auto& brk = *it;
    timings = out.periods();
    const auto found = std::find_if(timings.begin(), timings.end(), [&](const PeriodTiming& t) {
      return brk.at >= t.start && (!t.duration || brk.at < t.start + *t.duration);
    });
    pugi::xml_node resume;  // the content after the break; none at the very end
    if (found == timings.end()) {
      const auto& last = timings.back();
      if (!last.duration || brk.at != last.start + *last.duration) {
        return fail(Errc::kInconsistent, "break " + brk.name + " at " + format_seconds(brk.at) + " s is outside the presentation");
      }
    } else {
      const Ticks local = brk.at - found->start;
      // The content that resumes is named after the break it follows: stable for players
      // that see the same break again (live reloads).
      const std::string base = found->node.attribute("id") ? found->node.attribute("id").value() : std::string("content");
      const std::string resume_id = base + "-" + brk.name;
      const bool replacing = brk.replaced.count() > 0;
      resume = local.count() > 0 ? split_period(found->node, local, found->duration, replacing ? resume_id + "-replaced" : resume_id,
                                                !options.keep_ad_markers, timelines)
                                 : found->node;
      if (local.count() == 0 && !options.keep_ad_markers) cut_events(resume, Ticks{}, false, true);
      if (brk.replaced.count() > 0) {
        const auto remaining = local.count() > 0 ? (found->duration ? std::optional(*found->duration - local) : std::nullopt)
                                                 : found->duration;
        if (remaining && brk.replaced >= *remaining) {
          // The break runs to the period's end: the next period resumes.
          auto next = resume.next_sibling();
          while (next && (next.type() != pugi::node_element || local_name(next) != "Period")) next = next.next_sibling();
          timelines.forget(resume);
          out.root().remove_child(resume);
          resume = next;
        } else {
          auto rest = split_period(resume, brk.replaced, remaining, resume_id, !options.keep_ad_markers, timelines);
          timelines.forget(resume);
          out.root().remove_child(resume);
          resume = rest;
        }
      }
    }
    for (const auto& period : brk.periods) append_ad_period(out.root(), resume, period);
  }
  // Every period's place on the timeline, from the first's.
  Ticks start = first_start;
  bool known = true;
  for (auto period : children(out.root(), "Period")) {
    if (known) set(period, "start", format_iso_duration(start));
    auto duration = duration_attribute(period, "duration");
    if (duration) {
      start += *duration;
    } else {
      known = false;
    }
  }
  if (!dynamic && known) set(out.root(), "mediaPresentationDuration", format_iso_duration(start - Ticks{}));
  // Live: a period is announced once it has begun (the ads of a break as the break
  // reaches them, the content after it as it resumes), as a packager would: a player
  // that joins finds the live edge in the last period listed.
  // The first period always stays: an MPD needs one, even from an origin whose
  // publishTime lags.
  // So is the content after a break, or the origin's next period, only once each of its
  // SegmentTimelines has a segment: an empty one is not valid (the schema wants an S),
  // and dash.js cannot start on an MPD that has one.
  if (dynamic) {
    const auto timings = out.periods();
    bool cut = false;  // what follows a period left out is later still
    for (std::size_t i = 1; i < timings.size(); ++i) {
      const bool begun = !options.live_edge || timings[i].start <= *options.live_edge;
      cut = cut || !begun || has_empty_timeline(timings[i].node);
      if (cut) out.root().remove_child(timings[i].node);
    }
  }
  return out;
}

}  // namespace manifests::dash
