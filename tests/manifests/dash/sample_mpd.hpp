#pragma once
// A 60 s VOD MPD as ffmpeg's dash muxer writes them: video by $Number$ and @duration
// (6 s at 12800 Hz), audio by SegmentTimeline (AAC framing: 6.016 s segments), and a
// 30 s break at 24 s as a 2014:xml+bin EventStream (splice_insert, out of network).
#include <string>

namespace dash_samples {

// splice_insert event 1, out of network, pts 24 s, break_duration 30 s, auto return.
inline constexpr const char* kCue = "/DAlAAAAAAAAAP/wFAUAAAABf+/+ACD1gP4AKTLgAAEBAQAAfTnbKw==";

inline std::string vod_mpd(const std::string& events = std::string(R"(
    <EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="90000">
      <Event presentationTime="2160000" duration="2700000" id="1"><scte35:Signal><scte35:Binary>)") + kCue +
                                                      "</scte35:Binary></scte35:Signal></Event>\n    </EventStream>") {
  return R"(<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:scte35="http://www.scte.org/schemas/35/2016" type="static" mediaPresentationDuration="PT60S" minBufferTime="PT2S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
  <ProgramInformation><Title>fixture</Title></ProgramInformation>
  <Period id="main" start="PT0S">)" +
         events + R"(
    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1">
      <SegmentTemplate timescale="12800" duration="76800" startNumber="1" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Number%05d$.m4s"/>
      <Representation id="v0" bandwidth="800000" width="640" height="360" codecs="avc1.4d401e"/>
      <Representation id="v1" bandwidth="2500000" width="1280" height="720" codecs="avc1.4d401f"/>
    </AdaptationSet>
    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="en">
      <SegmentTemplate timescale="48000" initialization="init-$RepresentationID$.m4s" media="chunk-$RepresentationID$-$Time$.m4s">
        <SegmentTimeline><S t="0" d="288768" r="8"/><S d="281088"/></SegmentTimeline>
      </SegmentTemplate>
      <Representation id="a0" bandwidth="96000" codecs="mp4a.40.2" audioSamplingRate="48000"/>
    </AdaptationSet>
  </Period>
</MPD>
)";
}

}  // namespace dash_samples
