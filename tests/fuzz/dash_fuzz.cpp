// libFuzzer target: the MPD parser, writer, segment addressing, DASH cue detection and
// the period-splitting stitch must never crash on any input, and parse -> write must
// be a fixed point.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "manifests/dash/cues.hpp"
#include "manifests/dash/segments.hpp"
#include "manifests/dash/stitch.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace dash = manifests::dash;
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto mpd = dash::Mpd::parse(text);
  if (!mpd) return 0;
  const auto written = mpd->write();
  auto again = dash::Mpd::parse(written);
  if (!again || again->write() != written) std::abort();

  for (const auto& period : mpd->periods()) {
    for (const auto& set : dash::children(period.node, "AdaptationSet")) {
      for (const auto& rep : dash::children(set, "Representation")) {
        const auto info = dash::segment_info(rep, period.duration);
        for (const auto& s : dash::list_segments(info, period.duration, 10'000)) {
          (void)dash::expand_template(info.media, rep.attribute("id").value(), s.number, s.time, 1);
        }
      }
    }
  }
  const auto report = dash::find_avails(*mpd);
  std::vector<dash::PeriodBreak> breaks;
  for (const auto& avail : report.avails) {
    if (avail.first_segment > avail.end_segment) std::abort();
    if (!breaks.empty() && avail.start < breaks.back().at + breaks.back().replaced) continue;
    dash::InsertedPeriod ad{avail.id + "-ad", manifests::Ticks{90000}, {}};
    ad.adaptation_sets.push_back({"video", "video/mp4", "", {{"v", 1, 2, 2, "avc1", 0, "https://ads/i.mp4",
                                                              {{"https://ads/1.m4s", manifests::Ticks{90000}}}}}});
    breaks.push_back({avail.id, avail.start, avail.content_duration, {ad}});
  }
  // Breaks outside the presentation are refused, never a crash.
  if (auto stitched = dash::stitch(*mpd, breaks)) (void)stitched->write();
  return 0;
}
