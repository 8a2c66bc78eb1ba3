#pragma once
// The origin the guided tests play (guided_test.cpp, guided_dash_test.cpp): a VOD
// content of ten 6 s segments with a 30 s break at 24 s, as HLS and as DASH; a VAST pod
// of two ads and those ads and a slate written as a conditioning worker publishes them
// (playlists only: nothing here fetches a segment's bytes); the service over it with a
// guided, a player_select and a stitched configuration, and guided ones whose ad server
// has nothing ready ("bare") or nothing at all ("unfilled"), and one whose threshold
// leaves the break to its content ("short"), one whose breaks a VMAP schedules
// ("scheduled"), and one with a live pre-roll of at most 30 s ("prerolled").
#include <rapidjson/document.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/files.hpp"
#include "support/in_process.hpp"

namespace test_support {

// A published creative: a master of one 360p rung, its segments `durations` long; fMP4
// (as for DASH, under "{key}.dash") when `fmp4`.
inline void publish(const std::filesystem::path& ads, const std::string& key, const std::vector<int>& durations,
                    bool fmp4 = false) {
  write_file(ads / key / "master.m3u8",
             "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=976000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\"\n360p/index.m3u8\n");
  std::string rung = "#EXTM3U\n#EXT-X-VERSION:" + std::string(fmp4 ? "7" : "3") + "\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n";
  if (fmp4) rung += "#EXT-X-MAP:URI=\"init.mp4\"\n";
  for (std::size_t n = 0; n < durations.size(); ++n) {
    rung += "#EXTINF:" + std::to_string(durations[n]) + ".000,\nseg_00" + std::to_string(n) + (fmp4 ? ".m4s\n" : ".ts\n");
  }
  write_file(ads / key / "360p" / "index.m3u8", rung + "#EXT-X-ENDLIST\n");
}

inline std::string inline_ad(const std::string& key, int seconds, int sequence) {
  return "<Ad id=\"" + key + "\" sequence=\"" + std::to_string(sequence) + "\"><InLine><AdSystem>test</AdSystem><AdTitle>" + key + "</AdTitle>"
         "<Impression><![CDATA[{{FIXTURE_BASE}}/track/impression?ad=" + key + "]]></Impression><Creatives><Creative><Linear>"
         "<Duration>00:00:" + std::to_string(seconds) + "</Duration><MediaFiles><MediaFile delivery=\"progressive\" "
         "type=\"video/mp4\" width=\"1280\" height=\"720\"><![CDATA[{{FIXTURE_BASE}}/creatives/" + key +
         ".mp4]]></MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad>";
}

// The origin (content, VAST) and the conditioned ads, under one directory the fixture
// server serves.
struct Origin {
  test_support::TempDir dir;
  Origin() {
    const auto root = dir.path();
    write_file(root / "content" / "master.m3u8",
               "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=976000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\"\n360p/index.m3u8\n");
    std::string media = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n";
    for (int i = 0; i < 10; ++i) {
      if (i == 4) media += "#EXT-X-CUE-OUT:DURATION=30\n";
      if (i == 9) media += "#EXT-X-CUE-IN\n";
      media += "#EXTINF:6.000,\nseg_00" + std::to_string(i) + ".ts\n";
    }
    write_file(root / "content" / "360p" / "index.m3u8", media + "#EXT-X-ENDLIST\n");
    write_file(root / "vast" / "pod.xml", "<VAST version=\"4.2\">" + inline_ad("bars-15", 15, 1) + inline_ad("blue-10", 10, 2) + "</VAST>\n");
    write_file(root / "vast" / "empty.xml", "<VAST version=\"4.2\"/>\n");
    // A schedule: the pod before the content, a 10 s ad at half time (inline), the pod
    // after it.
    auto adbreak = [](const std::string& offset, const std::string& source) {
      return "<vmap:AdBreak timeOffset=\"" + offset + "\" breakType=\"linear\"><vmap:AdSource>" + source + "</vmap:AdSource></vmap:AdBreak>";
    };
    const std::string pod = "<vmap:AdTagURI templateType=\"vast3\"><![CDATA[{{FIXTURE_BASE}}/vast/pod.xml]]></vmap:AdTagURI>";
    write_file(root / "vast" / "schedule.xml",
               "<vmap:VMAP xmlns:vmap=\"http://www.iab.net/videoadvertising\" version=\"1.0\">" + adbreak("start", pod) +
                   adbreak("50%", "<vmap:VASTAdData><VAST version=\"4.2\">" + inline_ad("blue-10", 10, 1) + "</VAST></vmap:VASTAdData>") +
                   adbreak("end", pod) + "</vmap:VMAP>\n");
    write_file(root / "vast" / "unconditioned.xml", "<VAST version=\"4.2\">" + inline_ad("never-seen", 10, 1) + "</VAST>\n");
    publish(root / "ads", "bars-15", {6, 6, 3});
    publish(root / "ads", "blue-10", {6, 4});
    publish(root / "ads", "slate", {6});
    // The same as DASH: ten 6 s segments, the break a SCTE-35 splice_insert at 24 s for
    // 30 s (the fixture channel's), and the ads conditioned for DASH.
    write_file(root / "content" / "dash" / "manifest.mpd",
               R"(<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" )"
               R"(profiles="urn:mpeg:dash:profile:isoff-live:2011" minBufferTime="PT2S" mediaPresentationDuration="PT60S">)"
               R"(<Period id="0" start="PT0S"><EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="90000">)"
               R"(<Event presentationTime="2160000" duration="2700000" id="1"><Signal xmlns="http://www.scte.org/schemas/35/2016">)"
               R"(<Binary>/DAlAAAAAAAAAP/wFAUAAAABf+/+ACLhsP4AKTLgAAEBAQAAan2ong==</Binary></Signal></Event></EventStream>)"
               R"(<AdaptationSet contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1">)"
               R"(<Representation id="v" bandwidth="976000" width="640" height="360" codecs="avc1.4d401e">)"
               R"(<SegmentTemplate timescale="1000" duration="6000" initialization="init.mp4" media="$Number$.m4s" startNumber="1"/>)"
               R"(</Representation></AdaptationSet></Period></MPD>)");
    publish(root / "ads", "bars-15.dash", {6, 6, 3}, true);
    publish(root / "ads", "blue-10.dash", {6, 4}, true);
  }
};

