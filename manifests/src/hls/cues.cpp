#include "manifests/hls/cues.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>

#include "../avail_id.hpp"
#include "manifests/hls/attributes.hpp"
#include "manifests/scte35/break_signal.hpp"
#include "manifests/scte35/decode.hpp"
#include "manifests/scte35/names.hpp"

namespace manifests {

std::string_view dialect_name(CueDialect dialect) {
  switch (dialect) {
    case CueDialect::kCueOut: return "EXT-X-CUE-OUT";
    case CueDialect::kCueOutCont: return "EXT-X-CUE-OUT-CONT";
    case CueDialect::kCueSpan: return "EXT-X-CUE-SPAN";
    case CueDialect::kCue: return "EXT-X-CUE";
    case CueDialect::kDateRange: return "EXT-X-DATERANGE";
    case CueDialect::kOatcls: return "EXT-OATCLS-SCTE35";
    case CueDialect::kSplicePoint: return "EXT-X-SPLICEPOINT-SCTE35";
    case CueDialect::kScte35Tag: return "EXT-X-SCTE35";
    case CueDialect::kDashXml: return "urn:scte:scte35:2013:xml";
    case CueDialect::kDashXmlBin: return "urn:scte:scte35:2014:xml+bin";
  }
  return "unknown";
}

}  // namespace manifests

namespace manifests::hls {
namespace {

namespace scte35 = manifests::scte35;

// Half a second: a 30 s break over five 6.006 s or 5.995 s segments still ends at the
// fifth segment boundary.
constexpr Ticks kBoundaryTolerance{45000};
constexpr std::string_view kExtScte35NoX = "#EXT-SCTE35";

enum class Kind { kOut, kCont, kIn, kCancel };

struct CueEvent {
  Kind kind = Kind::kOut;
  bool from_payload = false;  ///< the kind was read from the SCTE-35 section, not the tag
  CueDialect dialect = CueDialect::kCueOut;
  std::optional<Ticks> duration;
  std::optional<Ticks> elapsed;
  std::optional<scte35::SpliceInfoSection> section;
  std::string id;
};

class Extractor {
 public:
  explicit Extractor(std::vector<std::string>& warnings) : warnings_(warnings) {}

  /// The cue event of one tag, if it is a cue (DATERANGE is handled by the caller).
  std::optional<CueEvent> from_tag(const Tag& tag, std::size_t segment) {
    where_tag_ = tag.name;
    where_segment_ = segment;
    const std::string_view value = tag.value.value_or(std::string_view{});
    if (tag.name == kCueOut) return cue_out(value);
    if (tag.name == kCueIn) return CueEvent{Kind::kIn, false, CueDialect::kCueOut, {}, {}, {}, id_attribute(value)};
    if (tag.name == kCueOutCont) return cue_out_cont(value);
    if (tag.name == "#EXT-X-CUE-SPAN") return cue_span(value);
    if (tag.name == kCue) return adobe_cue(value);
    if (tag.name == kOatclsScte35) return from_payload(value, CueDialect::kOatcls);
    if (tag.name == kSplicePointScte35) return from_payload(value, CueDialect::kSplicePoint);
    if (tag.name == kScte35 || tag.name == kExtScte35NoX) return scte35_tag(value);
    return std::nullopt;
  }

  /// EXT-X-DATERANGE with SCTE35-OUT / SCTE35-IN / SCTE35-CMD.
  std::optional<CueEvent> date_range(const AttributeList& a, std::size_t segment) {
    where_tag_ = kDateRange;
    where_segment_ = segment;
    const auto out = a.text("SCTE35-OUT");
    const auto in = a.text("SCTE35-IN");
    const auto cmd = a.text("SCTE35-CMD");
    if (!out && !in && !cmd) return std::nullopt;  // interstitials and other date ranges are not cues
    CueEvent e;
    e.dialect = CueDialect::kDateRange;
    e.section = decode(out ? *out : in ? *in : *cmd);
    if (out) {
      e.kind = Kind::kOut;
    } else if (in) {
      e.kind = Kind::kIn;
    } else {
      if (!e.section) return std::nullopt;
      auto classified = classify(*e.section, CueDialect::kDateRange);
      if (!classified) return std::nullopt;
      e = std::move(*classified);
    }
    if (auto planned = a.text("PLANNED-DURATION")) e.duration = parse_seconds(*planned);
    if (!e.duration) {
      if (auto duration = a.text("DURATION")) e.duration = parse_seconds(*duration);
    }
    if (!e.duration && e.section && e.kind == Kind::kOut) e.duration = payload_duration(*e.section);
    if (auto id = a.text("ID")) e.id = *id;
    return e;
  }

