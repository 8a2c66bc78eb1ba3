// Cue dialects seen from real encoders and packagers, each turned into the same Avail.
#include <catch2/catch.hpp>
#include <string>

#include "manifests/hls/cues.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/scte35/encode.hpp"

using namespace manifests;
using namespace manifests::hls;

namespace {

constexpr std::int64_t kSecond = 90000;

std::string splice_insert(bool out, std::uint32_t event_id, std::optional<std::uint64_t> duration, bool cancel = false) {
  scte35::SpliceInfoSection s;
  scte35::SpliceInsert insert;
  insert.splice_event_id = event_id;
  insert.splice_event_cancel_indicator = cancel;
  insert.out_of_network_indicator = out;
  insert.program_splice_flag = true;
  insert.splice_immediate_flag = true;
  if (duration) {
    insert.duration_flag = true;
    insert.break_duration = scte35::BreakDuration{true, *duration};
  }
  s.splice_command = insert;
  return scte35::to_base64(*scte35::encode(s));
}

std::string time_signal(std::uint8_t type_id, std::uint32_t event_id, std::optional<std::uint64_t> duration) {
  scte35::SpliceInfoSection s;
  s.splice_command = scte35::TimeSignal{{true, 1'000'000}};
  scte35::SegmentationDescriptor d;
  d.segmentation_event_id = event_id;
  d.segmentation_type_id = type_id;
  d.segmentation_duration = duration;
  d.segmentation_duration_flag = duration.has_value();
  s.descriptors.emplace_back(d);
  return scte35::to_base64(*scte35::encode(s));
}

// `count` 6 s segments with `lines[i]` before segment i (index `count`: after the last).
MediaPlaylist playlist(int count, const std::vector<std::pair<int, std::string>>& lines, bool endlist,
                       std::int64_t media_sequence = 0) {
  std::string text = "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:" + std::to_string(media_sequence) + "\n";
  for (int i = 0; i <= count; ++i) {
    for (const auto& [at, line] : lines) {
      if (at == i) text += line + "\n";
    }
    if (i < count) text += "#EXTINF:6.000,\ns" + std::to_string(i) + ".ts\n";
  }
  if (endlist) text += "#EXT-X-ENDLIST\n";
  auto parsed = parse_media(text);
  REQUIRE(parsed);
  return std::move(*parsed);
}

}  // namespace

TEST_CASE("Elemental: CUE-OUT + OATCLS + CUE-OUT-CONT + CUE-IN make one break with its SCTE-35") {
  const auto cue = splice_insert(true, 1, 15 * kSecond);
  const auto report = find_avails(playlist(
      6, {{1, "#EXT-OATCLS-SCTE35:" + cue}, {1, "#EXT-X-ASSET:CAID=0x0000000020FB6501"}, {1, "#EXT-X-CUE-OUT:15.000"},
          {2, "#EXT-X-CUE-OUT-CONT:ElapsedTime=6.000,Duration=15,SCTE35=" + cue},
          {3, "#EXT-X-CUE-OUT-CONT:ElapsedTime=12.000,Duration=15,SCTE35=" + cue}, {4, "#EXT-X-CUE-IN"}},
      true));
  CHECK(report.warnings.empty());
  REQUIRE(report.avails.size() == 1);
  const auto& avail = report.avails[0];
  CHECK(avail.first_segment == 1);
  CHECK(avail.end_segment == 4);
  CHECK(avail.duration.count() == 15 * kSecond);
  CHECK(avail.scte35.has_value());
  CHECK(avail.dialects == std::vector<CueDialect>{CueDialect::kOatcls, CueDialect::kCueOut, CueDialect::kCueOutCont});
  CHECK(avail.id == "c1");  // the splice_event_id
}