struct Guided {
  Origin origin;
  test_support::InProcessService service{
      R"("playback_configurations": {)"
      R"("guided": {"content_origin": "{fx}/", "insertion_mode": "guided",)"
      R"( "ad_decision_server": "{fx}/vast/pod.xml?session=[session.id]",)"
      R"( "slate_url": "{fx}/creatives/slate.mp4"},)"
      R"("bare": {"content_origin": "{fx}/", "insertion_mode": "guided", "ad_decision_server": "{fx}/vast/unconditioned.xml"},)"
      R"("unfilled": {"content_origin": "{fx}/", "insertion_mode": "guided", "ad_decision_server": "{fx}/vast/empty.xml",)"
      R"( "slate_url": "{fx}/creatives/slate.mp4"},)"
      R"("scheduled": {"content_origin": "{fx}/", "insertion_mode": "guided", "vod_ad_schedule": "vmap",)"
      R"( "ad_decision_server": "{fx}/vast/schedule.xml?session=[session.id]", "slate_url": "{fx}/creatives/slate.mp4"},)"
      R"("short": {"content_origin": "{fx}/", "insertion_mode": "guided", "ad_decision_server": "{fx}/vast/pod.xml",)"
      R"( "slate_url": "{fx}/creatives/slate.mp4", "personalization_threshold_ms": 40000},)"
      R"("prerolled": {"content_origin": "{fx}/", "insertion_mode": "guided", "ad_decision_server": "{fx}/vast/pod.xml",)"
      R"( "live_preroll": {"ad_decision_server": "{fx}/vast/pod.xml?preroll=[session.id]", "max_duration_seconds": 30}},)"
      R"("select": {"content_origin": "{fx}/", "ad_decision_server": "{fx}/vast/pod.xml", "insertion_mode": "player_select"},)"
      R"("stitched": {"content_origin": "{fx}/", "ad_decision_server": "{fx}/vast/pod.xml"}})",
      origin.dir.path().string(), (origin.dir.path() / "ads").string()};

  struct Started {
    std::string id;
    std::string master;
  };
  Started start(const std::string& config = "guided", const std::string& content = "content/master.m3u8") {
    const auto master = service.get("/v1/master/" + config + "/" + content);
    REQUIRE(master.status == 200);
    std::smatch id;
    REQUIRE(std::regex_search(master.body, id, std::regex("#EXT-X-DEFINE:NAME=\"ssai_session\",VALUE=\"([0-9a-f]{32})\"")));
    return {id[1].str(), master.body};
  }
  static std::string header(const ssai::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return {};
  }
  // The asset list URL of the break, for a session (the player substitutes the variable).
  static std::string asset_list_for(const std::string& playlist, const std::string& session) {
    std::smatch url;
    REQUIRE(std::regex_search(playlist, url, std::regex("X-ASSET-LIST=\"([^\"]+)\"")));
    return std::regex_replace(url[1].str(), std::regex("\\{\\$ssai_session\\}"), session);
  }
};

inline rapidjson::Document json_of(const ssai::Response& response) {
  REQUIRE(response.status == 200);
  rapidjson::Document doc;
  doc.Parse(response.body.c_str());
  REQUIRE(doc.IsObject());
  return doc;
}

}  // namespace test_support
