#include "manifests/hls/parser.hpp"

#include <catch2/catch.hpp>

#include "manifests/hls/attributes.hpp"
#include "manifests/hls/writer.hpp"

using namespace manifests::hls;
using manifests::Ticks;

namespace {

constexpr const char* kMediaText =
    "#EXTM3U\n"
    "#EXT-X-VERSION:3\n"
    "#EXT-X-TARGETDURATION:6\n"
    "#EXT-X-MEDIA-SEQUENCE:0\n"
    "#EXT-X-PLAYLIST-TYPE:VOD\n"
    "#EXT-X-INDEPENDENT-SEGMENTS\n"
    "#EXTINF:6.000,\n"
    "seg_000.ts\n"
    "#EXT-X-CUE-OUT:DURATION=30\n"
    "#EXTINF:6.000,title here\n"
    "seg_001.ts\n"
    "#EXT-X-DISCONTINUITY\n"
    "#EXT-X-CUE-IN\n"
    "#EXTINF:5.005,\n"
    "seg_002.ts\n"
    "#EXT-X-ENDLIST\n";

}  // namespace

TEST_CASE("a canonical media playlist round-trips byte for byte") {
  auto playlist = parse_media(kMediaText);
  REQUIRE(playlist);
  CHECK(playlist->version == 3);
  CHECK(playlist->target_duration == 6);
  CHECK(playlist->playlist_type == "VOD");
  CHECK(playlist->endlist);
  REQUIRE(playlist->segments.size() == 3);
  REQUIRE(playlist->header.size() == 5);
  CHECK(playlist->header[4] == Tag{"#EXT-X-INDEPENDENT-SEGMENTS", std::nullopt});
  CHECK(playlist->warnings.empty());
  CHECK(playlist->segments[1].tags == std::vector<Tag>{{"#EXT-X-CUE-OUT", "DURATION=30"}});
  CHECK(playlist->segments[1].duration_text == "6.000");
  CHECK(playlist->segments[1].title == "title here");
  CHECK(playlist->segments[2].discontinuity());
  CHECK(playlist->segments[2].duration == Ticks{450450});
  CHECK(write(*playlist) == kMediaText);
  CHECK(total_duration(*playlist) == Ticks{90000 * 17 + 450});
}

TEST_CASE("CRLF line endings and blank lines are accepted") {
  auto playlist = parse_media("#EXTM3U\r\n\r\n#EXT-X-TARGETDURATION:4\r\n#EXTINF:4,\r\na.ts\r\n");
  REQUIRE(playlist);
  REQUIRE(playlist->segments.size() == 1);
  CHECK(playlist->segments[0].uri == "a.ts");
}

TEST_CASE("malformed media playlists get a clear error") {
  CHECK(parse_media("").error().code == manifests::Errc::kNotAPlaylist);
  CHECK(parse_media("<html>").error().code == manifests::Errc::kNotAPlaylist);
  CHECK(parse_media("#EXTM3U\n#EXTINF:6,\na.ts\n").error().code == manifests::Errc::kMissingTag);
  auto no_extinf = parse_media("#EXTM3U\n#EXT-X-TARGETDURATION:6\na.ts\n");
  REQUIRE_FALSE(no_extinf);
  CHECK_THAT(no_extinf.error().detail, Catch::Contains("line 3"));
  CHECK_FALSE(parse_media("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:six,\na.ts\n"));
  CHECK_FALSE(parse_media("#EXTM3U\n#EXT-X-TARGETDURATION:-6\n"));
  // A playlist cut short after its last EXTINF: the incomplete segment is dropped.
  auto cut = parse_media("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\na.ts\n#EXTINF:6,\n");
  REQUIRE(cut);
  CHECK(cut->segments.size() == 1);
  CHECK_THAT(cut->warnings.at(0), Catch::Contains("dropped"));
}

TEST_CASE("master playlists keep every line in order") {
  constexpr const char* kMaster =
      "#EXTM3U\n"
      "#EXT-X-VERSION:3\n"
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aac\",NAME=\"English\",URI=\"audio/en.m3u8\"\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=976000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\"\n"
      "360p/index.m3u8\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=2846000,RESOLUTION=1280x720,CODECS=\"avc1.4d401f,mp4a.40.2\"\n"
      "720p/index.m3u8\n";
  REQUIRE(is_master(kMaster));
  CHECK_FALSE(is_master(kMediaText));
  auto master = parse_master(kMaster);
  REQUIRE(master);
  REQUIRE(master->entries.size() == 4);
  CHECK(master->entries[2].uri == "360p/index.m3u8");
  CHECK(write(*master) == kMaster);
  CHECK_FALSE(parse_master("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n"));
  CHECK_FALSE(parse_master("#EXTM3U\nstray.m3u8\n"));
}