TEST_CASE("DATERANGE SCTE35-OUT/IN placed by START-DATE against PROGRAM-DATE-TIME") {
  const auto out = "0x" + std::string("FC302000000000000000FFF00F05000000017FFFFE000000000000000000007A3D9BBD");
  // The segments start at 10:00:00, 06, 12, ...; the range starts at 10:00:12.
  std::vector<std::pair<int, std::string>> lines{{0, "#EXT-X-PROGRAM-DATE-TIME:2026-11-25T10:00:00.000Z"}};
  lines.push_back({0, "#EXT-X-DATERANGE:ID=\"splice-1\",START-DATE=\"2026-11-25T10:00:12.000Z\",PLANNED-DURATION=12,"
                      "SCTE35-OUT=" + out});
  lines.push_back({4, "#EXT-X-DATERANGE:ID=\"splice-1\",START-DATE=\"2026-11-25T10:00:12.000Z\",DURATION=12,SCTE35-IN=" + out});
  const auto report = find_avails(playlist(6, lines, true));
  REQUIRE(report.avails.size() == 1);
  const auto& avail = report.avails[0];
  CHECK(avail.first_segment == 2);
  CHECK(avail.end_segment == 4);
  CHECK(avail.duration.count() == 12 * kSecond);
  CHECK(avail.start_date_ms == *parse_iso8601_ms("2026-11-25T10:00:12Z"));
  CHECK(avail.id == "csplice-1");
}

TEST_CASE("EXT-X-SCTE35 with CUE-OUT=YES / CONT / NO, and the EXT-SCTE35 spelling") {
  const auto cue = splice_insert(true, 7, 18 * kSecond);
  for (const std::string tag : {"#EXT-X-SCTE35:", "#EXT-SCTE35: "}) {
    INFO(tag);
    const auto report = find_avails(playlist(
        6, {{1, tag + "CUE=\"" + cue + "\",CUE-OUT=YES, ID=\"42\""}, {2, tag + "CUE=\"" + cue + "\",CUE-OUT=CONT"},
            {4, tag + "CUE=\"" + cue + "\",CUE-OUT=NO"}},
        true));
    CHECK(report.warnings.empty());
    REQUIRE(report.avails.size() == 1);
    CHECK(report.avails[0].first_segment == 1);
    CHECK(report.avails[0].end_segment == 4);
    CHECK(report.avails[0].duration.count() == 18 * kSecond);
    CHECK(report.avails[0].id == "c42");
  }
}

TEST_CASE("time_signal segmentation types open and close breaks, other types are not breaks") {
  const auto report = find_avails(playlist(
      8, {{1, "#EXT-X-SPLICEPOINT-SCTE35:" + time_signal(0x10, 5, std::nullopt)},  // program start: not a break
          {2, "#EXT-X-SPLICEPOINT-SCTE35:" + time_signal(0x34, 9, 24 * kSecond)},  // provider PO start
          {5, "#EXT-X-SPLICEPOINT-SCTE35:" + time_signal(0x35, 9, std::nullopt)}},  // provider PO end
      true));
  CHECK(report.warnings.empty());
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].first_segment == 2);
  CHECK(report.avails[0].end_segment == 5);
  CHECK(report.avails[0].ended_early);  // 18 s of a planned 24 s
  CHECK(report.avails[0].duration.count() == 24 * kSecond);
}

TEST_CASE("a splice_insert cancel drops the break it names") {
  const auto report = find_avails(playlist(
      6, {{1, "#EXT-OATCLS-SCTE35:" + splice_insert(true, 3, 12 * kSecond)},
          {1, "#EXT-OATCLS-SCTE35:" + splice_insert(true, 3, std::nullopt, true)}},
      true));
  CHECK(report.avails.empty());
  REQUIRE(report.warnings.size() == 1);
  CHECK_THAT(report.warnings[0], Catch::Contains("cancels"));
}

