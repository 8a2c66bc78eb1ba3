#include "adcache/iframes.hpp"

#include <catch2/catch.hpp>

TEST_CASE("I-frames: each keyframe's byte range runs to the next video frame, its time to the next keyframe") {
  // ffprobe's compact packet list of a 6 s segment: keyframes at 10.0 and 13.0.
  const std::string packets =
      "pts_time=10.000000|pos=564|flags=K_\n"
      "pts_time=10.040000|pos=2444|flags=__\n"
      "pts_time=10.080000|pos=2632|flags=__\n"
      "pts_time=13.000000|pos=9024|flags=K_\n"
      "pts_time=13.040000|pos=11280|flags=__\n";
  auto frames = adcache::keyframes_from_packets(packets, "seg_000.ts", 20000, 6.0);
  REQUIRE(frames);
  REQUIRE(frames->size() == 2);
  CHECK((*frames)[0].offset == 564);
  CHECK((*frames)[0].length == 2444 - 564);
  CHECK((*frames)[0].duration == Approx(3.0));
  CHECK((*frames)[1].offset == 9024);
  CHECK((*frames)[1].length == 11280 - 9024);
  CHECK((*frames)[1].duration == Approx(3.0));  // to the segment's end, 10 + 6
  CHECK(adcache::iframe_bandwidth(*frames) == 2256 * 8 / 3);  // the peak: the second

  const auto text = adcache::iframe_playlist(*frames);
  CHECK(text ==
        "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:3\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n"
        "#EXT-X-I-FRAMES-ONLY\n#EXTINF:3.000,\n#EXT-X-BYTERANGE:1880@564\nseg_000.ts\n"
        "#EXTINF:3.000,\n#EXT-X-BYTERANGE:2256@9024\nseg_000.ts\n#EXT-X-ENDLIST\n");
}

TEST_CASE("I-frames: the last keyframe runs to the end of the file, and bad packet lists are errors") {
  auto last = adcache::keyframes_from_packets("pts_time=0.0|pos=0|flags=K_\n", "s.ts", 4000, 2.0);
  REQUIRE(last);
  CHECK((*last)[0].length == 4000);
  CHECK((*last)[0].duration == Approx(2.0));
  CHECK_FALSE(adcache::keyframes_from_packets("", "s.ts", 100, 2.0));
  CHECK_FALSE(adcache::keyframes_from_packets("pts_time=0.0|pos=0|flags=__\n", "s.ts", 100, 2.0));  // no keyframe
  CHECK_FALSE(adcache::keyframes_from_packets("pts_time=0.0|pos=50|flags=K_\npts_time=0.04|pos=10|flags=__\n", "s.ts", 100, 2.0));
  CHECK_FALSE(adcache::keyframes_from_packets("pts_time=0.0|pos=50|flags=K_\n", "s.ts", 40, 2.0));  // past the end
}

TEST_CASE("I-frames: ISO BMFF top-level boxes are found by type, a corrupt size ends the search") {
  auto box = [](const std::string& type, std::size_t payload) {
    const auto size = payload + 8;
    std::string out{static_cast<char>(size >> 24), static_cast<char>(size >> 16), static_cast<char>(size >> 8), static_cast<char>(size)};
    return out + type + std::string(payload, '\0');
  };
  const std::string fragment = box("styp", 16) + box("sidx", 44) + box("moof", 100) + box("mdat", 500);
  CHECK(adcache::box_offset(fragment, "styp") == 0);
  CHECK(adcache::box_offset(fragment, "moof") == 24 + 52);
  CHECK(adcache::box_offset(fragment, "mdat") == 24 + 52 + 108);
  CHECK_FALSE(adcache::box_offset(fragment, "moov"));
  CHECK_FALSE(adcache::box_offset(std::string("\0\0\0\3moof", 8), "mdat"));  // size 3: corrupt
  CHECK_FALSE(adcache::box_offset("abc", "moof"));
}
