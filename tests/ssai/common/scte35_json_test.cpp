#include "ssai/scte35_json.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <rapidjson/document.h>

#include "manifests/scte35/decode.hpp"
#include "manifests/scte35/encode.hpp"

namespace {

// Each conformance vector's cue (base64, or hex with 0x) and where it comes from.
std::vector<std::pair<std::string, std::string>> conformance_cues() {
  std::ifstream in(std::string(SSAI_FIXTURES_DIR) + "/conformance/scte35/vectors.jsonl");
  std::vector<std::pair<std::string, std::string>> out;
  for (std::string line; std::getline(in, line);) {
    rapidjson::Document v;
    v.Parse(line.c_str());
    std::string cue = v.HasMember("cue_b64") ? v["cue_b64"].GetString() : std::string("0x") + v["cue_hex"].GetString();
    if (cue.rfind("0x0x", 0) == 0) cue = cue.substr(2);
    out.emplace_back(v["source"].GetString(), std::move(cue));
  }
  return out;
}

}  // namespace

TEST_CASE("scte35 JSON uses the spec's names, ticks with _seconds companions, and the CRC") {
  // SCTE 35 sample 14.2 (splice_insert), as published in the spec and in scte35-go's tests.
  auto section = manifests::scte35::decode_text("/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=");
  REQUIRE(section);
  rapidjson::Document json;
  json.Parse(ssai::scte35_to_json(*section).c_str());
  REQUIRE(json.IsObject());
  CHECK(json["table_id"].GetUint() == 252);
  CHECK(json["splice_command_type"].GetUint() == 5);
  const auto& insert = json["splice_insert"];
  CHECK(insert["splice_event_id"].GetUint() == 1207959695);
  CHECK(insert["out_of_network_indicator"].GetBool());
  CHECK(insert["splice_time"]["pts_time"].GetUint64() == 1936310318);
  CHECK(insert["break_duration"]["duration"].GetUint64() == 5426421);
  CHECK(insert["break_duration"]["duration_seconds"].GetDouble() == Approx(60.2936));
  CHECK(json["descriptors"].IsArray());
  CHECK(std::string(json["crc_32"].GetString()) == "0x62DBA30A");
  CHECK(json["crc_ok"].GetBool());
}

TEST_CASE("decode JSON -> encode gives back every conformance vector's section") {
  int checked = 0;
  for (const auto& [source, cue] : conformance_cues()) {
    auto section = manifests::scte35::decode_text(cue);
    if (!section || !section->crc_ok || section->encrypted_packet) continue;
    INFO(source);
    auto from_json = ssai::scte35_from_json(ssai::scte35_to_json(*section));
    REQUIRE(from_json);
    from_json->packet_stuffing_bytes = section->packet_stuffing_bytes;  // TS fill is not part of the section
    auto bytes = manifests::scte35::encode(*from_json);
    REQUIRE(bytes);
    auto again = manifests::scte35::decode(*bytes);
    REQUIRE(again);
    again->section_length = section->section_length;
    again->crc_32 = section->crc_32;  // differs where the input had reserved bits not set
    CHECK(*again == *section);
    ++checked;
  }
  CHECK(checked >= 70);
}

TEST_CASE("scte35_from_json refuses what it cannot encode") {
  CHECK_FALSE(ssai::scte35_from_json("[]"));
  CHECK_FALSE(ssai::scte35_from_json(R"({"tier": 4095})"));
  CHECK_FALSE(ssai::scte35_from_json(R"({"time_signal": {}, "descriptors": [{"splice_descriptor_tag": 2, "segmentation_upid": "xyz"}]})"));
}

TEST_CASE("scte35 JSON prints the length and count fields, equal to the wire's in every conformance vector") {
  // SCTE 35 sample 14.1: time_signal with a segmentation descriptor (Placement
  // Opportunity Start, a TI upid of 8 bytes).
  auto sample = manifests::scte35::decode_text("/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==");
  REQUIRE(sample);
  rapidjson::Document json;
  json.Parse(ssai::scte35_to_json(*sample).c_str());
  REQUIRE(json.IsObject());
  CHECK(json["descriptor_loop_length"].GetUint() == 30);
  const auto& segmentation = json["descriptors"][0];
  CHECK(segmentation["descriptor_length"].GetUint() == 28);
  CHECK(segmentation["segmentation_upid_length"].GetUint() == 8);

  // Every vector whose command length is given: descriptor_loop_length as printed is the
  // two bytes after the command, and each descriptor_length the byte after its tag.
  int checked = 0;
  for (const auto& [source, cue] : conformance_cues()) {
    auto bytes = manifests::scte35::bytes_from_text(cue);
    if (!bytes) continue;
    auto section = manifests::scte35::decode(*bytes);
    if (!section || section->encrypted_packet || section->splice_command_length == 0xFFF) continue;
    INFO(source);
    rapidjson::Document printed;
    printed.Parse(ssai::scte35_to_json(*section).c_str());
    REQUIRE(printed.IsObject());
    std::size_t at = 14 + section->splice_command_length;
    REQUIRE(at + 2 <= bytes->size());
    const unsigned loop_length = (unsigned{(*bytes)[at]} << 8) | (*bytes)[at + 1];
    CHECK(printed["descriptor_loop_length"].GetUint() == loop_length);
    at += 2;
    for (const auto& descriptor : printed["descriptors"].GetArray()) {
      REQUIRE(at + 1 < bytes->size());
      CHECK(descriptor["splice_descriptor_tag"].GetUint() == (*bytes)[at]);
      CHECK(descriptor["descriptor_length"].GetUint() == (*bytes)[at + 1]);
      at += 2 + (*bytes)[at + 1];
    }
    ++checked;
  }
  CHECK(checked >= 50);
}

TEST_CASE("scte35 JSON: one field description drives both directions, splice_schedule included") {
  namespace scte35 = manifests::scte35;
  scte35::SpliceInfoSection section;
  scte35::SpliceSchedule schedule;
  scte35::ScheduledEvent program;
  program.splice_event_id = 7;
  program.out_of_network_indicator = true;
  program.program_splice_flag = true;
  program.duration_flag = true;
  program.utc_splice_time = 1'300'000'000;
  program.break_duration = scte35::BreakDuration{true, 2'700'000};
  program.unique_program_id = 3;
  scte35::ScheduledEvent components;
  components.splice_event_id = 8;
  components.components = {{1, 1'300'000'100}, {2, 1'300'000'200}};
  schedule.events = {program, components};
  section.splice_command = schedule;
  auto bytes = scte35::encode(section);
  REQUIRE(bytes);
  auto decoded = scte35::decode(*bytes);
  REQUIRE(decoded);
  REQUIRE(decoded->crc_ok);
  const auto json = ssai::scte35_to_json(*decoded);
  CHECK_THAT(json, Catch::Contains(R"("splice_count":2)") && Catch::Contains(R"("component_count":2)"));
  auto read = ssai::scte35_from_json(json);
  REQUIRE(read);
  auto again = scte35::encode(*read);
  REQUIRE(again);
  CHECK(*again == *bytes);
}