 private:
  static std::string id_attribute(std::string_view value) {
    if (value.find('=') == std::string_view::npos) return {};
    auto a = AttributeList::parse(value);
    return a ? a->text("ID").value_or("") : std::string{};
  }

  // "30", "30.000", "DURATION=30[,ID=..]", or nothing (the break ends at its CUE-IN).
  std::optional<CueEvent> cue_out(std::string_view value) {
    CueEvent e{Kind::kOut, false, CueDialect::kCueOut, {}, {}, {}, {}};
    if (value.empty()) return e;
    if (auto plain = parse_seconds(value)) {
      e.duration = plain;
      return e;
    }
    // "12,ID=55,PARTNER=x": a bare duration, then attributes.
    if (const auto comma = value.find(','); comma != std::string_view::npos) {
      if (auto leading = parse_seconds(value.substr(0, comma))) {
        e.duration = leading;
        if (auto rest = AttributeList::parse(value.substr(comma + 1))) e.id = rest->text("ID").value_or("");
        return e;
      }
    }
    auto a = AttributeList::parse(value);
    auto text = a ? a->text("DURATION") : std::nullopt;
    if (a && !text) {
      e.id = a->text("ID").value_or("");
      return e;
    }
    if (!a || !(e.duration = parse_seconds(*text))) {
      warn("has a malformed duration '" + std::string(value) + "': break ignored");
      return std::nullopt;
    }
    e.id = a->text("ID").value_or("");
    return e;
  }

  // "ElapsedTime=12.0,Duration=30,SCTE35=..." (Elemental/AWS) or "12/30" (Wowza).
  std::optional<CueEvent> cue_out_cont(std::string_view value) {
    CueEvent e{Kind::kCont, false, CueDialect::kCueOutCont, {}, {}, {}, {}};
    if (const auto slash = value.find('/'); slash != std::string_view::npos && value.find('=') == std::string_view::npos) {
      e.elapsed = parse_seconds(value.substr(0, slash));
      e.duration = parse_seconds(value.substr(slash + 1));
      return e;
    }
    if (value.empty()) return e;
    auto a = AttributeList::parse(value);
    if (!a) {
      warn("is malformed: " + a.error().detail);
      return e;
    }
    if (auto elapsed = a->text("ElapsedTime")) e.elapsed = parse_seconds(*elapsed);
    if (auto duration = a->text("Duration")) e.duration = parse_seconds(*duration);
    if (auto cue = a->text("SCTE35")) e.section = decode(*cue);
    // The break's own cue, restated: its event id names the break as the CUE-OUT's did,
    // also once the CUE-OUT has scrolled out of a live window.
    if (e.section) {
      if (auto classified = classify(*e.section, CueDialect::kCueOutCont)) e.id = classified->id;
    }
    return e;
  }

  std::optional<CueEvent> cue_span(std::string_view value) {
    CueEvent e{Kind::kCont, false, CueDialect::kCueSpan, {}, {}, {}, id_attribute(value)};
    if (auto a = AttributeList::parse(value)) {
      if (auto from_signal = a->text("TIMEFROMSIGNAL")) e.elapsed = parse_iso_duration(*from_signal);
    }
    return e;
  }

  // Adobe Primetime: TYPE="SpliceOut" opens (DURATION "0" means until the SpliceIn),
  // TYPE="SpliceIn" closes.
  std::optional<CueEvent> adobe_cue(std::string_view value) {
    auto a = AttributeList::parse(value);
    if (!a) {
      warn("is malformed: " + a.error().detail);
      return std::nullopt;
    }
    const auto type = a->text("TYPE").value_or("");
    CueEvent e{Kind::kOut, false, CueDialect::kCue, {}, {}, {}, a->text("ID").value_or("")};
    if (type == "SpliceIn") {
      e.kind = Kind::kIn;
      return e;
    }
    if (type != "SpliceOut") return std::nullopt;
    if (auto duration = a->text("DURATION")) {
      if (auto seconds = parse_seconds(*duration); seconds && seconds->count() > 0) e.duration = seconds;
    }
    return e;
  }

