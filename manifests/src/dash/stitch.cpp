#include "manifests/dash/stitch.hpp"

#include <algorithm>
#include <charconv>
#include <span>
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

// Every SegmentTemplate / SegmentList / SegmentBase in a period, at any level: at
// each, the first of each name, in that order. One pass over each level's children
// (the stitch asks this several times per split).
std::vector<pugi::xml_node> segment_elements(const pugi::xml_node& period) {
  std::vector<pugi::xml_node> out;
  std::vector<pugi::xml_node> sets;
  const auto collect = [&out](const pugi::xml_node& level, std::vector<pugi::xml_node>* below, const char* below_name) {
    pugi::xml_node found[std::size(kSegmentElements)];
    for (auto node = level.first_child(); node; node = node.next_sibling()) {
      if (node.type() != pugi::node_element) continue;
      const auto name = local_name(node);
      for (std::size_t i = 0; i < std::size(kSegmentElements); ++i) {
        if (name == kSegmentElements[i] && !found[i]) found[i] = node;
      }
      if (below && name == below_name) below->push_back(node);
    }
    for (const auto& node : found) {
      if (node) out.push_back(node);
    }
  };
  collect(period, &sets, "AdaptationSet");
  for (const auto& set : sets) {
    std::vector<pugi::xml_node> representations;
    collect(set, &representations, "Representation");
    for (const auto& representation : representations) collect(representation, nullptr, "");
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

// The SegmentTimeline that addresses `element`: its own, else the one of the
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

// An attribute value as XML text, between double quotes.
void append_escaped(std::string& out, std::string_view value) {
  const auto plain = [](char c) { return c != '&' && c != '<' && c != '>' && c != '"' && c != '\t' && c != '\n' && c != '\r'; };
  if (std::all_of(value.begin(), value.end(), plain)) {
    out += value;
    return;
  }
  for (const char c : value) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default: out += c;
    }
  }
}

void append_attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  append_escaped(out, value);
  out += '"';
}

void append_attribute(std::string& out, std::string_view name, std::uint64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  append_attribute(out, name, std::string_view(digits, static_cast<std::size_t>(end - digits)));
}

// The SegmentTimelines of the periods being split, as ranges of the origin's. Each
// origin timeline is read once; a split only narrows the range of the pieces it makes,
// and moves no S element. Once every split is done, write_pieces gives each piece's
// element its S elements in one pass: the origin's, as written, clipped to the range
// (the first with its t), parsed by pugixml from text. Moving or copying S elements
// one by one through the tree costs hundreds of instructions each, and made the stitch
// of a 2 h timeline many times a bare parse and save of the MPD.
class Timelines {
 public:
  // Reads the timelines of `period` not held yet.
  void take_in(const pugi::xml_node& period, std::optional<Ticks> duration) {
    for (const auto& element : segment_elements(period)) {
      auto own = child(element, "SegmentTimeline");
      if (!own || pieces_.contains(own.internal_object())) continue;
      auto info = segment_info_at(element, duration);
      Source source;
      source.element = own;
      source.entries = std::move(info.timeline);
      std::size_t first = 0;
      std::size_t n = 0;
      for (auto s = own.first_child(); s; s = s.next_sibling()) {
        if (s.type() != pugi::node_element || local_name(s) != "S") {
          source.only_s = false;
          continue;
        }
        const std::size_t count = n < info.timeline_runs.size() ? info.timeline_runs[n] : 0;
        source.runs.push_back({s, first, count});
        first += count;
        ++n;
      }
      pieces_[own.internal_object()] = {own, sources_.size(), 0, source.entries.size()};
      sources_.push_back(std::move(source));
    }
  }

  // The entries of the piece `timeline` is; nullopt when it is not held.
  [[nodiscard]] std::optional<std::span<const TimelineEntry>> find(const pugi::xml_node& timeline) const {
    const auto it = pieces_.find(timeline.internal_object());
    if (it == pieces_.end()) return std::nullopt;
    const auto& piece = it->second;
    return std::span<const TimelineEntry>(sources_[piece.source].entries).subspan(piece.begin, piece.end - piece.begin);
  }