TEST_CASE("attribute lists: quoted commas, integers, resolution, edits") {
  auto list = AttributeList::parse(R"(BANDWIDTH=976000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2",URI="a.m3u8")");
  REQUIRE(list);
  CHECK(list->integer("BANDWIDTH") == 976000);
  CHECK(list->text("CODECS") == "avc1.4d401e,mp4a.40.2");
  CHECK(list->raw("CODECS") == "\"avc1.4d401e,mp4a.40.2\"");
  CHECK(list->resolution()->height == 360);
  CHECK_FALSE(list->integer("CODECS"));
  list->set_quoted("URI", "http://o/a.m3u8");
  CHECK(list->to_string() == R"(BANDWIDTH=976000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2",URI="http://o/a.m3u8")");
  CHECK_FALSE(AttributeList::parse(R"(A="unterminated)"));
  CHECK_FALSE(AttributeList::parse("=1"));
  CHECK_FALSE(AttributeList::parse(R"(A="x"y)"));
}

TEST_CASE("lossless: tag order, tags between EXTINF and URI, LL-HLS tags, comments") {
  const std::string text =
      "#EXTM3U\n"
      "#EXT-X-TARGETDURATION:4\n"
      "#EXT-X-VERSION:9\n"
      "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.0\n"
      "#EXT-X-PART-INF:PART-TARGET=0.33334\n"
      "#EXT-X-MEDIA-SEQUENCE:266\n"
      "#EXT-X-MAP:URI=\"init.mp4\"\n"
      "# a comment an origin left\n"
      "#EXT-X-PROGRAM-DATE-TIME:2026-11-25T10:00:00.000Z\n"
      "#EXTINF:4.00008,\n"
      "#EXT-X-BYTERANGE:1000@0\n"
      "fileSequence266.mp4\n"
      "#EXT-X-CUE-IN\n"
      "#EXT-X-DISCONTINUITY\n"
      "#EXT-X-PART:DURATION=0.33334,URI=\"filePart267.0.mp4\",INDEPENDENT=YES\n"
      "#EXTINF:4.00008,live\n"
      "fileSequence267.mp4\n"
      "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"filePart268.0.mp4\"\n"
      "#EXT-X-RENDITION-REPORT:URI=\"../1M/waitForMSN.php\",LAST-MSN=267,LAST-PART=0\n";
  auto playlist = parse_media(text);
  REQUIRE(playlist);
  CHECK(playlist->media_sequence == 266);
  REQUIRE(playlist->segments.size() == 2);
  CHECK(playlist->segments[0].tags.size() == 4);  // MAP, comment, PDT, BYTERANGE
  CHECK(playlist->segments[0].extinf_at == 3);
  CHECK(playlist->segments[1].discontinuity());
  CHECK(playlist->trailing_tags.size() == 2);
  CHECK(write(*playlist) == text);
  // Edits to the typed fields land where the tags were.
  playlist->media_sequence = 300;
  playlist->target_duration = 5;
  const auto edited = write(*playlist);
  CHECK_THAT(edited, Catch::StartsWith("#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXT-X-VERSION:9\n"));
  CHECK_THAT(edited, Catch::Contains("#EXT-X-PART-INF:PART-TARGET=0.33334\n#EXT-X-MEDIA-SEQUENCE:300\n"));
}

TEST_CASE("tolerated with a warning: BOM, VOD without ENDLIST, segment over the target") {
  auto playlist = parse_media("\xEF\xBB\xBF#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:7.1,\na.ts\n");
  REQUIRE(playlist);
  REQUIRE(playlist->warnings.size() == 3);
  CHECK_THAT(playlist->warnings[0], Catch::Contains("byte order mark"));
  CHECK_THAT(playlist->warnings[1], Catch::Contains("without EXT-X-ENDLIST"));
  CHECK_THAT(playlist->warnings[2], Catch::Contains("longer than EXT-X-TARGETDURATION"));
}

TEST_CASE("EXT-X-DEFINE variables are substituted into URIs") {
  auto playlist = parse_media(
      "#EXTM3U\n#EXT-X-VERSION:8\n#EXT-X-DEFINE:NAME=\"cdn\",VALUE=\"https://cdn.example\"\n#EXT-X-TARGETDURATION:6\n"
      "#EXTINF:6,\n{$cdn}/seg1.ts\n#EXTINF:6,\n{$nope}/seg2.ts\n");
  REQUIRE(playlist);
  CHECK(playlist->segments[0].uri == "https://cdn.example/seg1.ts");
  CHECK(playlist->segments[1].uri == "{$nope}/seg2.ts");
  REQUIRE(playlist->warnings.size() == 1);
  CHECK_THAT(playlist->warnings[0], Catch::Contains("{$nope}"));
}

TEST_CASE("a copy of a playlist can add text while the original keeps its views") {
  auto original = *parse_media("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\na.ts\n");
  auto copy = original;
  copy.segments[0].uri = copy.text.own("https://cdn/a.ts");
  auto second = copy;
  second.segments[0].uri = second.text.own("https://other/a.ts");
  CHECK(original.segments[0].uri == "a.ts");
  CHECK(copy.segments[0].uri == "https://cdn/a.ts");
  CHECK(second.segments[0].uri == "https://other/a.ts");
}
