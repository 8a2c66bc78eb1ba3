#include "manifests/scte35/decode.hpp"

#include "manifests/scte35/encode.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <rapidjson/document.h>
#include <algorithm>
#include <cctype>
#include <string>

#include "support/files.hpp"

namespace scte35 = manifests::scte35;

namespace {

std::string cue_text(const rapidjson::Value& v) {
  if (v.HasMember("cue_b64")) return v["cue_b64"].GetString();
  std::string hex = v["cue_hex"].GetString();
  if (hex.rfind("0x", 0) != 0 && hex.rfind("0X", 0) != 0) hex = "0x" + hex;
  return hex;
}

std::string hex(const std::vector<std::uint8_t>& bytes) { return manifests::scte35::to_hex(bytes); }

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text.rfind("0x", 0) == 0) text = text.substr(2);
  return text;
}

bool is_text_upid(std::uint8_t type) {
  return type == 0x02 || type == 0x03 || type == 0x07 || type == 0x09 || type == 0x0E || type == 0x0F || type == 0x11;
}

// Integers in the vectors may be JSON numbers or hex strings ("0x9AC9D17E").
std::optional<std::uint64_t> number(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject() || !object.HasMember(name)) return std::nullopt;
  const auto& v = object[name];
  if (v.IsUint64()) return v.GetUint64();
  if (v.IsString()) {
    const std::string s = v.GetString();
    if (s.rfind("0x", 0) == 0) return std::stoull(s.substr(2), nullptr, 16);
  }
  return std::nullopt;
}

std::optional<bool> boolean(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject() || !object.HasMember(name) || !object[name].IsBool()) return std::nullopt;
  return object[name].GetBool();
}

void check_splice_time(const rapidjson::Value& expect, const scte35::SpliceTime& t) {
  if (auto pts = number(expect, "pts_time")) {
    REQUIRE(t.pts_time.has_value());
    CHECK(*t.pts_time == *pts);
  }
}

void check_command(const rapidjson::Value& expect, const scte35::SpliceInfoSection& s) {
  if (auto type = number(expect, "splice_command_type")) CHECK(s.splice_command_type == *type);
  const std::string type = expect.HasMember("type") ? expect["type"].GetString() : "";
  if (type == "time_signal") {
    REQUIRE(std::holds_alternative<scte35::TimeSignal>(s.splice_command));
    check_splice_time(expect, std::get<scte35::TimeSignal>(s.splice_command).splice_time);
  } else if (type == "splice_insert") {
    REQUIRE(std::holds_alternative<scte35::SpliceInsert>(s.splice_command));
    const auto& insert = std::get<scte35::SpliceInsert>(s.splice_command);
    if (auto id = number(expect, "splice_event_id")) CHECK(insert.splice_event_id == *id);
    if (auto cancel = boolean(expect, "splice_event_cancel_indicator")) CHECK(insert.splice_event_cancel_indicator == *cancel);
    if (auto out = boolean(expect, "out_of_network_indicator")) CHECK(insert.out_of_network_indicator == *out);
    if (auto immediate = boolean(expect, "splice_immediate_flag")) CHECK(insert.splice_immediate_flag == *immediate);
    if (auto program = boolean(expect, "program_splice_flag")) CHECK(insert.program_splice_flag == *program);
    if (insert.splice_time) check_splice_time(expect, *insert.splice_time);
    if (expect.HasMember("break_duration") && expect["break_duration"].IsObject()) {
      REQUIRE(insert.break_duration.has_value());
      if (auto d = number(expect["break_duration"], "duration")) CHECK(insert.break_duration->duration == *d);
      if (auto a = boolean(expect["break_duration"], "auto_return")) CHECK(insert.break_duration->auto_return == *a);
    }
    if (auto v = number(expect, "unique_program_id")) CHECK(insert.unique_program_id == *v);
    if (auto v = number(expect, "avail_num")) CHECK(insert.avail_num == *v);
    if (auto v = number(expect, "avails_expected")) CHECK(insert.avails_expected == *v);
  } else if (type == "splice_null") {
    CHECK(std::holds_alternative<scte35::SpliceNull>(s.splice_command));
  }
}

