#pragma once
// Each SCTE-35 structure's fields, described once, in the spec's order and with its
// syntax element names: `ssai scte35 decode` writes JSON by walking this description
// (scte35_json.cpp) and `ssai scte35 encode` reads JSON by walking the same one
// (scte35_from_json.cpp), the way scte35-go drives both directions from one table.
//
// A visitor V is either direction. What it is told:
//   number / flag / ticks / text / hex (name, field[, fallback])  a field, both ways;
//     reading, `fallback` is what a missing field means;
//   shown(name, value)   what decode adds for people (names, lengths and counts, adjusted
//                        times): written, never read (encode recomputes lengths);
//   object / optional / array (name, field)  a nested structure, described the same way;
//   V::kWriting          for the few places where the two directions differ in what
//                        says a field is there.
// What a reader cannot know from one field alone (a default that follows from another
// field) is settled after reading, in complete() of scte35_from_json.cpp.
#include <concepts>
#include <type_traits>

#include "manifests/scte35/encode.hpp"
#include "manifests/scte35/names.hpp"
#include "manifests/scte35/splice_info.hpp"

namespace ssai::scte35_fields {

namespace scte35 = manifests::scte35;

/// S is T, const or not: one description serves the writer (const) and the reader.
template <class S, class T>
concept Is = std::same_as<std::remove_const_t<S>, T>;

template <class V, Is<scte35::SpliceTime> S>
void describe(V& v, S& t) {
  v.flag("time_specified_flag", t.time_specified_flag);
  // Written when it is there; read when the flag says it is (0 when not given).
  if constexpr (V::kWriting) {
    if (!t.pts_time) return;
  } else {
    if (!t.time_specified_flag) return;
    t.pts_time.emplace(0);
  }
  v.ticks("pts_time", *t.pts_time);
  v.shown_ticks("pts_time_adjusted", scte35::adjusted_pts(*t.pts_time, v.pts_adjustment));
}

template <class V, Is<scte35::BreakDuration> S>
void describe(V& v, S& d) {
  v.flag("auto_return", d.auto_return);
  v.ticks("duration", d.duration);
}

template <class V, Is<scte35::SpliceInsertComponent> S>
void describe(V& v, S& c) {
  v.number("component_tag", c.component_tag);
  v.optional("splice_time", c.splice_time);
}

template <class V, Is<scte35::SpliceInsert> S>
void describe(V& v, S& s) {
  v.number("splice_event_id", s.splice_event_id);
  v.flag("splice_event_cancel_indicator", s.splice_event_cancel_indicator);
  if (s.splice_event_cancel_indicator) return;
  v.flag("out_of_network_indicator", s.out_of_network_indicator);
  v.flag("program_splice_flag", s.program_splice_flag, true);
  v.flag("duration_flag", s.duration_flag);
  v.flag("splice_immediate_flag", s.splice_immediate_flag);
  v.optional("splice_time", s.splice_time);
  if (!s.program_splice_flag) {
    v.shown("component_count", s.components.size());
    v.array("components", s.components);
  }
  v.optional("break_duration", s.break_duration);
  v.number("unique_program_id", s.unique_program_id);
  v.number("avail_num", s.avail_num);
  v.number("avails_expected", s.avails_expected);
}

template <class V, Is<scte35::TimeSignal> S>
void describe(V& v, S& s) {
  v.object("splice_time", s.splice_time);
}

template <class V, Is<scte35::ScheduleComponent> S>
void describe(V& v, S& c) {
  v.number("component_tag", c.component_tag);
  v.number("utc_splice_time", c.utc_splice_time);
}

template <class V, Is<scte35::ScheduledEvent> S>
void describe(V& v, S& e) {
  v.number("splice_event_id", e.splice_event_id);
  v.flag("splice_event_cancel_indicator", e.splice_event_cancel_indicator);
  if (e.splice_event_cancel_indicator) return;
  v.flag("out_of_network_indicator", e.out_of_network_indicator);
  v.flag("program_splice_flag", e.program_splice_flag, true);
  v.flag("duration_flag", e.duration_flag);
  v.optional_number("utc_splice_time", e.utc_splice_time);
  if (!e.program_splice_flag) {
    v.shown("component_count", e.components.size());
    v.array("components", e.components);
  }
  v.optional("break_duration", e.break_duration);
  v.number("unique_program_id", e.unique_program_id);
  v.number("avail_num", e.avail_num);
  v.number("avails_expected", e.avails_expected);
}

template <class V, Is<scte35::SpliceSchedule> S>
void describe(V& v, S& s) {
  v.shown("splice_count", s.events.size());
  v.array("events", s.events);
}

template <class V, Is<scte35::PrivateCommand> S>
void describe(V& v, S& c) {
  v.number("identifier", c.identifier);
  v.hex("private_bytes", c.private_bytes);
}

template <class V, Is<scte35::SpliceNull> S>
void describe(V&, S&) {}

template <class V, Is<scte35::BandwidthReservation> S>
void describe(V&, S&) {}

template <class V, Is<scte35::Upid> S>
void describe(V& v, S& u) {
  v.number("segmentation_upid_type", u.segmentation_upid_type);
  v.shown("segmentation_upid_type_name", scte35::upid_type_name(u.segmentation_upid_type));
  v.shown("segmentation_upid_length", scte35::segmentation_upid_length(u));
  v.hex("segmentation_upid", u.bytes);
  // A MID (0x0D) holds other UPIDs; the others are shown as people write them.
  v.array_if_any("segmentation_upids", u.nested);
  if (u.nested.empty() && !u.bytes.empty()) v.shown_upid_text("segmentation_upid_text", u);
}

template <class V, Is<scte35::SegmentationComponent> S>
void describe(V& v, S& c) {
  v.number("component_tag", c.component_tag);
  v.ticks("pts_offset", c.pts_offset);
}

template <class V, Is<scte35::SegmentationDescriptor> S>
void describe(V& v, S& d) {
  v.number("segmentation_event_id", d.segmentation_event_id);
  v.flag("segmentation_event_cancel_indicator", d.segmentation_event_cancel_indicator);
  if (d.segmentation_event_cancel_indicator) return;
  v.flag("program_segmentation_flag", d.program_segmentation_flag, true);
  v.shown("segmentation_duration_flag", d.segmentation_duration_flag);  // encode: from segmentation_duration
  v.flag("delivery_not_restricted_flag", d.delivery_not_restricted_flag, true);
  if (!d.delivery_not_restricted_flag) {
    v.flag("web_delivery_allowed_flag", d.web_delivery_allowed_flag);
    v.flag("no_regional_blackout_flag", d.no_regional_blackout_flag);
    v.flag("archive_allowed_flag", d.archive_allowed_flag);
    v.number("device_restrictions", d.device_restrictions);
  }
  if (!d.program_segmentation_flag) {
    v.shown("component_count", d.components.size());
    v.array("components", d.components);
  }
  v.optional_ticks("segmentation_duration", d.segmentation_duration);
  describe(v, d.segmentation_upid);  // its fields sit in the descriptor's object
  v.number("segmentation_type_id", d.segmentation_type_id);
  v.shown("segmentation_type_name", scte35::segmentation_type_name(d.segmentation_type_id));
  v.number("segment_num", d.segment_num);
  v.number("segments_expected", d.segments_expected);
  v.optional_number("sub_segment_num", d.sub_segment_num);
  v.optional_number("sub_segments_expected", d.sub_segments_expected);
}

template <class V, Is<scte35::AvailDescriptor> S>
void describe(V& v, S& d) {
  v.number("provider_avail_id", d.provider_avail_id);
}

template <class V, Is<scte35::DtmfDescriptor> S>
void describe(V& v, S& d) {
  v.number("preroll", d.preroll);
  v.shown("dtmf_count", d.dtmf_chars.size());
  v.text("dtmf_chars", d.dtmf_chars);
}

template <class V, Is<scte35::TimeDescriptor> S>
void describe(V& v, S& d) {
  v.number("tai_seconds", d.tai_seconds);
  v.number("tai_ns", d.tai_ns);
  v.number("utc_offset", d.utc_offset);
}

template <class V, Is<scte35::AudioComponent> S>
void describe(V& v, S& c) {
  v.number("component_tag", c.component_tag);
  v.text("iso_code", c.iso_code);
  v.number("bit_stream_mode", c.bit_stream_mode);
  v.number("num_channels", c.num_channels);
  v.flag("full_srvc_audio", c.full_srvc_audio);
}

template <class V, Is<scte35::AudioDescriptor> S>
void describe(V& v, S& d) {
  v.shown("audio_count", d.components.size());
  v.array("components", d.components);
}

template <class V, Is<scte35::RawDescriptor> S>
void describe(V& v, S& d) {
  v.number("identifier", d.identifier);
  v.hex("private_bytes", d.bytes);
}

template <class V, Is<scte35::SpliceInfoSection> S>
void describe(V& v, S& s) {
  v.shown("table_id", s.table_id);
  v.shown("section_syntax_indicator", s.section_syntax_indicator);
  v.shown("private_indicator", s.private_indicator);
  v.number("sap_type", s.sap_type, 3);
  v.shown("section_length", s.section_length);
  v.number("protocol_version", s.protocol_version);
  v.flag("encrypted_packet", s.encrypted_packet);  // reading: refused, nothing encodes it
  v.shown("encryption_algorithm", s.encryption_algorithm);
  v.ticks("pts_adjustment", s.pts_adjustment);
  v.pts_adjustment = s.pts_adjustment;  // for the adjusted times shown below it
  v.number("cw_index", s.cw_index);
  v.number("tier", s.tier, 0xFFF);
  v.number("splice_command_length", s.splice_command_length);
  v.shown("splice_command_type", s.splice_command_type);
  v.shown("splice_command_name", scte35::command_name(s.splice_command_type));
  v.command(s.splice_command, s.splice_command_type);  // under its name: "splice_insert", ...
  if (!s.encrypted_packet) {
    v.shown("descriptor_loop_length", scte35::descriptor_loop_length(s.descriptors));
    v.descriptors("descriptors", s.descriptors);
  }
  v.hex_if_any("alignment_stuffing", s.alignment_stuffing);
  if (s.packet_stuffing_bytes) v.shown("packet_stuffing_bytes", s.packet_stuffing_bytes);
  if (s.e_crc_32) v.shown_crc("e_crc_32", *s.e_crc_32);
  v.shown_crc("crc_32", s.crc_32);
  v.shown("crc_ok", s.crc_ok);
}

/// Each descriptor of the loop: its tag and name (with its length and fields, and
/// "CUEI" for the spec's descriptors; a private one shows its own identifier).
struct DescriptorKind {
  std::uint8_t tag;
  const char* name;
};
template <class T>
[[nodiscard]] DescriptorKind descriptor_kind(const T& d) {
  if constexpr (std::is_same_v<T, scte35::AvailDescriptor>) return {scte35::kAvailDescriptorTag, "avail_descriptor"};
  if constexpr (std::is_same_v<T, scte35::DtmfDescriptor>) return {scte35::kDtmfDescriptorTag, "DTMF_descriptor"};
  if constexpr (std::is_same_v<T, scte35::SegmentationDescriptor>) {
    return {scte35::kSegmentationDescriptorTag, "segmentation_descriptor"};
  }
  if constexpr (std::is_same_v<T, scte35::TimeDescriptor>) return {scte35::kTimeDescriptorTag, "time_descriptor"};
  if constexpr (std::is_same_v<T, scte35::AudioDescriptor>) return {scte35::kAudioDescriptorTag, "audio_descriptor"};
  if constexpr (std::is_same_v<T, scte35::RawDescriptor>) return {d.splice_descriptor_tag, "private_descriptor"};
}

}  // namespace ssai::scte35_fields