TEST_CASE("a live window that starts inside a break, and one that ends inside one") {
  auto report = find_avails(playlist(4, {{0, "#EXT-X-CUE-OUT-CONT:ElapsedTime=12.000,Duration=30"},
                                         {1, "#EXT-X-CUE-OUT-CONT:ElapsedTime=18.000,Duration=30"}},
                                     false, 1000));
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].first_segment == 0);
  CHECK(report.avails[0].elapsed_before.count() == 12 * kSecond);
  CHECK(report.avails[0].end_segment == 3);  // 12 s before + 18 s in the window = 30 s
  CHECK(report.avails[0].id == "m998");      // started two 6 s segments before the window
  CHECK(report.warnings.empty());

  report = find_avails(playlist(4, {{2, "#EXT-X-CUE-OUT:30"}}, false, 1000));
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].open_at_end);
  CHECK(report.avails[0].end_segment == 4);
  CHECK(report.avails[0].content_duration.count() == 12 * kSecond);
  CHECK(report.avails[0].id == "m1002");
}

TEST_CASE("the n/total form of CUE-OUT-CONT and Adobe's CUE-SPAN") {
  auto report = find_avails(playlist(4, {{0, "#EXT-X-CUE-OUT-CONT:6/18"}}, false, 50));
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].elapsed_before.count() == 6 * kSecond);
  CHECK(report.avails[0].duration.count() == 18 * kSecond);
  CHECK(report.avails[0].end_segment == 2);

  report = find_avails(playlist(5, {{1, "#EXT-X-CUE-OUT:DURATION=18,ID=100"}, {2, "#EXT-X-CUE-SPAN:TIMEFROMSIGNAL=PT6S,ID=100"},
                                    {3, "#EXT-X-CUE-SPAN:TIMEFROMSIGNAL=PT12S,ID=100"}, {4, "#EXT-X-CUE-IN:ID=100"}},
                                true));
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].id == "c100");
  CHECK(report.avails[0].end_segment == 4);
  CHECK(report.warnings.empty());
}

TEST_CASE("Adobe Primetime EXT-X-CUE SpliceOut / SpliceIn") {
  const auto report = find_avails(playlist(
      5, {{1, "#EXT-X-CUE:TYPE=\"SpliceOut\",ID=\"1\",DURATION=\"0\",TIME=\"266.198\",PROGRAM-ID=\"138\",AVAIL-NUM=\"1\""},
          {4, "#EXT-X-CUE:TYPE=\"SpliceIn\",ID=\"1\",TIME=\"284.198\""}},
      true));
  CHECK(report.warnings.empty());
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].first_segment == 1);
  CHECK(report.avails[0].end_segment == 4);
  CHECK(report.avails[0].duration.count() == 18 * kSecond);  // no planned duration: measured
  CHECK(report.avails[0].dialects == std::vector<CueDialect>{CueDialect::kCue});
}

TEST_CASE("back-to-back breaks, and a zero-length insertion point described twice") {
  auto report = find_avails(playlist(6, {{1, "#EXT-X-CUE-OUT:12"}, {3, "#EXT-X-CUE-IN"}, {3, "#EXT-X-CUE-OUT:12"}, {5, "#EXT-X-CUE-IN"}}, true));
  REQUIRE(report.avails.size() == 2);
  CHECK(report.avails[0].end_segment == 3);
  CHECK(report.avails[1].first_segment == 3);
  CHECK(report.warnings.empty());

  // hls-splice's VOD insertion point: a DATERANGE and a CUE-OUT:0 + CUE-IN on one segment.
  report = find_avails(playlist(
      4, {{2, "#EXT-X-DATERANGE:ID=\"1-804\",START-DATE=\"1970-01-01T00:13:24Z\",PLANNED-DURATION=0,SCTE35-OUT=0xFC302000000000000000FFF00F05000000017FFFFE000000000000000000007A3D9BBD"},
          {2, "#EXT-X-CUE-OUT:0"}, {2, "#EXT-X-CUE-IN"}},
      true));
  REQUIRE(report.avails.size() == 1);
  CHECK(report.avails[0].first_segment == 2);
  CHECK(report.avails[0].end_segment == 2);
  CHECK(report.avails[0].duration.count() == 0);
  CHECK(report.avails[0].dialects.size() == 2);
  CHECK(report.warnings.empty());
}