void check_segmentation(const rapidjson::Value& expect, const scte35::SegmentationDescriptor& d) {
  if (auto v = number(expect, "segmentation_event_id")) CHECK(d.segmentation_event_id == *v);
  if (auto v = boolean(expect, "segmentation_event_cancel_indicator")) CHECK(d.segmentation_event_cancel_indicator == *v);
  if (auto v = boolean(expect, "delivery_not_restricted_flag")) CHECK(d.delivery_not_restricted_flag == *v);
  if (auto v = number(expect, "segmentation_type_id")) CHECK(d.segmentation_type_id == *v);
  if (auto v = number(expect, "segment_num")) CHECK(d.segment_num == *v);
  if (auto v = number(expect, "segments_expected")) CHECK(d.segments_expected == *v);
  if (auto v = number(expect, "segmentation_duration")) {
    REQUIRE(d.segmentation_duration.has_value());
    CHECK(*d.segmentation_duration == *v);
  }
  if (auto v = number(expect, "segmentation_upid_type")) CHECK(d.segmentation_upid.segmentation_upid_type == *v);
  // scte35-go style: every UPID (several for MID) with its bytes.
  if (expect.HasMember("segmentation_upids") && expect["segmentation_upids"].IsArray()) {
    const auto& upids = expect["segmentation_upids"];
    const bool mid = d.segmentation_upid.segmentation_upid_type == 0x0D;
    REQUIRE(upids.Size() == (mid ? d.segmentation_upid.nested.size() : 1));
    for (rapidjson::SizeType i = 0; i < upids.Size(); ++i) {
      const auto& ours = mid ? d.segmentation_upid.nested[i] : d.segmentation_upid;
      if (auto t = number(upids[i], "segmentation_upid_type")) CHECK(ours.segmentation_upid_type == *t);
      if (upids[i].HasMember("bytes_hex")) CHECK(hex(ours.bytes) == lower(upids[i]["bytes_hex"].GetString()));
    }
  }
  // SCTE35Parser style: text UPIDs as their text.
  if (expect.HasMember("segmentation_upid") && expect["segmentation_upid"].IsString() &&
      is_text_upid(d.segmentation_upid.segmentation_upid_type)) {
    CHECK(std::string(d.segmentation_upid.bytes.begin(), d.segmentation_upid.bytes.end()) ==
          expect["segmentation_upid"].GetString());
  }
}

void check_descriptor(const rapidjson::Value& expect, const scte35::SpliceDescriptor& ours) {
  const std::string type = expect.HasMember("type") ? expect["type"].GetString() : "";
  if (type == "segmentation_descriptor") {
    REQUIRE(std::holds_alternative<scte35::SegmentationDescriptor>(ours));
    check_segmentation(expect, std::get<scte35::SegmentationDescriptor>(ours));
  } else if (type == "avail_descriptor") {
    REQUIRE(std::holds_alternative<scte35::AvailDescriptor>(ours));
    if (auto v = number(expect, "provider_avail_id")) CHECK(std::get<scte35::AvailDescriptor>(ours).provider_avail_id == *v);
  } else if (type == "DTMF_descriptor" || type == "dtmf_descriptor") {
    REQUIRE(std::holds_alternative<scte35::DtmfDescriptor>(ours));
    const auto& dtmf = std::get<scte35::DtmfDescriptor>(ours);
    if (auto v = number(expect, "preroll")) CHECK(dtmf.preroll == *v);
    if (expect.HasMember("dtmf_chars")) CHECK(dtmf.dtmf_chars == expect["dtmf_chars"].GetString());
  }
}

// SCTE35Parser refuses two sub-segment bytes after a segmentation type that does not
// carry them; scte35-go's "Unused Subsegments Included" pins the lenient reading of the
// same layout, which real encoders send. We follow scte35-go.
constexpr const char* kDisagreedVector = "test_invalid_avail_descriptor_should_throw";

// SCTE35Parser reads CRC_32 from the end of a 0xFF-stuffed buffer (0xFFFFFFFF); the
// CRC_32 the section itself carries, where section_length puts it, is this one, and valid.
constexpr const char* kStuffedDtmfVector = "test_dtmf_withAlignmentStuffing";
constexpr std::uint32_t kStuffedDtmfCrc = 0x11A8966D;

}  // namespace

