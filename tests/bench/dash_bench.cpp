// DASH hot paths: MPD parse, cue detection, period-splitting stitch and write, for a 2 h
// VOD MPD with SegmentTimeline and a live MPD window. BM_Baseline_XmlRoundTrip* parse
// and save the same text with pugixml alone: the floor any MPD stitcher pays, against
// which the others read as ratios (same process, same machine state).
#include <benchmark/benchmark.h>

#include <sstream>
#include <string>

#include "manifests/dash/cues.hpp"
#include "manifests/dash/stitch.hpp"

namespace {

using manifests::Ticks;
namespace dash = manifests::dash;

constexpr int kVodSegments = 1200;  // 2 h of ~6 s segments
constexpr const char* kCue = "/DAlAAAAAAAAAP/wFAUAAAABf+/+ACD1gP4AKTLgAAEBAQAAfTnbKw==";

// Video at 90 kHz alternating 6.006 / 5.994 s segments (no r run-lengths to lean on),
// audio at 48 kHz in AAC-framed 6.016 s segments; a 30 s break every 30 minutes.
std::string vod_mpd() {
  std::string video;
  for (int i = 0; i < kVodSegments; ++i) video += i % 2 ? "<S d=\"539460\"/>" : "<S d=\"540540\"/>";
  std::string events;
  for (int b = 0; b < 4; ++b) {
    events += "<Event presentationTime=\"" + std::to_string((b * 1800 + 900) * 90000LL) + "\" duration=\"2700000\" id=\"" +
              std::to_string(b) + "\"><scte35:Signal><scte35:Binary>" + kCue + "</scte35:Binary></scte35:Signal></Event>";
  }
  return R"(<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:scte35="http://www.scte.org/schemas/35/2016" type="static" mediaPresentationDuration="PT2H" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
<Period id="main"><EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="90000">)" +
         events + R"(</EventStream>
<AdaptationSet contentType="video" mimeType="video/mp4" segmentAlignment="true"><SegmentTemplate timescale="90000" media="v-$RepresentationID$-$Time$.m4s" initialization="v-$RepresentationID$.mp4"><SegmentTimeline><S t="0" d="540540"/>)" +
         video.substr(15) + R"(</SegmentTimeline></SegmentTemplate>
<Representation id="360p" bandwidth="800000" width="640" height="360" codecs="avc1.4d401e"/><Representation id="720p" bandwidth="2500000" width="1280" height="720" codecs="avc1.4d401f"/><Representation id="1080p" bandwidth="5000000" width="1920" height="1080" codecs="avc1.640028"/></AdaptationSet>
<AdaptationSet contentType="audio" mimeType="audio/mp4" lang="en"><SegmentTemplate timescale="48000" media="a-$Time$.m4s" initialization="a.mp4"><SegmentTimeline><S t="0" d="288768" r="1196"/></SegmentTimeline></SegmentTemplate>
<Representation id="a" bandwidth="96000" codecs="mp4a.40.2" audioSamplingRate="48000"/></AdaptationSet></Period></MPD>)";
}

// A live window: ten 6 s segments (59:54 to 60:54 into the stream), a 30 s break from
// 60:00, and the live edge at 61:00.
std::string live_mpd() {
  return std::string(R"(<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:scte35="http://www.scte.org/schemas/35/2016" type="dynamic" availabilityStartTime="2026-11-25T10:00:00Z" publishTime="2026-11-25T11:01:00Z" minimumUpdatePeriod="PT6S" timeShiftBufferDepth="PT60S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
<Period id="p0" start="PT0S"><EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="90000"><Event presentationTime="324000000" duration="2700000" id="9"><scte35:Signal><scte35:Binary>)") +
         kCue + R"(</scte35:Binary></scte35:Signal></Event></EventStream>
<AdaptationSet contentType="video" mimeType="video/mp4"><SegmentTemplate timescale="90000" media="v-$RepresentationID$-$Time$.m4s" initialization="v-$RepresentationID$.mp4"><SegmentTimeline><S t="323460000" d="540000" r="9"/></SegmentTimeline></SegmentTemplate>
<Representation id="360p" bandwidth="800000" width="640" height="360"/><Representation id="720p" bandwidth="2500000" width="1280" height="720"/></AdaptationSet>
<AdaptationSet contentType="audio" mimeType="audio/mp4"><SegmentTemplate timescale="90000" media="a-$Time$.m4s" initialization="a.mp4"><SegmentTimeline><S t="323460000" d="540000" r="9"/></SegmentTimeline></SegmentTemplate>
<Representation id="a" bandwidth="96000" audioSamplingRate="48000"/></AdaptationSet></Period></MPD>)";
}

dash::InsertedPeriod ad_period(const std::string& id) {
  dash::InsertedPeriod period{id, Ticks{15 * 90000}, {}};
  dash::AdRepresentation video{"360p", 800000, 640, 360, "avc1.4d401e", 0, "https://ads.example/c/360p/init.mp4", {}};
  for (int s = 0; s < 3; ++s) video.segments.push_back({"https://ssai.example/v1/segment/s/a/0/0/" + std::to_string(s) + ".m4s", Ticks{450000}});
  period.adaptation_sets.push_back({"video", "video/mp4", "", {video, video, video}});
  period.adaptation_sets.push_back({"audio", "audio/mp4", "en", {video}});
  return period;
}

