// libFuzzer target: the HLS parser, writer, cue detection, stitcher and URI resolution
// must never crash on any input, and parse -> write must be a fixed point.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "manifests/hls/cues.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/stitch.hpp"
#include "manifests/hls/uris.hpp"
#include "manifests/hls/writer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace hls = manifests::hls;
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (auto master = hls::parse_master(text)) {
    (void)hls::make_uris_absolute(*master, "https://origin.example/a/master.m3u8");
    (void)hls::write(*master);
  }
  auto playlist = hls::parse_media(text);
  if (!playlist) return 0;
  const auto written = hls::write(*playlist);
  auto again = hls::parse_media(written);
  if (!again || hls::write(*again) != written) std::abort();

  const auto report = hls::find_avails(*playlist);
  std::vector<hls::BreakFill> fills;
  for (const auto& avail : report.avails) {
    if (avail.first_segment > avail.end_segment || avail.end_segment > playlist->segments.size()) std::abort();
    if (!fills.empty() && avail.first_segment < fills.back().end_segment) continue;
    fills.push_back({avail.first_segment, avail.end_segment, {{"https://ads/a.ts", manifests::Ticks{90000}, true}}});
  }
  if (!hls::stitch(*playlist, fills)) std::abort();
  (void)hls::make_uris_absolute(*playlist, "https://origin.example/a/b/index.m3u8?t=1");
  return 0;
}
