// Hot paths of manifests/: SCTE-35 decode, HLS parse/write/stitch, cue detection.
// BM_Baseline_* run in the same process so results can be read as ratios on a noisy
// machine: a bare string splice with no model is the floor for "stitch a playlist".
#include <benchmark/benchmark.h>

#include <string>

#include "manifests/hls/cues.hpp"
#include "manifests/hls/live_stitch.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/stitch.hpp"
#include "manifests/hls/writer.hpp"
#include "manifests/scte35/decode.hpp"

namespace {

using manifests::Ticks;
namespace hls = manifests::hls;

constexpr int kVodSegments = 1200;  // 2 h of 6 s segments
constexpr int kBreakEvery = 240;    // 4 breaks of 30 s (5 segments) in 2 h

std::string vod_playlist() {
  std::string text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n";
  for (int i = 0; i < kVodSegments; ++i) {
    if (i % kBreakEvery == 120) text += "#EXT-X-CUE-OUT:DURATION=30\n";
    if (i % kBreakEvery == 125) text += "#EXT-X-CUE-IN\n";
    text += "#EXTINF:6.006,\nhttps://cdn.example.com/vod/asset-1234/1080p/segment_" + std::to_string(100000 + i) + ".ts\n";
  }
  return text + "#EXT-X-ENDLIST\n";
}

// Ten 6 s segments from media sequence 48210 + `step`; a 30 s break at 48214.
std::string live_playlist(int step = 0) {
  std::string text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:" +
                     std::to_string(48210 + step) + "\n";
  for (int i = step; i < step + 10; ++i) {
    if (i == 4) text += "#EXT-X-CUE-OUT:DURATION=30\n";
    text += "#EXT-X-PROGRAM-DATE-TIME:2026-11-25T10:0" + std::to_string((10 + i * 6) / 60) + ":" +
            (((10 + i * 6) % 60) < 10 ? "0" : "") + std::to_string((10 + i * 6) % 60) + ".000Z\n";
    text += "#EXTINF:6.006,\nhttps://cdn.example.com/live/ch1/720p/segment_" + std::to_string(48210 + i) + ".ts\n";
  }
  return text;
}

// Four ads of 15 + 10 + 5 s in each break, as the service would put them.
std::vector<hls::BreakFill> fills_for(const hls::MediaPlaylist& playlist) {
  std::vector<hls::BreakFill> fills;
  for (const auto& avail : hls::find_avails(playlist).avails) {
    hls::BreakFill fill{avail.first_segment, avail.end_segment, {}};
    for (int ad = 0; ad < 3; ++ad) {
      for (int n = 0; n < 2; ++n) {
        fill.segments.push_back({"https://ssai.example.com/v1/segment/0123456789abcdef0123456789abcdef/t0/" +
                                     std::to_string(ad) + "/1/" + std::to_string(n) + ".ts",
                                 Ticks{450000}, n == 0});
      }
    }
    fills.push_back(std::move(fill));
  }
  return fills;
}

void BM_Scte35_Decode(benchmark::State& state) {
  const auto bytes = *manifests::scte35::bytes_from_text("/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==");
  for (auto _ : state) benchmark::DoNotOptimize(manifests::scte35::decode(bytes));
}
BENCHMARK(BM_Scte35_Decode);

void BM_Hls_ParseVod2h(benchmark::State& state) {
  const auto text = vod_playlist();
  for (auto _ : state) benchmark::DoNotOptimize(hls::parse_media(text));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_Hls_ParseVod2h)->Unit(benchmark::kMicrosecond);

void BM_Hls_WriteVod2h(benchmark::State& state) {
  const auto playlist = *hls::parse_media(vod_playlist());
  std::string out;
  for (auto _ : state) {
    out.clear();
    hls::write_to(out, playlist);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Hls_WriteVod2h)->Unit(benchmark::kMicrosecond);

void BM_Hls_StitchAndWriteVod2h(benchmark::State& state) {
  const auto playlist = *hls::parse_media(vod_playlist());
  const auto fills = fills_for(playlist);
  std::string out;
  for (auto _ : state) {
    auto stitched = hls::stitch(playlist, fills);
    out.clear();
    hls::write_to(out, *stitched);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Hls_StitchAndWriteVod2h)->Unit(benchmark::kMicrosecond);

void BM_Hls_WriteStitchedVod2h(benchmark::State& state) {
  const auto playlist = *hls::parse_media(vod_playlist());
  const auto stitched = *hls::stitch(playlist, fills_for(playlist));
  std::string out;
  for (auto _ : state) {
    out.clear();
    hls::write_to(out, stitched);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Hls_WriteStitchedVod2h)->Unit(benchmark::kMicrosecond);

void BM_Hls_CuesVod2h(benchmark::State& state) {
  const auto playlist = *hls::parse_media(vod_playlist());
  for (auto _ : state) benchmark::DoNotOptimize(hls::find_avails(playlist));
}
BENCHMARK(BM_Hls_CuesVod2h)->Unit(benchmark::kMicrosecond);

void BM_Hls_ParseLive10(benchmark::State& state) {
  const auto text = live_playlist();
  for (auto _ : state) benchmark::DoNotOptimize(hls::parse_media(text));
}
BENCHMARK(BM_Hls_ParseLive10);

void BM_Hls_CuesLive10(benchmark::State& state) {
  const auto playlist = *hls::parse_media(live_playlist());
  for (auto _ : state) benchmark::DoNotOptimize(hls::find_avails(playlist));
}
BENCHMARK(BM_Hls_CuesLive10);

// What the service does per live reload: the session's ledger decoded, the window's
// break filled, stitched on from the ledger, the new ledger encoded, the playlist written.
std::vector<hls::LiveBreak> live_breaks_for(const hls::MediaPlaylist& playlist) {
  std::vector<hls::LiveBreak> breaks;
  for (auto& fill : fills_for(playlist)) {
    breaks.push_back({"p1764064834000", fill.first_segment, fill.end_segment, {}, false, false, std::move(fill.segments), "0.1.2.s0"});
  }
  return breaks;
}

void BM_Hls_LiveReload10(benchmark::State& state) {
  const auto earlier = *hls::parse_media(live_playlist(0));
  const auto ledger_text = hls::stitch_live(earlier, live_breaks_for(earlier), std::nullopt)->ledger.encode();
  const auto playlist = *hls::parse_media(live_playlist(1));
  const auto breaks = live_breaks_for(playlist);
  std::string out;
  for (auto _ : state) {
    auto stitched = hls::stitch_live(playlist, breaks, hls::LiveLedger::decode(ledger_text).value());
    benchmark::DoNotOptimize(stitched->ledger.encode());
    out.clear();
    hls::write_to(out, stitched->playlist);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Hls_LiveReload10);

void BM_Hls_WriteStitchedLive10(benchmark::State& state) {
  const auto playlist = *hls::parse_media(live_playlist());
  const auto stitched = hls::stitch_live(playlist, live_breaks_for(playlist), std::nullopt)->playlist;
  std::string out;
  for (auto _ : state) {
    out.clear();
    hls::write_to(out, stitched);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Hls_WriteStitchedLive10);

// The floor: find each CUE-OUT line in the text and splice ad lines in with string
// operations, no model, no cue semantics.
void BM_Baseline_StringSpliceVod2h(benchmark::State& state) {
  const auto text = vod_playlist();
  std::string ads;
  for (int n = 0; n < 6; ++n) ads += "#EXTINF:5.000,\nhttps://ssai.example.com/v1/segment/0123456789abcdef0123456789abcdef/t0/0/1/" + std::to_string(n) + ".ts\n";
  std::string out;
  for (auto _ : state) {
    out.clear();
    out.reserve(text.size() + 4 * ads.size());
    std::size_t pos = 0;
    for (auto cue = text.find("#EXT-X-CUE-OUT", pos); cue != std::string::npos; cue = text.find("#EXT-X-CUE-OUT", pos)) {
      out.append(text, pos, cue - pos);
      out += ads;
      pos = text.find('\n', cue) + 1;
    }
    out.append(text, pos);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Baseline_StringSpliceVod2h)->Unit(benchmark::kMicrosecond);

// The floor for a live reload: the same window (BM_Hls_LiveReload10's), its break's five
// segments replaced by the six ad lines with string operations; no ledger, no model.
void BM_Baseline_StringSpliceLive10(benchmark::State& state) {
  const auto text = live_playlist(1);
  std::string ads;
  for (int n = 0; n < 6; ++n) {
    ads += "#EXT-X-DISCONTINUITY\n#EXTINF:5.000,\nhttps://ssai.example.com/v1/segment/0123456789abcdef0123456789abcdef/t0/0/1/" +
           std::to_string(n) + ".ts\n";
  }
  std::string out;
  for (auto _ : state) {
    out.clear();
    out.reserve(text.size() + ads.size());
    const auto cue = text.find("#EXT-X-CUE-OUT");
    out.append(text, 0, cue);
    out += ads;
    // Past the break's five segments (date, duration and URI lines each).
    auto pos = text.find('\n', cue) + 1;
    for (int line = 0; line < 15; ++line) pos = text.find('\n', pos) + 1;
    out.append(text, pos);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Baseline_StringSpliceLive10);

}  // namespace

BENCHMARK_MAIN();