void BM_Dash_ParseVod2h(benchmark::State& state) {
  const auto text = vod_mpd();
  for (auto _ : state) benchmark::DoNotOptimize(dash::Mpd::parse(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Dash_ParseVod2h)->Unit(benchmark::kMicrosecond);

// A parsed MPD copied: what stitching a kept parse would start with.
void BM_Dash_CopyVod2h(benchmark::State& state) {
  const auto mpd = dash::Mpd::parse(vod_mpd()).value();
  for (auto _ : state) {
    dash::Mpd copy = mpd;
    benchmark::DoNotOptimize(copy.root());
  }
}
BENCHMARK(BM_Dash_CopyVod2h)->Unit(benchmark::kMicrosecond);

void BM_Dash_CuesVod2h(benchmark::State& state) {
  const auto mpd = dash::Mpd::parse(vod_mpd()).value();
  for (auto _ : state) benchmark::DoNotOptimize(dash::find_avails(mpd));
}
BENCHMARK(BM_Dash_CuesVod2h)->Unit(benchmark::kMicrosecond);

// What a request for a stitched VOD MPD costs in manifests/: parse, cues, stitch 4
// breaks of 2 ad periods, write.
void BM_Dash_ParseStitchWriteVod2h(benchmark::State& state) {
  const auto text = vod_mpd();
  for (auto _ : state) {
    auto mpd = dash::Mpd::parse(text).value();
    std::vector<dash::PeriodBreak> breaks;
    for (const auto& avail : dash::find_avails(mpd).avails) {
      breaks.push_back({avail.id, avail.start, avail.content_duration, {ad_period(avail.id + "-ad0"), ad_period(avail.id + "-ad1")}});
    }
    benchmark::DoNotOptimize(dash::stitch(std::move(mpd), breaks).value().write());
  }
}
BENCHMARK(BM_Dash_ParseStitchWriteVod2h)->Unit(benchmark::kMicrosecond);

// What a request for a stitched VOD MPD costs the service, which parses an origin MPD
// and finds its cues once per version (ParsedMpd): copy it, stitch, write.
void BM_Dash_StitchWriteVod2h(benchmark::State& state) {
  const auto parsed = dash::Mpd::parse(vod_mpd()).value();
  std::vector<dash::PeriodBreak> breaks;
  for (const auto& avail : dash::find_avails(parsed).avails) {
    breaks.push_back({avail.id, avail.start, avail.content_duration, {ad_period(avail.id + "-ad0"), ad_period(avail.id + "-ad1")}});
  }
  for (auto _ : state) benchmark::DoNotOptimize(dash::stitch(parsed, breaks).value().write());
}
BENCHMARK(BM_Dash_StitchWriteVod2h)->Unit(benchmark::kMicrosecond);

// The same with 1 to 16 breaks in the 2 h: the cost grows by what each break adds
// (its ad periods), not by breaks times segments.
void BM_Dash_StitchBreaksVod2h(benchmark::State& state) {
  const auto parsed = dash::Mpd::parse(vod_mpd()).value();
  std::vector<dash::PeriodBreak> breaks;
  const auto count = state.range(0);
  for (std::int64_t b = 0; b < count; ++b) {
    const Ticks at{(7200LL * 90000 / count) * b + 60LL * 90000};
    const std::string id = "b" + std::to_string(b);
    breaks.push_back({id, at, Ticks{30LL * 90000}, {ad_period(id + "-ad0"), ad_period(id + "-ad1")}});
  }
  for (auto _ : state) benchmark::DoNotOptimize(dash::stitch(parsed, breaks).value().write());
}
BENCHMARK(BM_Dash_StitchBreaksVod2h)->Arg(1)->Arg(4)->Arg(16)->Unit(benchmark::kMicrosecond);

// What a reload of a stitched live MPD costs in manifests/: parse, cues, stitch the
// break (two ads, whose periods have begun) up to the live edge, write.
void BM_Dash_ParseStitchWriteLive(benchmark::State& state) {
  const auto text = live_mpd();
  const Ticks live_edge{3660LL * 90000};
  for (auto _ : state) {
    auto mpd = dash::Mpd::parse(text).value();
    std::vector<dash::PeriodBreak> breaks;
    for (const auto& avail : dash::find_avails(mpd).avails) {
      breaks.push_back({avail.id, avail.start, avail.duration, {ad_period(avail.id + "-ad0"), ad_period(avail.id + "-ad1")}});
    }
    benchmark::DoNotOptimize(dash::stitch(std::move(mpd), breaks, {false, live_edge}).value().write());
  }
}
BENCHMARK(BM_Dash_ParseStitchWriteLive)->Unit(benchmark::kMicrosecond);

void xml_round_trip(benchmark::State& state, const std::string& text) {
  for (auto _ : state) {
    pugi::xml_document doc;
    doc.load_buffer(text.data(), text.size());
    std::ostringstream out;
    doc.save(out, "  ");
    benchmark::DoNotOptimize(out.str());
  }
}

void BM_Baseline_XmlRoundTripVod2h(benchmark::State& state) { xml_round_trip(state, vod_mpd()); }
BENCHMARK(BM_Baseline_XmlRoundTripVod2h)->Unit(benchmark::kMicrosecond);

void BM_Baseline_XmlRoundTripLive(benchmark::State& state) { xml_round_trip(state, live_mpd()); }
BENCHMARK(BM_Baseline_XmlRoundTripLive)->Unit(benchmark::kMicrosecond);

}  // namespace
