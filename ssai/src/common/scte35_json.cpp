#include "ssai/scte35_json.hpp"

#include <cctype>
#include <cstdio>
#include <span>
#include <type_traits>

#include "common/json_io.hpp"
#include "manifests/scte35/encode.hpp"
#include "manifests/scte35/names.hpp"

namespace ssai {
namespace {

namespace scte35 = manifests::scte35;

std::string hex(std::span<const std::uint8_t> bytes) { return scte35::to_hex(bytes); }

// UPID types whose bytes are text (Table 21).
bool is_text_upid(std::uint8_t type) {
  return type == 0x01 || type == 0x02 || type == 0x03 || type == 0x07 || type == 0x09 || type == 0x0E ||
         type == 0x0F || type == 0x11;
}

// How people write the binary UPIDs: UUIDs dashed, EIDRs as DOIs ("10.5240/0EFB-02CD-...").
std::string formatted_upid(const scte35::Upid& upid) {
  const auto& b = upid.bytes;
  if (is_text_upid(upid.segmentation_upid_type)) return std::string(b.begin(), b.end());
  const std::string h = hex(b);
  if (upid.segmentation_upid_type == 0x10 && h.size() == 32) {
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
  }
  if (upid.segmentation_upid_type == 0x0A && b.size() == 12) {
    std::string out = "10." + std::to_string((b[0] << 8) | b[1]) + "/";
    for (std::size_t i = 4; i < h.size(); i += 4) {
      for (std::size_t k = i; k < i + 4; ++k) out.push_back(static_cast<char>(std::toupper(h[k])));
      if (i + 4 < h.size()) out.push_back('-');
    }
    return out;
  }
  return h;
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

void break_duration(JsonWriter& w, const std::optional<scte35::BreakDuration>& d) {
  if (!d) return;
  w.key("break_duration");
  w.begin_object();
  w.field("auto_return", d->auto_return);
  ticks(w, "duration", d->duration);
  w.end_object();
}

void unsigned_field(JsonWriter& w, std::string_view name, unsigned value) { w.field(name, value); }
// A length or count field, computed from what it counts (decoding checked them).
void count_field(JsonWriter& w, std::string_view name, std::size_t value) { w.field(name, static_cast<std::uint64_t>(value)); }

void splice_insert(JsonWriter& w, const scte35::SpliceInsert& s, std::uint64_t pts_adjustment) {
  w.field("splice_event_id", s.splice_event_id);
  w.field("splice_event_cancel_indicator", s.splice_event_cancel_indicator);
  if (s.splice_event_cancel_indicator) return;
  w.field("out_of_network_indicator", s.out_of_network_indicator);
  w.field("program_splice_flag", s.program_splice_flag);
  w.field("duration_flag", s.duration_flag);
  w.field("splice_immediate_flag", s.splice_immediate_flag);
  if (s.splice_time) splice_time(w, *s.splice_time, pts_adjustment);
  if (!s.program_splice_flag) {
    count_field(w, "component_count", s.components.size());
    w.key("components");
    w.begin_array();
    for (const auto& c : s.components) {
      w.begin_object();
      unsigned_field(w, "component_tag", c.component_tag);
      if (c.splice_time) splice_time(w, *c.splice_time, pts_adjustment);
      w.end_object();
    }
    w.end_array();
  }
  break_duration(w, s.break_duration);
  unsigned_field(w, "unique_program_id", s.unique_program_id);
  unsigned_field(w, "avail_num", s.avail_num);
  unsigned_field(w, "avails_expected", s.avails_expected);
}

void splice_schedule(JsonWriter& w, const scte35::SpliceSchedule& s) {
  count_field(w, "splice_count", s.events.size());
  w.key("events");
  w.begin_array();
  for (const auto& e : s.events) {
    w.begin_object();
    w.field("splice_event_id", e.splice_event_id);
    w.field("splice_event_cancel_indicator", e.splice_event_cancel_indicator);
    if (!e.splice_event_cancel_indicator) {
      w.field("out_of_network_indicator", e.out_of_network_indicator);
      w.field("program_splice_flag", e.program_splice_flag);
      w.field("duration_flag", e.duration_flag);
      if (e.utc_splice_time) w.field("utc_splice_time", *e.utc_splice_time);
      if (!e.program_splice_flag) {
        count_field(w, "component_count", e.components.size());
        w.key("components");
        w.begin_array();
        for (const auto& c : e.components) {
          w.begin_object();
          unsigned_field(w, "component_tag", c.component_tag);
          w.field("utc_splice_time", c.utc_splice_time);
          w.end_object();
        }
        w.end_array();
      }
      break_duration(w, e.break_duration);
      unsigned_field(w, "unique_program_id", e.unique_program_id);
      unsigned_field(w, "avail_num", e.avail_num);
      unsigned_field(w, "avails_expected", e.avails_expected);
    }
    w.end_object();
  }
  w.end_array();
}

void upid_fields(JsonWriter& w, const scte35::Upid& upid) {
  unsigned_field(w, "segmentation_upid_type", upid.segmentation_upid_type);
  w.field("segmentation_upid_type_name", scte35::upid_type_name(upid.segmentation_upid_type));
  count_field(w, "segmentation_upid_length", scte35::segmentation_upid_length(upid));
  w.field("segmentation_upid", hex(upid.bytes));
  if (!upid.nested.empty()) {
    w.key("segmentation_upids");
    w.begin_array();
    for (const auto& inner : upid.nested) {
      w.begin_object();
      upid_fields(w, inner);
      w.end_object();
    }
    w.end_array();
  } else if (!upid.bytes.empty()) {
    w.field("segmentation_upid_text", formatted_upid(upid));
  }
}

void segmentation(JsonWriter& w, const scte35::SegmentationDescriptor& d) {
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
    unsigned_field(w, "device_restrictions", d.device_restrictions);
  }
  if (!d.program_segmentation_flag) {
    count_field(w, "component_count", d.components.size());
    w.key("components");
    w.begin_array();
    for (const auto& c : d.components) {
      w.begin_object();
      unsigned_field(w, "component_tag", c.component_tag);
      ticks(w, "pts_offset", c.pts_offset);
      w.end_object();
    }
    w.end_array();
  }
  if (d.segmentation_duration) ticks(w, "segmentation_duration", *d.segmentation_duration);
  upid_fields(w, d.segmentation_upid);
  unsigned_field(w, "segmentation_type_id", d.segmentation_type_id);
  w.field("segmentation_type_name", scte35::segmentation_type_name(d.segmentation_type_id));
  unsigned_field(w, "segment_num", d.segment_num);
  unsigned_field(w, "segments_expected", d.segments_expected);
  if (d.sub_segment_num) unsigned_field(w, "sub_segment_num", *d.sub_segment_num);
  if (d.sub_segments_expected) unsigned_field(w, "sub_segments_expected", *d.sub_segments_expected);
}

void descriptor(JsonWriter& w, const scte35::SpliceDescriptor& descriptor) {
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, scte35::AvailDescriptor>) {
          unsigned_field(w, "splice_descriptor_tag", scte35::kAvailDescriptorTag);
          count_field(w, "descriptor_length", scte35::descriptor_length(descriptor));
          w.field("name", "avail_descriptor");
          w.field("provider_avail_id", d.provider_avail_id);
        } else if constexpr (std::is_same_v<T, scte35::DtmfDescriptor>) {
          unsigned_field(w, "splice_descriptor_tag", scte35::kDtmfDescriptorTag);
          count_field(w, "descriptor_length", scte35::descriptor_length(descriptor));
          w.field("name", "DTMF_descriptor");
          unsigned_field(w, "preroll", d.preroll);
          count_field(w, "dtmf_count", d.dtmf_chars.size());
          w.field("dtmf_chars", d.dtmf_chars);
        } else if constexpr (std::is_same_v<T, scte35::SegmentationDescriptor>) {
          unsigned_field(w, "splice_descriptor_tag", scte35::kSegmentationDescriptorTag);
          count_field(w, "descriptor_length", scte35::descriptor_length(descriptor));
          w.field("name", "segmentation_descriptor");
          segmentation(w, d);
        } else if constexpr (std::is_same_v<T, scte35::TimeDescriptor>) {
          unsigned_field(w, "splice_descriptor_tag", scte35::kTimeDescriptorTag);
          count_field(w, "descriptor_length", scte35::descriptor_length(descriptor));
          w.field("name", "time_descriptor");
          w.field("tai_seconds", d.tai_seconds);
          w.field("tai_ns", d.tai_ns);
          unsigned_field(w, "utc_offset", d.utc_offset);
        } else if constexpr (std::is_same_v<T, scte35::AudioDescriptor>) {
          unsigned_field(w, "splice_descriptor_tag", scte35::kAudioDescriptorTag);
          count_field(w, "descriptor_length", scte35::descriptor_length(descriptor));
          w.field("name", "audio_descriptor");
          count_field(w, "audio_count", d.components.size());
          w.key("components");
          w.begin_array();
          for (const auto& c : d.components) {
            w.begin_object();
            unsigned_field(w, "component_tag", c.component_tag);
            w.field("iso_code", c.iso_code);
            unsigned_field(w, "bit_stream_mode", c.bit_stream_mode);
            unsigned_field(w, "num_channels", c.num_channels);
            w.field("full_srvc_audio", c.full_srvc_audio);
            w.end_object();
          }
          w.end_array();
        } else {
          unsigned_field(w, "splice_descriptor_tag", d.splice_descriptor_tag);
          count_field(w, "descriptor_length", scte35::descriptor_length(descriptor));
          w.field("name", "private_descriptor");
          w.field("identifier", d.identifier);
          w.field("private_bytes", hex(d.bytes));
          return;
        }
        w.field("identifier", "CUEI");
      },
      descriptor);
}

}  // namespace

