#include "manifests/hls/live_stitch.hpp"

#include <algorithm>

#include "break_ranges.hpp"
#include "inserted_entry.hpp"
#include "tag_state.hpp"

namespace manifests::hls {
namespace {

// An ad segment may enter the playlist this much before the content it replaces is
// complete: ad and content segment lengths differ by encoder rounding.
constexpr Ticks kReleaseTolerance{45000};

/// The records the previous reload left, looked up by content media sequence number.
class Served {
 public:
  explicit Served(const std::optional<LiveLedger>& ledger) {
    if (ledger && !ledger->records.empty()) ledger_ = &*ledger;
  }

  [[nodiscard]] bool empty() const { return ledger_ == nullptr; }
  [[nodiscard]] std::int64_t first() const { return ledger_->records.front().msn; }
  [[nodiscard]] std::int64_t end() const { return first() + static_cast<std::int64_t>(ledger_->records.size()); }
  [[nodiscard]] const LiveLedger& ledger() const { return *ledger_; }

  [[nodiscard]] const LiveRecord* at(std::int64_t msn) const {
    if (!ledger_ || msn < first() || msn >= end()) return nullptr;
    return &ledger_->records[static_cast<std::size_t>(msn - first())];
  }

  /// The break whose ad segment was the last entry served before `msn`; empty when that
  /// entry was content (or nothing is known).
  [[nodiscard]] std::string fill_before(std::int64_t msn) const {
    for (auto m = msn - 1; at(m); --m) {
      if (at(m)->entries > 0) return at(m)->break_id;
    }
    return {};
  }

