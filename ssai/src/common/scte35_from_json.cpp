// The JSON of `ssai scte35 decode` back into a section, for `ssai scte35 encode`.
#include <rapidjson/document.h>

#include "common/json_io.hpp"
#include "ssai/scte35_json.hpp"

namespace ssai {
namespace {

namespace scte35 = manifests::scte35;
using Value = rapidjson::Value;

std::uint64_t u(const Value& o, const char* name, std::uint64_t fallback = 0) {
  if (!o.IsObject()) return fallback;
  auto it = o.FindMember(name);
  return it != o.MemberEnd() && it->value.IsUint64() ? it->value.GetUint64() : fallback;
}

bool b(const Value& o, const char* name, bool fallback = false) {
  if (!o.IsObject()) return fallback;
  auto it = o.FindMember(name);
  return it != o.MemberEnd() && it->value.IsBool() ? it->value.GetBool() : fallback;
}

const Value* member(const Value& o, const char* name) {
  if (!o.IsObject()) return nullptr;
  auto it = o.FindMember(name);
  return it == o.MemberEnd() ? nullptr : &it->value;
}

std::string s(const Value& o, const char* name) {
  const auto* v = member(o, name);
  return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string{};
}

Result<std::vector<std::uint8_t>> unhex(const std::string& text, const char* field) {
  if (text.size() % 2) return fail(Errc::kBadRequest, std::string(field) + ": odd number of hex digits");
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    try {
      out.push_back(static_cast<std::uint8_t>(std::stoul(text.substr(i, 2), nullptr, 16)));
    } catch (...) {
      return fail(Errc::kBadRequest, std::string(field) + ": not hex");
    }
  }
  return out;
}

scte35::SpliceTime splice_time(const Value& o) {
  scte35::SpliceTime t;
  if (const auto* v = member(o, "splice_time")) {
    t.time_specified_flag = b(*v, "time_specified_flag");
    if (t.time_specified_flag) t.pts_time = u(*v, "pts_time");
  }
  return t;
}

std::optional<scte35::BreakDuration> break_duration(const Value& o) {
  const auto* v = member(o, "break_duration");
  if (!v) return std::nullopt;
  return scte35::BreakDuration{b(*v, "auto_return"), u(*v, "duration")};
}

scte35::SpliceInsert splice_insert(const Value& o) {
  scte35::SpliceInsert i;
  i.splice_event_id = static_cast<std::uint32_t>(u(o, "splice_event_id"));
  i.splice_event_cancel_indicator = b(o, "splice_event_cancel_indicator");
  i.out_of_network_indicator = b(o, "out_of_network_indicator");
  i.program_splice_flag = b(o, "program_splice_flag", true);
  i.splice_immediate_flag = b(o, "splice_immediate_flag");
  i.break_duration = break_duration(o);
  i.duration_flag = b(o, "duration_flag", i.break_duration.has_value());
  if (i.program_splice_flag && !i.splice_immediate_flag) i.splice_time = splice_time(o);
  if (const auto* components = member(o, "components"); components && components->IsArray()) {
    for (const auto& c : components->GetArray()) {
      scte35::SpliceInsertComponent component{static_cast<std::uint8_t>(u(c, "component_tag")), std::nullopt};
      if (!i.splice_immediate_flag) component.splice_time = splice_time(c);
      i.components.push_back(component);
    }
  }
  i.unique_program_id = static_cast<std::uint16_t>(u(o, "unique_program_id"));
  i.avail_num = static_cast<std::uint8_t>(u(o, "avail_num"));
  i.avails_expected = static_cast<std::uint8_t>(u(o, "avails_expected"));
  return i;
}

Result<scte35::Upid> upid(const Value& o) {
  scte35::Upid out;
  out.segmentation_upid_type = static_cast<std::uint8_t>(u(o, "segmentation_upid_type"));
  if (const auto* nested = member(o, "segmentation_upids"); nested && nested->IsArray()) {
    for (const auto& inner : nested->GetArray()) {
      auto parsed = upid(inner);
      if (!parsed) return parsed;
      out.nested.push_back(std::move(*parsed));
    }
    return out;
  }
  auto bytes = unhex(s(o, "segmentation_upid"), "segmentation_upid");
  if (!bytes) return tl::unexpected(bytes.error());
  out.bytes = std::move(*bytes);
  return out;
}

Result<scte35::SegmentationDescriptor> segmentation(const Value& o) {
  scte35::SegmentationDescriptor d;
  d.segmentation_event_id = static_cast<std::uint32_t>(u(o, "segmentation_event_id"));
  d.segmentation_event_cancel_indicator = b(o, "segmentation_event_cancel_indicator");
  d.program_segmentation_flag = b(o, "program_segmentation_flag", true);
  d.delivery_not_restricted_flag = b(o, "delivery_not_restricted_flag", true);
  d.web_delivery_allowed_flag = b(o, "web_delivery_allowed_flag");
  d.no_regional_blackout_flag = b(o, "no_regional_blackout_flag");
  d.archive_allowed_flag = b(o, "archive_allowed_flag");
  d.device_restrictions = static_cast<std::uint8_t>(u(o, "device_restrictions"));
  if (const auto* components = member(o, "components"); components && components->IsArray()) {
    for (const auto& c : components->GetArray()) {
      d.components.push_back({static_cast<std::uint8_t>(u(c, "component_tag")), u(c, "pts_offset")});
    }
  }
  if (member(o, "segmentation_duration")) d.segmentation_duration = u(o, "segmentation_duration");
  d.segmentation_duration_flag = d.segmentation_duration.has_value();
  auto parsed = upid(o);
  if (!parsed) return tl::unexpected(parsed.error());
  d.segmentation_upid = std::move(*parsed);
  d.segmentation_type_id = static_cast<std::uint8_t>(u(o, "segmentation_type_id"));
  d.segment_num = static_cast<std::uint8_t>(u(o, "segment_num"));
  d.segments_expected = static_cast<std::uint8_t>(u(o, "segments_expected"));
  if (member(o, "sub_segment_num")) d.sub_segment_num = static_cast<std::uint8_t>(u(o, "sub_segment_num"));
  if (member(o, "sub_segments_expected")) d.sub_segments_expected = static_cast<std::uint8_t>(u(o, "sub_segments_expected"));
  return d;
}

Result<scte35::SpliceDescriptor> descriptor(const Value& o) {
  const auto tag = static_cast<std::uint8_t>(u(o, "splice_descriptor_tag", 0xFFFF));
  if (s(o, "name") == "private_descriptor" || tag > scte35::kAudioDescriptorTag) {
    auto bytes = unhex(s(o, "private_bytes"), "private_bytes");
    if (!bytes) return tl::unexpected(bytes.error());
    return scte35::RawDescriptor{tag, static_cast<std::uint32_t>(u(o, "identifier")), std::move(*bytes)};
  }
  switch (tag) {
    case scte35::kAvailDescriptorTag:
      return scte35::AvailDescriptor{scte35::kCueIdentifier, static_cast<std::uint32_t>(u(o, "provider_avail_id"))};
    case scte35::kDtmfDescriptorTag:
      return scte35::DtmfDescriptor{scte35::kCueIdentifier, static_cast<std::uint8_t>(u(o, "preroll")), s(o, "dtmf_chars")};
    case scte35::kSegmentationDescriptorTag: {
      auto d = segmentation(o);
      if (!d) return tl::unexpected(d.error());
      return std::move(*d);
    }
    case scte35::kTimeDescriptorTag:
      return scte35::TimeDescriptor{scte35::kCueIdentifier, u(o, "tai_seconds"), static_cast<std::uint32_t>(u(o, "tai_ns")),
                                    static_cast<std::uint16_t>(u(o, "utc_offset"))};
    default: {
      scte35::AudioDescriptor d;
      if (const auto* components = member(o, "components"); components && components->IsArray()) {
        for (const auto& c : components->GetArray()) {
          d.components.push_back({static_cast<std::uint8_t>(u(c, "component_tag")), s(c, "iso_code"),
                                  static_cast<std::uint8_t>(u(c, "bit_stream_mode")),
                                  static_cast<std::uint8_t>(u(c, "num_channels")), b(c, "full_srvc_audio")});
        }
      }
      return d;
    }
  }
}

}  // namespace

