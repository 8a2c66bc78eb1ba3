#include "adcache/streaming_adoption.hpp"

#include <catch2/catch.hpp>
#include <map>

namespace {

adcache::LadderSpec content_ladder() {
  adcache::LadderSpec ladder;
  ladder.segment_seconds = 6;
  ladder.rungs.push_back({"360p", 640, 360, 976000, 848000, "avc1.4d401e,mp4a.40.2", 25.0});
  ladder.rungs.push_back({"720p", 1280, 720, 2846000, 2718000, "avc1.4d401f,mp4a.40.2", 25.0});
  return ladder;
}

const std::string kMaster =
    "#EXTM3U\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\",FRAME-RATE=25\nlow/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,CODECS=\"avc1.4d401f,mp4a.40.2\",FRAME-RATE=25\nhigh/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080\nfull/index.m3u8\n";
const std::string kMedia =
    "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.000,\ns0.ts\n#EXTINF:4.000,\ns1.ts\n#EXT-X-ENDLIST\n";

struct FakeCdn {
  std::map<std::string, std::string> files;
  std::vector<std::string> asked;
  adcache::FetchText fetch() {
    return [this](const std::string& url) -> adcache::Result<std::string> {
      asked.push_back(url);
      auto it = files.find(url);
      if (it == files.end()) return adcache::fail(adcache::Errc::kUnusable, "HTTP 404 for " + url);
      return it->second;
    };
  }
};

FakeCdn cdn_with(const std::string& low_media) {
  FakeCdn cdn;
  cdn.files["http://ads.example/c/master.m3u8"] = kMaster;
  cdn.files["http://ads.example/c/low/index.m3u8"] = low_media;
  cdn.files["http://ads.example/c/high/index.m3u8"] = kMedia;
  return cdn;
}

std::string file(const adcache::Adoption& adoption, const std::string& name) {
  for (const auto& [path, text] : adoption.files) {
    if (path == name) return text;
  }
  return {};
}

}  // namespace

TEST_CASE("an HLS rendition set that fits the ladder is published as it is, segments on the ad's CDN") {
  auto cdn = cdn_with(kMedia);
  auto adoption = adcache::adopt_streaming(content_ladder(), "http://ads.example/c/master.m3u8", cdn.fetch());
  REQUIRE(adoption);
  CHECK(adoption->rung_names == std::vector<std::string>{"360p", "720p"});
  CHECK_THAT(file(*adoption, "360p/index.m3u8"), Catch::Contains("http://ads.example/c/low/s0.ts") &&
                                                     Catch::Contains("http://ads.example/c/low/s1.ts"));
  CHECK_THAT(file(*adoption, "720p/index.m3u8"), Catch::Contains("http://ads.example/c/high/s1.ts"));
  const auto master = file(*adoption, "master.m3u8");
  CHECK_THAT(master, Catch::Contains("RESOLUTION=640x360") && Catch::Contains("360p/index.m3u8") &&
                         Catch::Contains("720p/index.m3u8"));
  CHECK(cdn.asked.size() == 3);  // the 1080p variant the content lacks is not fetched
}

TEST_CASE("an HLS rendition set that does not fit says why") {
  auto reason = [](const std::string& low_media, adcache::LadderSpec ladder = content_ladder()) {
    auto cdn = cdn_with(low_media);
    auto adoption = adcache::adopt_streaming(ladder, "http://ads.example/c/master.m3u8", cdn.fetch());
    REQUIRE_FALSE(adoption);
    return adoption.error().detail;
  };
  CHECK_THAT(reason("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10.000,\ns0.ts\n#EXT-X-ENDLIST\n"), Catch::Contains("longer than the content's 6 s"));
  CHECK_THAT(reason("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.000,\ns0.ts\n"), Catch::Contains("not complete"));
  CHECK_THAT(reason("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6.000,\ns0.m4s\n#EXT-X-ENDLIST\n"),
             Catch::Contains("fMP4"));
  CHECK_THAT(reason("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n#EXTINF:6.000,\ns0.ts\n#EXT-X-ENDLIST\n"),
             Catch::Contains("encrypted"));
  auto sd_ladder = content_ladder();
  sd_ladder.rungs[0].width = 854;
  sd_ladder.rungs[0].height = 480;
  CHECK_THAT(reason(kMedia, sd_ladder), Catch::Contains("no 854x480 variant"));
  auto fast_ladder = content_ladder();
  fast_ladder.rungs[0].frame_rate = 50;
  CHECK_THAT(reason(kMedia, fast_ladder), Catch::Contains("different frame rate"));
  auto fmp4_ladder = content_ladder();
  fmp4_ladder.fmp4 = true;
  CHECK_THAT(reason(kMedia, fmp4_ladder), Catch::Contains("content is fMP4"));
}