  // A copy of `period` inserted after it, whose held timelines are empty elements
  // holding the same range as the originals, until the split narrows it (the S
  // elements of an origin timeline stay where they are until write_pieces).
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
      if (!own || !pieces_.contains(own.internal_object())) {
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
      for (auto attribute = place.timeline.first_attribute(); attribute; attribute = attribute.next_attribute()) {
        fresh.append_copy(attribute);
      }
      auto piece = pieces_.at(place.timeline.internal_object());
      piece.element = fresh;
      pieces_[fresh.internal_object()] = piece;
    }
    period.parent().remove_child(stash);
    return copy;
  }

  // The piece keeps its first `end_before` entries.
  void keep_before(const pugi::xml_node& timeline, std::size_t end_before) {
    auto& piece = pieces_.at(timeline.internal_object());
    piece.end = std::min(piece.end, piece.begin + end_before);
  }

  // The piece keeps its entries from `first_after`.
  void keep_from(const pugi::xml_node& timeline, std::size_t first_after) {
    auto& piece = pieces_.at(timeline.internal_object());
    piece.begin = std::min(piece.end, piece.begin + first_after);
  }

  // Before `period` leaves the document: its nodes are freed, their addresses reused.
  // An origin timeline in it is parked outside it first: the other pieces of it are
  // written from its S elements.
  void forget(const pugi::xml_node& period) {
    for (const auto& element : segment_elements(period)) {
      auto own = child(element, "SegmentTimeline");
      if (!own) continue;
      pieces_.erase(own.internal_object());
      for (auto& source : sources_) {
        if (source.element != own) continue;
        if (!parking_) parking_ = period.parent().append_child("parked-timelines");
        parking_.append_move(own);
      }
    }
  }

  // Gives every piece's element its S elements (see the class comment).
  void write_pieces() {
    std::vector<std::vector<const Piece*>> by_source(sources_.size());
    for (const auto& [key, piece] : pieces_) by_source[piece.source].push_back(&piece);
    std::string text;
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < sources_.size(); ++i) {
      auto& source = sources_[i];
      texts.clear();
      for (const auto* piece : by_source[i]) {
        text.clear();
        write_piece(text, source, *piece);
        texts.push_back(text);
      }
      // The origin's S elements leave only now: the text above was written from them.
      if (source.only_s) {
        source.element.remove_children();
      } else {
        for (const auto& run : source.runs) source.element.remove_child(run.s);
      }
      for (std::size_t k = 0; k < texts.size(); ++k) {
        if (texts[k].empty()) continue;
        pugi::xml_node element = by_source[i][k]->element;
        element.append_buffer(texts[k].data(), texts[k].size(), pugi::parse_default, pugi::encoding_utf8);
      }
    }
    if (parking_) parking_.parent().remove_child(parking_);
    parking_ = {};
    pieces_.clear();
    sources_.clear();
  }

 private:
  struct Run {
    pugi::xml_node s;
    std::size_t first = 0;  ///< its first entry
    std::size_t count = 0;  ///< entries it gives (1 + r)
  };
  struct Source {
    pugi::xml_node element;  ///< the origin's SegmentTimeline, holding its S elements until write_pieces
    std::vector<TimelineEntry> entries;
    std::vector<Run> runs;
    bool only_s = true;  ///< nothing but S elements in it (no comment to keep)
  };
  struct Piece {
    pugi::xml_node element;
    std::size_t source = 0;
    std::size_t begin = 0;  ///< its entries in the source's: [begin, end)
    std::size_t end = 0;
  };

  // The S elements of `piece`: each origin S whose run meets the range, its attributes
  // as written except where the range cuts the run (t, r, and n, the number of its first
  // segment) and t on the first.
  static void write_piece(std::string& out, const Source& source, const Piece& piece) {
    if (piece.begin >= piece.end) return;
    auto run = std::upper_bound(source.runs.begin(), source.runs.end(), piece.begin,
                                [](std::size_t at, const Run& r) { return at < r.first; });
    if (run != source.runs.begin()) --run;
    bool first = true;
    for (; run != source.runs.end() && run->first < piece.end; ++run) {
      if (run->count == 0) {
        if (run->first < piece.begin) continue;
      } else if (run->first + run->count <= piece.begin) {
        continue;
      }
      const std::size_t from = std::max(run->first, piece.begin);
      const std::size_t to = std::min(run->first + run->count, piece.end);
      const bool cut_front = from != run->first;
      const bool cut = cut_front || to != run->first + run->count;
      const bool give_t = (first || cut_front) && from < source.entries.size();
      out += '<';
      out += run->s.name();
      if (give_t && !run->s.attribute("t")) append_attribute(out, "t", source.entries[from].time);
      bool wrote_r = false;
      for (auto a = run->s.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view name = a.name();
        if (name == "t" && give_t) {
          append_attribute(out, "t", source.entries[from].time);
        } else if (name == "r" && cut) {
          if (to - from > 1) append_attribute(out, "r", to - from - 1);
          wrote_r = true;
        } else if (name == "n" && cut_front) {
          append_attribute(out, "n", a.as_ullong() + (from - run->first));
        } else {
          append_attribute(out, name, a.value());
        }
      }
      if (cut && !wrote_r && to - from > 1) append_attribute(out, "r", to - from - 1);
      out += "/>";
      first = false;
    }
  }

  std::vector<Source> sources_;
  std::unordered_map<const void*, Piece> pieces_;  ///< by SegmentTimeline element
  pugi::xml_node parking_;  ///< origin timelines whose period was dropped (forget)
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
  const auto held = timeline ? timelines.find(timeline) : std::nullopt;
  if (held) {
    const auto* entries = &*held;
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
        timelines.keep_from(own, first_after);
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

// An ad period's adaptation sets are written as text and parsed by pugixml in one
// pass: building them node by node through the tree costs several times more.
void append_ad_period(pugi::xml_node mpd, pugi::xml_node before, const InsertedPeriod& inserted) {
  auto period = before ? mpd.insert_child_before("Period", before) : mpd.append_child("Period");
  set(period, "id", inserted.id);
  set(period, "duration", format_iso_duration(inserted.duration));
  std::string text;
  for (const auto& source : inserted.adaptation_sets) {
    text += "<AdaptationSet";
    append_attribute(text, "contentType", source.content_type);
    append_attribute(text, "mimeType", source.mime_type);
    if (!source.lang.empty()) append_attribute(text, "lang", source.lang);
    text += R"( segmentAlignment="true" startWithSAP="1">)";
    for (const auto& rep : source.representations) {
      text += "<Representation";
      append_attribute(text, "id", rep.id);
      append_attribute(text, "bandwidth", static_cast<std::uint64_t>(std::max(rep.bandwidth, 1)));
      if (rep.width > 0) append_attribute(text, "width", static_cast<std::uint64_t>(rep.width));
      if (rep.height > 0) append_attribute(text, "height", static_cast<std::uint64_t>(rep.height));
      if (!rep.codecs.empty()) append_attribute(text, "codecs", rep.codecs);
      if (rep.audio_sampling_rate > 0) append_attribute(text, "audioSamplingRate", static_cast<std::uint64_t>(rep.audio_sampling_rate));
      text += '>';
      if (!rep.single_file.empty()) {
        text += "<BaseURL>";
        append_escaped(text, rep.single_file);
        text += "</BaseURL></Representation>";
        continue;
      }
      // SegmentList with one S per segment: explicit URLs (ours, for beacons) and exact
      // durations; dash.js maps the n-th S to the n-th SegmentURL, so no r repeats.
      text += R"(<SegmentList timescale="90000" presentationTimeOffset="0"><Initialization)";
      append_attribute(text, "sourceURL", rep.initialization);
      text += "/><SegmentTimeline>";
      bool first = true;
      for (const auto& segment : rep.segments) {
        text += "<S";
        if (first) text += R"( t="0")";
        first = false;
        append_attribute(text, "d", static_cast<std::uint64_t>(std::max<std::int64_t>(segment.duration.count(), 1)));
        text += "/>";
      }
      text += "</SegmentTimeline>";
      for (const auto& segment : rep.segments) {
        text += "<SegmentURL";
        append_attribute(text, "media", segment.uri);
        text += "/>";
      }
      text += "</SegmentList></Representation>";
    }
    text += "</AdaptationSet>";
  }
  if (!text.empty()) period.append_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
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
  timelines.write_pieces();
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

Result<Mpd> presentation_of(std::span<const InsertedPeriod> periods) {
  if (periods.empty()) return fail(Errc::kMissingTag, "no period to present");
  auto mpd = Mpd::parse(
      R"(<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" minBufferTime="PT2S")"
      R"( profiles="urn:mpeg:dash:profile:isoff-live:2011"/>)");
  if (!mpd) return mpd;
  Ticks start{};
  for (const auto& period : periods) {
    append_ad_period(mpd->root(), pugi::xml_node{}, period);
    set(mpd->root().last_child(), "start", format_iso_duration(start));
    start += period.duration;
  }
  set(mpd->root(), "mediaPresentationDuration", format_iso_duration(start));
  return mpd;
}

}  // namespace manifests::dash