Result<scte35::SpliceInfoSection> scte35_from_json(std::string_view json) {
  rapidjson::Document doc;
  if (!parse_json(doc, json) || !doc.IsObject()) return fail(Errc::kBadRequest, "not a JSON object");
  scte35::SpliceInfoSection section;
  section.sap_type = static_cast<std::uint8_t>(u(doc, "sap_type", 3));
  section.protocol_version = static_cast<std::uint8_t>(u(doc, "protocol_version"));
  section.pts_adjustment = u(doc, "pts_adjustment");
  section.cw_index = static_cast<std::uint8_t>(u(doc, "cw_index"));
  section.tier = static_cast<std::uint16_t>(u(doc, "tier", 0xFFF));
  section.splice_command_length = static_cast<std::uint16_t>(u(doc, "splice_command_length"));
  auto stuffing = unhex(s(doc, "alignment_stuffing"), "alignment_stuffing");
  if (!stuffing) return tl::unexpected(stuffing.error());
  section.alignment_stuffing = std::move(*stuffing);
  if (b(doc, "encrypted_packet")) return fail(Errc::kBadRequest, "encrypted sections cannot be encoded");
  if (const auto* v = member(doc, "splice_insert")) {
    section.splice_command = splice_insert(*v);
  } else if (const auto* v = member(doc, "time_signal")) {
    section.splice_command = scte35::TimeSignal{splice_time(*v)};
  } else if (member(doc, "splice_null")) {
    section.splice_command = scte35::SpliceNull{};
  } else if (member(doc, "bandwidth_reservation")) {
    section.splice_command = scte35::BandwidthReservation{};
  } else if (const auto* v = member(doc, "private_command")) {
    auto bytes = unhex(s(*v, "private_bytes"), "private_bytes");
    if (!bytes) return tl::unexpected(bytes.error());
    section.splice_command = scte35::PrivateCommand{static_cast<std::uint32_t>(u(*v, "identifier")), std::move(*bytes)};
  } else {
    return fail(Errc::kBadRequest, "no command: expected splice_insert, time_signal, splice_null, "
                                   "bandwidth_reservation or private_command");
  }
  if (const auto* descriptors = member(doc, "descriptors"); descriptors && descriptors->IsArray()) {
    for (const auto& d : descriptors->GetArray()) {
      auto parsed = descriptor(d);
      if (!parsed) return tl::unexpected(parsed.error());
      section.descriptors.push_back(std::move(*parsed));
    }
  }
  return section;
}

}  // namespace ssai
