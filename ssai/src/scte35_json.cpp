#include "ssai/scte35_json.hpp"

#include <cstdio>
#include <type_traits>

#include "json_io.hpp"

namespace ssai {
namespace {

namespace scte35 = manifests::scte35;

std::string hex(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

void ticks(JsonWriter& w, std::string_view name, std::uint64_t value) {
  w.field(name, value);
  w.field(std::string(name) + "_seconds", static_cast<double>(value) / 90000.0);
}

void splice_time(JsonWriter& w, const scte35::SpliceTime& t, std::uint64_t pts_adjustment) {
  w.key("splice_time");
  w.begin_object();
  w.field("time_specified_flag", t.time_specified_flag);
  if (t.pts_time) {
    ticks(w, "pts_time", *t.pts_time);
    ticks(w, "pts_time_adjusted", scte35::adjusted_pts(*t.pts_time, pts_adjustment));
  }
  w.end_object();
}

void splice_insert(JsonWriter& w, const scte35::SpliceInsert& s, std::uint64_t pts_adjustment) {
  w.key("splice_insert");
  w.begin_object();
  w.field("splice_event_id", s.splice_event_id);
  w.field("splice_event_cancel_indicator", s.splice_event_cancel_indicator);
  if (!s.splice_event_cancel_indicator) {
    w.field("out_of_network_indicator", s.out_of_network_indicator);
    w.field("program_splice_flag", s.program_splice_flag);
    w.field("duration_flag", s.duration_flag);
    w.field("splice_immediate_flag", s.splice_immediate_flag);
    if (s.splice_time) splice_time(w, *s.splice_time, pts_adjustment);
    if (!s.program_splice_flag) {
      w.key("components");
      w.begin_array();
      for (const auto& c : s.components) {
        w.begin_object();
        w.field("component_tag", static_cast<unsigned>(c.component_tag));
        if (c.splice_time) splice_time(w, *c.splice_time, pts_adjustment);
        w.end_object();
      }
      w.end_array();
    }
    if (s.break_duration) {
      w.key("break_duration");
      w.begin_object();
      w.field("auto_return", s.break_duration->auto_return);
      ticks(w, "duration", s.break_duration->duration);
      w.end_object();
    }
    w.field("unique_program_id", static_cast<unsigned>(s.unique_program_id));
    w.field("avail_num", static_cast<unsigned>(s.avail_num));
    w.field("avails_expected", static_cast<unsigned>(s.avails_expected));
  }
  w.end_object();
}

void segmentation(JsonWriter& w, const scte35::SegmentationDescriptor& d) {
  w.field("splice_descriptor_tag", 2);
  w.field("name", "segmentation_descriptor");
  w.field("identifier", "CUEI");
  w.field("segmentation_event_id", d.segmentation_event_id);
  w.field("segmentation_event_cancel_indicator", d.segmentation_event_cancel_indicator);
  if (d.segmentation_event_cancel_indicator) return;
  w.field("program_segmentation_flag", d.program_segmentation_flag);
  w.field("segmentation_duration_flag", d.segmentation_duration_flag);
  w.field("delivery_not_restricted_flag", d.delivery_not_restricted_flag);
  if (!d.delivery_not_restricted_flag) {
    w.field("web_delivery_allowed_flag", d.web_delivery_allowed_flag);
    w.field("no_regional_blackout_flag", d.no_regional_blackout_flag);
    w.field("archive_allowed_flag", d.archive_allowed_flag);
    w.field("device_restrictions", static_cast<unsigned>(d.device_restrictions));
  }
  if (!d.components.empty()) {
    w.key("components");
    w.begin_array();
    for (const auto& c : d.components) {
      w.begin_object();
      w.field("component_tag", static_cast<unsigned>(c.component_tag));
      ticks(w, "pts_offset", c.pts_offset);
      w.end_object();
    }
    w.end_array();
  }
  if (d.segmentation_duration) ticks(w, "segmentation_duration", *d.segmentation_duration);
  w.field("segmentation_upid_type", static_cast<unsigned>(d.segmentation_upid_type));
  w.field("segmentation_upid_length", static_cast<unsigned>(d.segmentation_upid.size()));
  w.field("segmentation_upid", hex(d.segmentation_upid));
  w.field("segmentation_type_id", static_cast<unsigned>(d.segmentation_type_id));
  w.field("segment_num", static_cast<unsigned>(d.segment_num));
  w.field("segments_expected", static_cast<unsigned>(d.segments_expected));
  if (d.sub_segment_num) w.field("sub_segment_num", static_cast<unsigned>(*d.sub_segment_num));
  if (d.sub_segments_expected) w.field("sub_segments_expected", static_cast<unsigned>(*d.sub_segments_expected));
}

}  // namespace

std::string scte35_to_json(const scte35::SpliceInfoSection& s) {
  JsonWriter w;
  w.begin_object();
  w.field("table_id", static_cast<unsigned>(s.table_id));
  w.field("section_syntax_indicator", s.section_syntax_indicator);
  w.field("private_indicator", s.private_indicator);
  w.field("sap_type", static_cast<unsigned>(s.sap_type));
  w.field("section_length", static_cast<unsigned>(s.section_length));
  w.field("protocol_version", static_cast<unsigned>(s.protocol_version));
  w.field("encrypted_packet", s.encrypted_packet);
  w.field("encryption_algorithm", static_cast<unsigned>(s.encryption_algorithm));
  ticks(w, "pts_adjustment", s.pts_adjustment);
  w.field("cw_index", static_cast<unsigned>(s.cw_index));
  w.field("tier", static_cast<unsigned>(s.tier));
  w.field("splice_command_length", static_cast<unsigned>(s.splice_command_length));
  w.field("splice_command_type", static_cast<unsigned>(s.splice_command_type));
  std::visit(
      [&](const auto& command) {
        using T = std::decay_t<decltype(command)>;
        if constexpr (std::is_same_v<T, scte35::SpliceInsert>) {
          splice_insert(w, command, s.pts_adjustment);
        } else if constexpr (std::is_same_v<T, scte35::TimeSignal>) {
          w.key("time_signal");
          w.begin_object();
          splice_time(w, command.splice_time, s.pts_adjustment);
          w.end_object();
        } else if constexpr (std::is_same_v<T, scte35::SpliceNull>) {
          w.key("splice_null");
          w.begin_object();
          w.end_object();
        } else {
          w.key("splice_command_bytes");
          w.value(hex(command.bytes));
        }
      },
      s.splice_command);
  w.key("descriptors");
  w.begin_array();
  for (const auto& descriptor : s.descriptors) {
    w.begin_object();
    if (const auto* seg = std::get_if<scte35::SegmentationDescriptor>(&descriptor)) {
      segmentation(w, *seg);
    } else {
      const auto& raw = std::get<scte35::RawDescriptor>(descriptor);
      w.field("splice_descriptor_tag", static_cast<unsigned>(raw.splice_descriptor_tag));
      w.field("identifier", raw.identifier);
      w.field("bytes", hex(raw.bytes));
    }
    w.end_object();
  }
  w.end_array();
  char crc[11];
  std::snprintf(crc, sizeof crc, "0x%08X", s.crc_32);
  w.field("crc_32", crc);
  w.field("crc_ok", s.crc_ok);
  w.end_object();
  return w.take();
}

}  // namespace ssai
