#include "ssai/fixture_live.hpp"

#include "manifests/hls/cues.hpp"
#include "manifests/scte35/encode.hpp"
#include "ssai/timestamp.hpp"

namespace ssai {
namespace {

using manifests::Ticks;

// Program dates count from here (the daterange dialect needs wall-clock dates).
constexpr std::int64_t kEpochMs = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

std::string iso_date(std::int64_t ms) { return utc_timestamp(ms); }

// The fixture content's segment length: an I-frame playlist's window spans this many
// times the window's segment count, published a segment at a time.
constexpr Ticks kWindowSegment{6 * 90000};

std::vector<std::uint8_t> splice_insert(std::uint32_t event_id, Ticks at, std::optional<Ticks> duration) {
  manifests::scte35::SpliceInsert insert;
  insert.splice_event_id = event_id;
  insert.out_of_network_indicator = duration.has_value();
  insert.program_splice_flag = true;
  insert.duration_flag = duration.has_value();
  insert.splice_time = manifests::scte35::SpliceTime{true, static_cast<std::uint64_t>(at.count()) % manifests::scte35::kPtsModulus};
  if (duration) insert.break_duration = manifests::scte35::BreakDuration{true, static_cast<std::uint64_t>(duration->count())};
  insert.unique_program_id = 1;
  insert.avail_num = 1;
  insert.avails_expected = 1;
  manifests::scte35::SpliceInfoSection section;
  section.splice_command_type = 0x05;
  section.splice_command = insert;
  auto bytes = manifests::scte35::encode(section);
  return bytes ? std::move(*bytes) : std::vector<std::uint8_t>{};
}

std::string hex(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out = "0x";
  for (auto b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

struct LoopBreak {
  std::size_t first = 0;  ///< segment of the loop
  std::size_t end = 0;
  Ticks planned{};
};

class Channel {
 public:
  Channel(const manifests::hls::MediaPlaylist& vod, const LiveChannelOptions& options) : vod_(vod), options_(options) {
    starts_.push_back(Ticks{});
    for (const auto& s : vod.segments) starts_.push_back(starts_.back() + s.duration);
    for (const auto& avail : manifests::hls::find_avails(vod).avails) {
      if (avail.end_segment > avail.first_segment) breaks_.push_back({avail.first_segment, avail.end_segment, avail.duration});
    }
  }

  [[nodiscard]] std::size_t size() const { return vod_.segments.size(); }
  [[nodiscard]] Ticks loop_length() const { return starts_.back(); }
  [[nodiscard]] Ticks start(std::int64_t k) const {
    return loop_length() * (k / static_cast<std::int64_t>(size())) + starts_[static_cast<std::size_t>(k) % size()];
  }

  /// The last segment complete at channel time `now`.
  [[nodiscard]] std::int64_t last_complete(Ticks now) const {
    const std::int64_t loops = now / loop_length();
    const Ticks into = now - loop_length() * loops;
    std::int64_t complete = 0;
    while (static_cast<std::size_t>(complete) < size() && starts_[static_cast<std::size_t>(complete) + 1] <= into) ++complete;
    return loops * static_cast<std::int64_t>(size()) + complete - 1;
  }

  [[nodiscard]] std::string segment(std::int64_t k, bool top) const {
    const auto i = static_cast<std::size_t>(k) % size();
    const std::int64_t loop = k / static_cast<std::int64_t>(size());
    std::string text;
    if (i == 0 && loop > 0) text += "#EXT-X-DISCONTINUITY\n";
    if (options_.dialect == LiveCueDialect::kDateRange) {
      text += "#EXT-X-PROGRAM-DATE-TIME:" + iso_date(kEpochMs + start(k).count() / 90) + "\n";
    }
    if (options_.dialect != LiveCueDialect::kNone) {
      for (std::size_t b = 0; b < breaks_.size(); ++b) text += cue_tags(k, loop, b, top);
    }
    const auto& s = vod_.segments[i];
    const std::string uri(s.uri);
    text += "#EXTINF:" + manifests::format_seconds(s.duration) + ",\n";
    // An I-frame playlist's entries are byte ranges (with offsets: they restart each loop).
    if (const auto* range = s.find(manifests::hls::kByteRange); range && range->value) {
      text += "#EXT-X-BYTERANGE:" + std::string(*range->value) + "\n";
    }
    text += (uri.find("://") == std::string::npos ? options_.segment_base + uri : uri) + "\n";
    return text;
  }

 private:
  std::string cue_tags(std::int64_t k, std::int64_t loop, std::size_t b, bool top) const {
    const auto& brk = breaks_[b];
    const auto n = static_cast<std::int64_t>(size());
    const std::int64_t first = loop * n + static_cast<std::int64_t>(brk.first);
    // The segment after the break may open the next loop.
    const std::int64_t end = loop * n + static_cast<std::int64_t>(brk.end);
    const std::int64_t previous_first = (loop - 1) * n + static_cast<std::int64_t>(brk.first);
    const std::int64_t previous_end = (loop - 1) * n + static_cast<std::int64_t>(brk.end);
    const auto event_id = static_cast<std::uint32_t>(loop * 16 + static_cast<std::int64_t>(b) + 1);
    const std::string planned = manifests::format_seconds(brk.planned);
    if (k == previous_end && previous_end >= n * loop) return cue_in(previous_first, event_id - 16);
    if (k == end) return cue_in(first, event_id);
    if (k < first || k >= end) return {};
    const auto out = splice_insert(event_id, start(first), brk.planned);
    const std::string elapsed = manifests::format_seconds(start(k) - start(first));
    switch (options_.dialect) {
      case LiveCueDialect::kCueOut:
        return k == first ? "#EXT-X-CUE-OUT:DURATION=" + planned + "\n"
                          : "#EXT-X-CUE-OUT-CONT:ElapsedTime=" + elapsed + ",Duration=" + planned + "\n";
      case LiveCueDialect::kElemental:
        return k == first ? "#EXT-OATCLS-SCTE35:" + manifests::scte35::to_base64(out) + "\n#EXT-X-CUE-OUT:" + planned + "\n"
                          : "#EXT-X-CUE-OUT-CONT:ElapsedTime=" + elapsed + ",Duration=" + planned +
                                ",SCTE35=" + manifests::scte35::to_base64(out) + "\n";
      case LiveCueDialect::kUnsignalled:
        return k == first ? std::string("#EXT-X-CUE-OUT\n") : "#EXT-X-CUE-OUT-CONT:ElapsedTime=" + elapsed + "\n";
      case LiveCueDialect::kNone:
        return {};
      case LiveCueDialect::kDateRange:
        // Restated at the top while the break lasts: its start has scrolled away.
        if (k != first && !top) return {};
        return "#EXT-X-DATERANGE:ID=\"splice-" + std::to_string(event_id) + "\",START-DATE=\"" +
               iso_date(kEpochMs + start(first).count() / 90) + "\",PLANNED-DURATION=" + planned + ",SCTE35-OUT=" + hex(out) + "\n";
    }
    return {};
  }

  std::string cue_in(std::int64_t first, std::uint32_t event_id) const {
    if (options_.dialect != LiveCueDialect::kDateRange) return "#EXT-X-CUE-IN\n";
    const Ticks end = start(first) + planned_at(first);
    return "#EXT-X-DATERANGE:ID=\"splice-" + std::to_string(event_id) + "\",START-DATE=\"" +
           iso_date(kEpochMs + start(first).count() / 90) + "\",END-DATE=\"" + iso_date(kEpochMs + end.count() / 90) +
           "\",SCTE35-IN=" + hex(splice_insert(event_id, end, std::nullopt)) + "\n";
  }

  Ticks planned_at(std::int64_t first) const {
    const auto i = static_cast<std::size_t>(first) % size();
    for (const auto& b : breaks_) {
      if (b.first == i) return b.planned;
    }
    return Ticks{};
  }

  const manifests::hls::MediaPlaylist& vod_;
  const LiveChannelOptions& options_;
  std::vector<Ticks> starts_;  ///< of each segment in a loop, and the loop's end
  std::vector<LoopBreak> breaks_;
};

}  // namespace

std::optional<LiveCueDialect> live_cue_dialect(std::string_view name) {
  if (name == "cue-out") return LiveCueDialect::kCueOut;
  if (name == "elemental") return LiveCueDialect::kElemental;
  if (name == "daterange") return LiveCueDialect::kDateRange;
  if (name == "unsignalled") return LiveCueDialect::kUnsignalled;
  if (name == "none") return LiveCueDialect::kNone;
  return std::nullopt;
}

Result<std::string> live_window(const manifests::hls::MediaPlaylist& vod, double seconds, const LiveChannelOptions& options) {
  if (vod.segments.empty() || options.window == 0) return fail(Errc::kBadRequest, "a live channel needs segments");
  const Channel channel(vod, options);
  if (channel.loop_length().count() <= 0) return fail(Errc::kBadRequest, "a live channel needs segments that last");
  const auto window = static_cast<std::int64_t>(options.window);
  // The channel starts with a window already made; one clock for every rendition and
  // for the DASH channel.
  Ticks now = Ticks{kLiveLeadMs * 90} + Ticks{static_cast<std::int64_t>(std::max(seconds, 0.0) * 90000)};
  const Ticks span = kWindowSegment * window;
  // An I-frame playlist lists the I-frames of the segments' window, published with them
  // as each segment completes.
  const bool iframes = manifests::hls::is_iframes_only(vod);
  if (iframes) now -= now % kWindowSegment;
  const std::int64_t last = channel.last_complete(now);
  const std::int64_t first = iframes ? std::max<std::int64_t>(0, channel.last_complete(now - span) + 1)
                                     : std::max<std::int64_t>(0, last - window + 1);
  const auto n = static_cast<std::int64_t>(channel.size());
  std::string text = "#EXTM3U\n#EXT-X-VERSION:" + std::string(iframes ? "4" : "3") +
                     "\n#EXT-X-TARGETDURATION:" + std::to_string(vod.target_duration) +
                     "\n#EXT-X-MEDIA-SEQUENCE:" + std::to_string(first) +
                     "\n#EXT-X-DISCONTINUITY-SEQUENCE:" + std::to_string(first > 0 ? (first - 1) / n : 0) + "\n" +
                     (iframes ? "#EXT-X-I-FRAMES-ONLY\n" : "");
  for (std::int64_t k = first; k <= last; ++k) text += channel.segment(k, k == first);
  return text;
}

}  // namespace ssai