std::string scte35_to_json(const scte35::SpliceInfoSection& s) {
  JsonWriter w;
  w.begin_object();
  unsigned_field(w, "table_id", s.table_id);
  w.field("section_syntax_indicator", s.section_syntax_indicator);
  w.field("private_indicator", s.private_indicator);
  unsigned_field(w, "sap_type", s.sap_type);
  unsigned_field(w, "section_length", s.section_length);
  unsigned_field(w, "protocol_version", s.protocol_version);
  w.field("encrypted_packet", s.encrypted_packet);
  unsigned_field(w, "encryption_algorithm", s.encryption_algorithm);
  ticks(w, "pts_adjustment", s.pts_adjustment);
  unsigned_field(w, "cw_index", s.cw_index);
  unsigned_field(w, "tier", s.tier);
  unsigned_field(w, "splice_command_length", s.splice_command_length);
  unsigned_field(w, "splice_command_type", s.splice_command_type);
  w.field("splice_command_name", scte35::command_name(s.splice_command_type));
  std::visit(
      [&](const auto& command) {
        using T = std::decay_t<decltype(command)>;
        if constexpr (std::is_same_v<T, scte35::EncryptedCommand>) {
          w.field("encrypted_bytes", hex(command.bytes));
          return;
        }
        w.key(scte35::command_name(s.splice_command_type));
        w.begin_object();
        if constexpr (std::is_same_v<T, scte35::SpliceInsert>) {
          splice_insert(w, command, s.pts_adjustment);
        } else if constexpr (std::is_same_v<T, scte35::TimeSignal>) {
          splice_time(w, command.splice_time, s.pts_adjustment);
        } else if constexpr (std::is_same_v<T, scte35::SpliceSchedule>) {
          splice_schedule(w, command);
        } else if constexpr (std::is_same_v<T, scte35::PrivateCommand>) {
          w.field("identifier", command.identifier);
          w.field("private_bytes", hex(command.private_bytes));
        }
        w.end_object();
      },
      s.splice_command);
  if (!s.encrypted_packet) {
    count_field(w, "descriptor_loop_length", scte35::descriptor_loop_length(s.descriptors));
    w.key("descriptors");
    w.begin_array();
    for (const auto& d : s.descriptors) {
      w.begin_object();
      descriptor(w, d);
      w.end_object();
    }
    w.end_array();
  }
  if (!s.alignment_stuffing.empty()) w.field("alignment_stuffing", hex(s.alignment_stuffing));
  if (s.packet_stuffing_bytes) w.field("packet_stuffing_bytes", static_cast<std::uint64_t>(s.packet_stuffing_bytes));
  char crc[11];
  if (s.e_crc_32) {
    std::snprintf(crc, sizeof crc, "0x%08X", *s.e_crc_32);
    w.field("e_crc_32", crc);
  }
  std::snprintf(crc, sizeof crc, "0x%08X", s.crc_32);
  w.field("crc_32", crc);
  w.field("crc_ok", s.crc_ok);
  w.end_object();
  return w.take();
}

}  // namespace ssai
