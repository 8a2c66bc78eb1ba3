#include "ssai/scte35_json.hpp"

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include "manifests/scte35/decode.hpp"

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