  // EXT-X-SCTE35 (and EXT-SCTE35): CUE= carries the section; CUE-OUT=YES|NO|CONT, when
  // present, says what it means.
  std::optional<CueEvent> scte35_tag(std::string_view value) {
    auto a = AttributeList::parse(value);
    if (!a) {
      warn("is malformed: " + a.error().detail);
      return std::nullopt;
    }
    std::optional<scte35::SpliceInfoSection> section;
    if (auto cue = a->text("CUE")) section = decode(*cue);
    std::optional<CueEvent> e;
    if (auto cue_out = a->text("CUE-OUT")) {
      const Kind kind = *cue_out == "YES" ? Kind::kOut : *cue_out == "CONT" ? Kind::kCont : Kind::kIn;
      e = CueEvent{kind, false, CueDialect::kScte35Tag, section ? payload_duration(*section) : std::nullopt, {}, section, {}};
    } else if (section) {
      e = classify(*section, CueDialect::kScte35Tag);
    }
    if (!e) return std::nullopt;
    if (auto duration = a->text("DURATION"); duration && !e->duration) e->duration = parse_seconds(*duration);
    if (auto elapsed = a->text("ELAPSED")) e->elapsed = parse_seconds(*elapsed);
    if (auto id = a->text("ID")) e->id = *id;
    return e;
  }

  std::optional<CueEvent> from_payload(std::string_view value, CueDialect dialect) {
    auto section = decode(value);
    return section ? classify(*section, dialect) : std::nullopt;
  }

  std::optional<scte35::SpliceInfoSection> decode(std::string_view text) {
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
    auto section = scte35::decode_text(text);
    if (!section) {
      warn("carries an undecodable SCTE-35 cue: " + section.error().detail);
      return std::nullopt;
    }
    if (!section->crc_ok) {
      warn("carries a SCTE-35 cue whose CRC_32 does not match: cue ignored");
      return std::nullopt;
    }
    return std::move(*section);
  }

  static std::optional<Ticks> payload_duration(const scte35::SpliceInfoSection& s) {
    const auto duration = scte35::signalled_duration(s);
    return duration ? std::optional(Ticks{static_cast<std::int64_t>(*duration)}) : std::nullopt;
  }

 public:
  /// What a section means for a stitcher, or nullopt when it is not about ad breaks.
  static std::optional<CueEvent> classify(const scte35::SpliceInfoSection& s, CueDialect dialect) {
    const auto signal = scte35::break_signal(s);
    if (!signal) return std::nullopt;
    CueEvent e{Kind::kOut, true, dialect, {}, {}, s, signal->id};
    e.kind = signal->edge == scte35::BreakEdge::kCancel ? Kind::kCancel
             : signal->edge == scte35::BreakEdge::kIn   ? Kind::kIn
                                                        : Kind::kOut;
    if (signal->duration) e.duration = Ticks{static_cast<std::int64_t>(*signal->duration)};
    return e;
  }

 private:
  void warn(const std::string& what) {
    const auto name = where_tag_.starts_with('#') ? where_tag_.substr(1) : where_tag_;
    warnings_.push_back(std::string(name) + " at segment " + std::to_string(where_segment_) + " " + what);
  }

  std::vector<std::string>& warnings_;
  std::string_view where_tag_;
  std::size_t where_segment_ = 0;
};

struct OpenBreak {
  std::size_t first_segment = 0;
  Ticks start{};  ///< position of first_segment
  Ticks elapsed_before{};
  std::optional<Ticks> planned;
  std::vector<CueDialect> dialects;
  std::optional<scte35::SpliceInfoSection> section;
  std::string cue_id;
};

class BreakBuilder {
 public:
  BreakBuilder(const MediaPlaylist& playlist, const std::vector<std::optional<std::int64_t>>& dates, CueReport& report)
      : playlist_(playlist), dates_(dates), report_(report) {}