TEST_CASE("cues with a bad CRC or undecodable payloads are ignored with a warning") {
  auto bad = splice_insert(true, 1, 10 * kSecond);
  bad[bad.size() - 3] = bad[bad.size() - 3] == 'A' ? 'B' : 'A';  // corrupt the CRC
  const auto report = find_avails(playlist(4, {{1, "#EXT-OATCLS-SCTE35:" + bad}, {2, "#EXT-X-SPLICEPOINT-SCTE35:!!"}}, true));
  CHECK(report.avails.empty());
  REQUIRE(report.warnings.size() == 2);
  CHECK_THAT(report.warnings[0], Catch::Contains("CRC_32"));
}

TEST_CASE("ISO 8601 dates and durations") {
  CHECK(parse_iso8601_ms("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_iso8601_ms("2026-11-25T10:00:12.5Z") == 1795600812500);
  CHECK(parse_iso8601_ms("2026-11-25T11:00:12.500+01:00") == 1795600812500);
  CHECK(parse_iso8601_ms("2026-11-25T05:00:12.500-0500") == 1795600812500);
  CHECK_FALSE(parse_iso8601_ms("2026-11-25T10:00:12"));
  CHECK_FALSE(parse_iso8601_ms("2026-13-25T10:00:12Z"));
  CHECK(parse_iso_duration("PT6S") == Ticks{6 * kSecond});
  CHECK(parse_iso_duration("PT1M30.5S") == Ticks{90 * kSecond + 45000});
  // Days, as xs:duration allows (MPDs); years and months have no fixed length.
  CHECK(parse_iso_duration("P1D") == Ticks{86400 * kSecond});
  CHECK_FALSE(parse_iso_duration("P1M"));
}

TEST_CASE("a zero-length CUE-OUT is an insertion point, with or without its CUE-IN") {
  const auto with_in = find_avails(playlist(5, {{2, "#EXT-X-CUE-OUT:0"}, {2, "#EXT-X-CUE-IN"}}, true));
  const auto without_in = find_avails(playlist(5, {{4, "#EXT-X-CUE-OUT:0"}}, true));
  for (const auto* report : {&with_in, &without_in}) {
    CHECK(report->warnings.empty());
    REQUIRE(report->avails.size() == 1);
    const auto& avail = report->avails.front();
    CHECK(avail.first_segment == avail.end_segment);
    CHECK(avail.duration.count() == 0);
    CHECK(avail.content_duration.count() == 0);
  }
  CHECK(with_in.avails.front().first_segment == 2);
  CHECK(without_in.avails.front().first_segment == 4);
  CHECK(without_in.avails.front().start.count() == 24 * kSecond);
}

TEST_CASE("EXT-X-ASSET attributes at a break's start are kept for the ad request") {
  const auto report = find_avails(playlist(
      6, {{2, "#EXT-X-ASSET:CAID=0x0000000020FB6501,GENRE=\"news, local\""}, {2, "#EXT-X-CUE-OUT:12"}, {4, "#EXT-X-CUE-IN"}},
      true));
  REQUIRE(report.avails.size() == 1);
  using Pair = std::pair<std::string, std::string>;
  CHECK(report.avails.front().asset == std::vector<Pair>{{"CAID", "0x0000000020FB6501"}, {"GENRE", "news, local"}});
  // Not carried over to a break without one.
  const auto plain = find_avails(playlist(6, {{2, "#EXT-X-CUE-OUT:12"}, {4, "#EXT-X-CUE-IN"}}, true));
  CHECK(plain.avails.front().asset.empty());
}