 private:
  const LiveLedger* ledger_ = nullptr;
};

/// Where each fill segment ends, from the break's start.
std::vector<Ticks> fill_ends(const LiveBreak& b) {
  std::vector<Ticks> ends;
  ends.reserve(b.fill.size());
  Ticks at{};
  for (const auto& segment : b.fill) ends.push_back(at += segment.duration);
  return ends;
}

/// How many fill segments are complete once `covered` of the break has gone by.
std::size_t released(const std::vector<Ticks>& ends, Ticks covered) {
  return static_cast<std::size_t>(std::upper_bound(ends.begin(), ends.end(), covered + kReleaseTolerance) - ends.begin());
}

}  // namespace

Result<LiveStitch> stitch_live(const MediaPlaylist& content, std::span<const LiveBreak> breaks,
                               const std::optional<LiveLedger>& previous, const StitchOptions& options) {
  if (auto checked = check_break_ranges(breaks, content.segments.size()); !checked) return tl::unexpected(checked.error());
  const std::int64_t top = content.media_sequence;
  Served served(previous);

  // Numbering at the window's top: what the ledger knows left since, one entry for each
  // segment this session was never served (it was away longer than a window).
  std::int64_t media_sequence = top;
  std::int64_t discontinuity_sequence = content.discontinuity_sequence;
  bool restart = false;
  std::vector<LiveRecord> history;
  if (!served.empty()) {
    media_sequence = served.ledger().media_sequence;
    discontinuity_sequence = served.ledger().discontinuity_sequence;
    // The origin went back (it restarted, or this view is older than anything kept):
    // number on from everything served, as a new timeline.
    restart = top < served.first();
    const auto known_until = restart ? served.end() : std::min(top, served.end());
    for (auto msn = served.first(); msn < known_until; ++msn) {
      const LiveRecord& record = *served.at(msn);
      media_sequence += record.entries;
      discontinuity_sequence += record.discontinuities;
      if (!restart && msn >= top - static_cast<std::int64_t>(kLedgerHistory)) history.push_back(record);
    }
    // Segments never served (counted in one step: an origin may jump far ahead), and
    // records must stay consecutive: none are kept across such a gap.
    if (!restart && top > served.end()) {
      media_sequence += top - served.end();
      history.clear();
    }
    if (restart) served = Served(std::nullopt);
  }

  LiveStitch result{copy_without_segments(content), {}};
  MediaPlaylist& out = result.playlist;
  out.media_sequence = media_sequence;
  out.discontinuity_sequence = discontinuity_sequence;
  std::vector<LiveRecord> records;
  records.reserve(content.segments.size());
  // The break of the last ad segment put in the playlist, while it is the last entry.
  std::string tail_fill = served.empty() ? std::string{} : served.fill_before(top);

  TagState state;
  std::size_t b = 0;
  const LiveBreak* ends_of = nullptr;
  std::vector<Ticks> ends;
  for (std::size_t i = 0; i < content.segments.size(); ++i) {
    const std::int64_t msn = top + static_cast<std::int64_t>(i);
    const Segment& segment = content.segments[i];
    const LiveRecord* before = served.at(msn);
    while (b < breaks.size() && breaks[b].end_segment <= i) ++b;
    const LiveBreak* brk = b < breaks.size() && breaks[b].first_segment <= i && !breaks[b].fill.empty() ? &breaks[b] : nullptr;
    // Served once, served the same way: content stays content even if a decision came later.
    if (brk && before && before->break_id != brk->id) brk = nullptr;

    LiveRecord record;
    record.msn = msn;
    if (brk) {
      if (ends_of != brk) {
        ends = fill_ends(*brk);
        ends_of = brk;
      }
      Ticks covered_before{};
      if (before) {
        covered_before = before->covered_after - segment.duration;
      } else if (const LiveRecord* prior = records.empty() ? served.at(msn - 1) : &records.back();
                 prior && prior->break_id == brk->id) {
        covered_before = prior->covered_after;
      } else {
        covered_before = brk->elapsed_before;
        for (std::size_t k = brk->first_segment; k < i; ++k) covered_before += content.segments[k].duration;
      }
      record.break_id = brk->id;
      record.covered_after = covered_before + segment.duration;
      const bool completes = i + 1 == brk->end_segment && brk->ended && !brk->ended_early;
      const std::size_t from = released(ends, covered_before);
      const std::size_t to = completes ? brk->fill.size() : std::max(from, released(ends, record.covered_after));
      for (std::size_t j = from; j < to; ++j) {
        const auto& inserted = brk->fill[j];
        Segment entry = inserted_entry(inserted, out);
        // A player joining mid-break starts mid-pod: a new encoding after content.
        if (j == 0 || inserted.discontinuity || tail_fill != brk->id) {
          entry.set_discontinuity();
          state.open_inserted(entry, inserted.map_uri, out.text);
        } else if (!inserted.map_uri.empty()) {
          // Restated on every fMP4 ad segment: the run's first one scrolls out of the
          // window while the rest are still listed.
          entry.tags.push_back(Tag{kMap, out.text.own("URI=\"" + inserted.map_uri + "\"")});
          ++entry.extinf_at;
        }
        // The break's own cue, while its first segment is in the window.
        if (j == 0 && options.keep_ad_markers && brk->elapsed_before.count() == 0) {
          copy_ad_markers(content.segments[brk->first_segment], entry);
        }
        record.discontinuities += entry.discontinuity() ? 1 : 0;
        tail_fill = brk->id;
        out.segments.push_back(std::move(entry));
      }
      record.entries = static_cast<std::uint32_t>(to - from);
    } else {
      out.segments.push_back(segment);
      Segment& copied = out.segments.back();
      record.resume = before ? before->resume : !tail_fill.empty();
      if (record.resume) {
        if (!options.keep_ad_markers) drop_ad_markers(copied);
        copied.set_discontinuity();
        state.restate(copied, out.text);
      }
      if (restart && out.segments.size() == 1) copied.set_discontinuity();
      record.discontinuities = copied.discontinuity() ? 1 : 0;
      tail_fill.clear();
    }
    state.observe(segment);
    records.push_back(std::move(record));
  }
  // Hints about the content's next part mean nothing while ads are the live edge.
  if (!records.empty() && !records.back().break_id.empty()) out.trailing_tags.clear();
  out.target_duration = std::max({content.target_duration, required_target_duration(out),
                                  served.empty() ? std::int64_t{0} : served.ledger().target_duration});

  LiveLedger& ledger = result.ledger;
  ledger.media_sequence = media_sequence;
  ledger.discontinuity_sequence = discontinuity_sequence;
  ledger.target_duration = out.target_duration;
  for (const auto& record : history) {
    ledger.media_sequence -= record.entries;
    ledger.discontinuity_sequence -= record.discontinuities;
  }
  ledger.records = std::move(history);
  ledger.records.insert(ledger.records.end(), std::make_move_iterator(records.begin()),
                        std::make_move_iterator(records.end()));
  // Pins of the breaks still recorded, the first one given for each.
  auto recorded = [&ledger](const std::string& id) {
    return std::any_of(ledger.records.begin(), ledger.records.end(), [&](const LiveRecord& r) { return r.break_id == id; });
  };
  if (!served.empty()) {
    for (const auto& pin : served.ledger().pins) {
      if (recorded(pin.first)) ledger.pins.push_back(pin);
    }
  }
  for (const auto& brk : breaks) {
    if (!brk.pin.empty() && !ledger.pin(brk.id) && recorded(brk.id)) ledger.pins.emplace_back(brk.id, brk.pin);
  }
  const auto window_end = top + static_cast<std::int64_t>(content.segments.size());
  result.keep = served.empty() || window_end >= served.end();
  return result;
}

}  // namespace manifests::hls