  /// Called at segment boundary i (the start of segment i, `position` into the
  /// playlist) before that segment's cues.
  void boundary(std::size_t i, Ticks position) {
    position_ = position;
    if (open_ && open_->planned && i > open_->first_segment &&
        open_->elapsed_before + position - open_->start + kBoundaryTolerance >= *open_->planned) {
      close(i, false);
    }
  }

  [[nodiscard]] bool is_open() const { return open_.has_value(); }

  void apply(const CueEvent& e, std::size_t i) {
    switch (e.kind) {
      case Kind::kOut:
        if (!open_ && last_end_ && *last_end_ == i && !e.id.empty() && e.id == last_cue_id_) {
          // Elemental repeats the break's cue next to its CUE-IN: not a new break.
        } else if (!open_ && last_insertion_at_ == i && e.duration && e.duration->count() == 0) {
          // The same insertion point in a second dialect.
          auto& dialects = report_.avails.back().dialects;
          if (std::find(dialects.begin(), dialects.end(), e.dialect) == dialects.end()) dialects.push_back(e.dialect);
        } else if (!open_) {
          open(e, i, e.elapsed.value_or(Ticks{}));
          // A break of no length (EXT-X-CUE-OUT:0) replaces nothing: it is an insertion point.
          if (e.duration && e.duration->count() == 0) close(i, false);
        } else if (open_->first_segment == i || (!e.id.empty() && e.id == open_->cue_id)) {
          merge(e);
        } else if (!e.from_payload) {
          // A SCTE-35 ad start inside a break is one of its ads: nothing to report.
          warn(e, i, "inside an open break: ignored");
        }
        break;
      case Kind::kCont:
        if (!open_) {
          // The window starts inside a break: its CUE-OUT has scrolled away.
          if (i > 0) warn(e, i, "without a break start: the break is taken to start here");
          open(e, i, e.elapsed.value_or(Ticks{}));
        } else {
          merge(e);
        }
        break;
      case Kind::kIn:
        if (open_) {
          close(i, true);
        } else if (i > 0 && !(last_end_ && (*last_end_ == i || (last_by_duration_ && *last_end_ + 1 == i)))) {
          // Silent when the break just ended by its duration: packagers put the CUE-IN
          // on the boundary or on the segment after it. At a live window's top, the
          // break it ends has scrolled away.
          warn(e, i, "without an open break");
        }
        break;
      case Kind::kCancel:
        if (open_ && (open_->first_segment == i || e.id == open_->cue_id)) {
          warn(e, i, "cancels the break");
          open_.reset();
        }
        break;
    }
  }

  void finish(Ticks end_position) {
    position_ = end_position;
    if (!open_) return;
    const std::size_t n = playlist_.segments.size();
    if (!playlist_.endlist) {
      close(n, false, true);
    } else if (open_->planned) {
      close(n, false);
    } else {
      report_.warnings.push_back(std::string(dialect_name(open_->dialects.front())) + " at segment " +
                                 std::to_string(open_->first_segment) + " never ends: break ignored");
      open_.reset();
    }
  }

 private:
  void open(const CueEvent& e, std::size_t i, Ticks elapsed_before) {
    open_ = OpenBreak{i, position_, elapsed_before, e.duration, {e.dialect}, e.section, e.id};
  }

  void merge(const CueEvent& e) {
    if (std::find(open_->dialects.begin(), open_->dialects.end(), e.dialect) == open_->dialects.end()) {
      open_->dialects.push_back(e.dialect);
    }
    if (!open_->planned && e.duration) open_->planned = e.duration;
    if (!open_->section && e.section) open_->section = e.section;
    if (open_->cue_id.empty()) open_->cue_id = e.id;
  }