TEST_CASE("SCTE-35 conformance vectors decode to the values their sources state") {
  std::ifstream in(std::string(SSAI_FIXTURES_DIR) + "/conformance/scte35/vectors.jsonl");
  REQUIRE(in);
  std::string line;
  int decoded = 0;
  int rejected = 0;
  int reencoded = 0;
  int normalized = 0;
  while (std::getline(in, line)) {
    rapidjson::Document v;
    v.Parse(line.c_str());
    REQUIRE(v.IsObject());
    const std::string source = v["source"].GetString();
    const auto& expect = v["expect"];
    const auto text = cue_text(v);
    INFO(source << "\n" << text);
    auto section = scte35::decode_text(text);
    if (expect.HasMember("error")) {
      if (source.find(kDisagreedVector) != std::string::npos) {
        CHECK(section.has_value());
        continue;
      }
      // A corrupt CRC is reported, not refused; everything else must be refused.
      const bool refused = !section || !section->crc_ok;
      CHECK(refused);
      rejected += refused;
      continue;
    }
    REQUIRE(section.has_value());
    ++decoded;
    if (auto v2 = number(expect, "table_id")) CHECK(section->table_id == *v2);
    if (auto v2 = number(expect, "pts_adjustment")) CHECK(section->pts_adjustment == *v2);
    if (auto v2 = number(expect, "tier")) CHECK(section->tier == *v2);
    if (auto v2 = boolean(expect, "encrypted_packet")) CHECK(section->encrypted_packet == *v2);
    if (source.find(kStuffedDtmfVector) != std::string::npos) {
      CHECK(section->crc_32 == kStuffedDtmfCrc);
      CHECK(section->crc_ok);
    } else if (auto crc = number(expect, "crc_32")) {
      CHECK(section->crc_32 == *crc);
    }
    if (auto valid = boolean(expect, "crc_valid")) CHECK(section->crc_ok == *valid);
    if (expect.HasMember("command")) check_command(expect["command"], *section);
    if (expect.HasMember("descriptors") && expect["descriptors"].IsArray()) {
      const auto& descriptors = expect["descriptors"];
      REQUIRE(descriptors.Size() == section->descriptors.size());
      for (rapidjson::SizeType i = 0; i < descriptors.Size(); ++i) check_descriptor(descriptors[i], section->descriptors[i]);
    }
    // Byte-exact re-encoding of everything the decoder reads.
    const auto original = *scte35::bytes_from_text(text);
    auto encoded = scte35::encode(*section);
    REQUIRE(encoded);
    if (*encoded == original) {
      ++reencoded;
    } else {
      // Sections with reserved bits not set to 1, or a wrong CRC: we write them as the
      // spec says, so the bytes differ, but nothing the section means may change.
      auto again = scte35::decode(*encoded);
      REQUIRE(again);
      CHECK(again->crc_ok);
      again->crc_32 = section->crc_32;
      again->crc_ok = section->crc_ok;
      CHECK(*again == *section);
      ++normalized;
    }
  }
  CHECK(decoded >= 75);
  CHECK(reencoded + normalized == decoded);
  CHECK(normalized <= 4);  // the rest re-encode byte for byte
  CHECK(rejected == 13);
}

TEST_CASE("every truncation of a valid cue is refused or flagged, never over-read") {
  const auto bytes = *scte35::bytes_from_text("/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==");
  REQUIRE(scte35::decode(bytes)->crc_ok);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    INFO("first " << n << " bytes");
    auto section = scte35::decode(std::span(bytes).first(n));
    CHECK((!section || !section->crc_ok));
  }
}

TEST_CASE("errors name the field and the byte offset") {
  // section_length says 0x34 bytes follow, only 10 do.
  auto section = scte35::decode_text("0xFC3034000000000000FFFFF0");
  REQUIRE_FALSE(section);
  CHECK(section.error().code == manifests::Errc::kTruncated);
  CHECK_THAT(section.error().detail, Catch::Contains("section_length"));

  auto not_scte = scte35::decode_text("0x474011100042F0");
  REQUIRE_FALSE(not_scte);
  CHECK_THAT(not_scte.error().detail, Catch::Contains("table_id"));
}

TEST_CASE("cue text forms: base64 with and without padding, 0x hex, bare hex") {
  const auto padded = scte35::bytes_from_text("/DARAAAAAAAAAP/wAAAAAHpPv/8=");
  const auto unpadded = scte35::bytes_from_text("/DARAAAAAAAAAP/wAAAAAHpPv/8");
  REQUIRE(padded);
  REQUIRE(unpadded);
  CHECK(*padded == *unpadded);
  const auto hex = scte35::bytes_from_text("0xFC301100000000000000FFF0000000007A4FBFFF");
  const auto bare = scte35::bytes_from_text("fc301100000000000000fff0000000007a4fbfff");
  REQUIRE(hex);
  REQUIRE(bare);
  CHECK(*hex == *padded);
  CHECK(*bare == *padded);
  CHECK_FALSE(scte35::bytes_from_text(""));
  CHECK_FALSE(scte35::bytes_from_text("0xFC3"));
  CHECK_FALSE(scte35::bytes_from_text("/DA*AAA"));
}

TEST_CASE("pts_adjustment wraps at 2^33") {
  CHECK(scte35::adjusted_pts((std::uint64_t{1} << 33) - 10, 20) == 10);
}

TEST_CASE("CRC-32/MPEG-2 check value") {
  const std::string check = "123456789";
  const auto* p = reinterpret_cast<const std::uint8_t*>(check.data());
  CHECK(scte35::crc32_mpeg2(std::span(p, check.size())) == 0x0376E6E7u);
}