  void close(std::size_t end, bool by_cue_in, bool open_at_end = false) {
    Avail avail;
    avail.first_segment = open_->first_segment;
    avail.end_segment = end;
    avail.start = open_->start;
    avail.content_duration = position_ - avail.start;
    avail.elapsed_before = open_->elapsed_before;
    avail.duration = open_->planned.value_or(avail.elapsed_before + avail.content_duration);
    avail.open_at_end = open_at_end;
    avail.duration_signalled = open_->planned.has_value();
    // Unsignalled, only its CUE-IN ends it: earlier than whatever length it was planned for.
    avail.ended_early = by_cue_in && end > open_->first_segment &&
                        (!open_->planned || avail.elapsed_before + avail.content_duration + kBoundaryTolerance < *open_->planned);
    if (avail.first_segment < dates_.size() && dates_[avail.first_segment]) {
      avail.start_date_ms = *dates_[avail.first_segment] - avail.elapsed_before.count() / 90;
    }
    avail.asset = asset_at(avail.first_segment);
    avail.dialects = std::move(open_->dialects);
    avail.scte35 = std::move(open_->section);
    avail.id = make_id(avail, open_->cue_id);
    report_.avails.push_back(std::move(avail));
    last_end_ = end;
    last_by_duration_ = !by_cue_in;
    last_cue_id_ = open_->cue_id;
    last_insertion_at_ = end == open_->first_segment ? std::optional(end) : std::nullopt;
    open_.reset();
  }

  // Stable across renditions and live reloads: the cue's own id, else the wall-clock
  // start, else (VOD) the start time, else (live) the media sequence number.
  std::string make_id(const Avail& avail, const std::string& cue_id) const {
    std::string id;
    if (!cue_id.empty()) {
      id = "c" + path_safe(cue_id);
    } else if (avail.start_date_ms) {
      id = "p" + std::to_string(*avail.start_date_ms);
    } else if (playlist_.endlist && playlist_.media_sequence == 0) {
      id = "t" + std::to_string((avail.start - avail.elapsed_before).count() / 90);
    } else {
      const auto target = std::max<std::int64_t>(playlist_.target_duration, 1) * 90000;
      // Unsigned: a media sequence near the top of its range wraps rather than overflows
      // (the id only has to be the same on every reload).
      const auto msn = static_cast<std::uint64_t>(playlist_.media_sequence) + avail.first_segment -
                       static_cast<std::uint64_t>((avail.elapsed_before.count() + target / 2) / target);
      id = "m" + std::to_string(static_cast<std::int64_t>(msn));
    }
    // Encoders reuse event ids; two breaks of one playlist must not share an id.
    for (const auto& other : report_.avails) {
      if (other.id == id) return id + "-t" + std::to_string(avail.start.count() / 90);
    }
    return id;
  }

  // EXT-X-ASSET stands on the break's first segment, or (packagers differ) the one before.
  std::vector<std::pair<std::string, std::string>> asset_at(std::size_t first) const {
    std::vector<std::pair<std::string, std::string>> out;
    const auto& segments = playlist_.segments;
    for (std::size_t i = first > 0 ? first - 1 : 0; i <= first && i < segments.size(); ++i) {
      const Tag* tag = segments[i].find(kAsset);
      if (!tag || !tag->value) continue;
      auto attributes = AttributeList::parse(*tag->value);
      if (!attributes) continue;
      out.clear();
      for (const auto& item : attributes->items()) out.emplace_back(item.name, *attributes->text(item.name));
    }
    return out;
  }

  void warn(const CueEvent& e, std::size_t i, std::string_view what) {
    const std::string_view tag =
        e.kind == Kind::kIn && e.dialect == CueDialect::kCueOut ? kCueIn.substr(1) : dialect_name(e.dialect);
    report_.warnings.push_back(std::string(tag) + " at segment " + std::to_string(i) + " " + std::string(what));
  }

  const MediaPlaylist& playlist_;
  const std::vector<std::optional<std::int64_t>>& dates_;
  CueReport& report_;
  Ticks position_{};
  std::optional<OpenBreak> open_;
  std::optional<std::size_t> last_end_;
  bool last_by_duration_ = false;
  std::string last_cue_id_;
  std::optional<std::size_t> last_insertion_at_;
};

// The segment a DATERANGE cue takes effect at, by date when segments have dates, else
// where the tag stands: START-DATE for a break start, its end (END-DATE, or START-DATE
// + DURATION) for SCTE35-IN. Also how much of the range lies before that segment.
std::pair<std::size_t, Ticks> date_range_position(const AttributeList& a, std::size_t at, bool at_end,
                                                  const std::vector<std::optional<std::int64_t>>& dates,
                                                  const MediaPlaylist& playlist,
                                                  std::map<std::string, std::int64_t>& out_starts) {
  // Plain values rather than optionals: GCC 12 warns falsely on optional<int64_t> here.
  std::int64_t start_ms = 0;
  bool has_start = false;
  if (auto start = a.text("START-DATE")) {
    if (auto parsed = parse_iso8601_ms(*start)) {
      start_ms = *parsed;
      has_start = true;
    }
  }
  if (at_end) {
    // SCTE35-IN either restates the range (the out's START-DATE, or none, with
    // DURATION or END-DATE: it ends there) or gives its own START-DATE (the in-point).
    auto end = a.text("END-DATE");
    auto duration = a.text("DURATION");
    auto seconds = duration ? parse_seconds(*duration) : std::nullopt;
    const auto out = out_starts.find(a.text("ID").value_or(""));
    if (auto end_ms = end ? parse_iso8601_ms(*end) : std::nullopt) {
      start_ms = *end_ms;
      has_start = true;
    } else if (seconds && out != out_starts.end() && (!has_start || start_ms == out->second)) {
      start_ms = out->second + seconds->count() / 90;
      has_start = true;
    }
  } else if (has_start) {
    out_starts[a.text("ID").value_or("")] = start_ms;
  }
  if (!has_start || dates.empty() || !dates.front()) return {at, Ticks{}};
  if (start_ms < *dates.front()) return {0, Ticks{(*dates.front() - start_ms) * 90}};
  for (std::size_t i = 0; i < dates.size(); ++i) {
    if (dates[i] && start_ms < *dates[i] + playlist.segments[i].duration.count() / 90) return {i, Ticks{}};
  }
  return {dates.size(), Ticks{}};
}

}  // namespace

CueReport find_avails(const MediaPlaylist& playlist) {
  CueReport report;
  const std::size_t n = playlist.segments.size();
  // Dates only matter when the playlist has them; most VOD playlists do not.
  bool has_dates = false;
  for (std::size_t i = 0; i < n && !has_dates; ++i) has_dates = playlist.segments[i].find(kProgramDateTime) != nullptr;
  const auto dates = has_dates ? program_dates(playlist, report.warnings) : std::vector<std::optional<std::int64_t>>{};
  std::map<std::string, std::int64_t> out_starts;  // START-DATE of each SCTE35-OUT range, by ID

  // Cue events by segment (n: after the last segment), in playlist order.
  std::vector<std::pair<std::size_t, CueEvent>> events;
  Extractor extractor(report.warnings);
  auto collect = [&](const std::vector<Tag>& tags, std::size_t i) {
    for (const auto& tag : tags) {
      if (tag.name == kDateRange) {
        auto a = AttributeList::parse(tag.value.value_or(""));
        if (!a) continue;
        if (auto e = extractor.date_range(*a, i)) {
          auto [at, before] = date_range_position(*a, i, e->kind == Kind::kIn, dates, playlist, out_starts);
          if (before.count() > 0) e->elapsed = before;
          events.emplace_back(std::min(at, n), std::move(*e));
        }
      } else if (auto e = extractor.from_tag(tag, i)) {
        events.emplace_back(i, std::move(*e));
      }
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (!playlist.segments[i].tags.empty()) collect(playlist.segments[i].tags, i);
  }
  collect(playlist.trailing_tags, n);
  if (events.empty()) return report;
  // Date ranges may take effect at another segment than where they stand.
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

  BreakBuilder builder(playlist, dates, report);
  Ticks position{};
  auto next = events.begin();
  for (std::size_t i = 0; i <= n; ++i) {
    if (next == events.end() && !builder.is_open()) break;
    builder.boundary(i, position);
    for (; next != events.end() && next->first == i; ++next) builder.apply(next->second, i);
    if (i < n) position += playlist.segments[i].duration;
  }
  if (builder.is_open()) position = total_duration(playlist);
  builder.finish(position);
  return report;
}

}  // namespace manifests::hls
