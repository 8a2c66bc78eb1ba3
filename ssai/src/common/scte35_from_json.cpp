// The JSON of `ssai scte35 decode` back into a section, for `ssai scte35 encode`.
#include <rapidjson/document.h>

#include "common/json_io.hpp"
#include "common/scte35_fields.hpp"
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

// The reading direction of scte35_fields.hpp: each field from the member of its name;
// a missing or mistyped one is its fallback. The first error (a bad hex string, no
// command) is kept and reported.
class JsonIn {
 public:
  static constexpr bool kWriting = false;
  JsonIn(const Value& o, std::optional<Error>& error) : o_(o), error_(error) {}
  std::uint64_t pts_adjustment = 0;  // (read, not used: adjusted times are only shown)

  template <class T>
  void number(const char* name, T& field, std::type_identity_t<T> fallback = {}) {
    field = static_cast<T>(u(o_, name, fallback));
  }
  void flag(const char* name, bool& field, bool fallback = false) { field = b(o_, name, fallback); }
  void ticks(const char* name, std::uint64_t& field) { field = u(o_, name); }
  template <class T>
  void optional_number(const char* name, std::optional<T>& field) {
    if (member(o_, name)) field = static_cast<T>(u(o_, name));
  }
  void optional_ticks(const char* name, std::optional<std::uint64_t>& field) { optional_number(name, field); }
  void text(const char* name, std::string& field) { field = s(o_, name); }
  void hex(const char* name, std::vector<std::uint8_t>& field) {
    auto bytes = unhex(s(o_, name), name);
    if (bytes) {
      field = std::move(*bytes);
    } else if (!error_) {
      error_ = bytes.error();
    }
  }
  void hex_if_any(const char* name, std::vector<std::uint8_t>& field) { hex(name, field); }
  template <class T>
  void shown(const char*, const T&) {}
  void shown_ticks(const char*, std::uint64_t) {}
  void shown_upid_text(const char*, const scte35::Upid&) {}
  void shown_crc(const char*, std::uint32_t) {}
  template <class T>
  void object(const char* name, T& field) {
    if (const auto* v = member(o_, name)) read(*v, field);
  }
  template <class T>
  void optional(const char* name, std::optional<T>& field) {
    if (const auto* v = member(o_, name)) read(*v, field.emplace());
  }
  template <class T>
  void array(const char* name, std::vector<T>& items) {
    const auto* v = member(o_, name);
    if (!v || !v->IsArray()) return;
    for (const auto& item : v->GetArray()) read(item, items.emplace_back());
  }
  template <class T>
  void array_if_any(const char* name, std::vector<T>& items) { array(name, items); }
  void command(scte35::SpliceCommand& command, std::uint8_t&);
  void descriptors(const char* name, std::vector<scte35::SpliceDescriptor>& loop);

  /// `value` described into `field`, then completed with what follows from its fields.
  template <class T>
  void read(const Value& value, T& field) {
    JsonIn in(value, error_);
    scte35_fields::describe(in, field);
    complete(in, field);
  }
  [[nodiscard]] bool has_bool(const char* name) const {
    const auto* v = member(o_, name);
    return v && v->IsBool();
  }

 private:
  // What a reader settles after the fields: defaults that follow from other fields.
  template <class T>
  static void complete(const JsonIn&, T&) {}
  static void complete(const JsonIn& in, scte35::SpliceInsert& i) {
    if (i.splice_event_cancel_indicator) return;
    if (!in.has_bool("duration_flag")) i.duration_flag = i.break_duration.has_value();
    // Program mode without splice_immediate has a splice time (unspecified when not
    // given); so has each component's when not immediate.
    if (i.program_splice_flag && !i.splice_immediate_flag) {
      if (!i.splice_time) i.splice_time.emplace();
    } else {
      i.splice_time.reset();
    }
    for (auto& component : i.components) {
      if (i.splice_immediate_flag) {
        component.splice_time.reset();
      } else if (!component.splice_time) {
        component.splice_time.emplace();
      }
    }
  }
  static void complete(const JsonIn& in, scte35::ScheduledEvent& e) {
    if (!e.splice_event_cancel_indicator && !in.has_bool("duration_flag")) e.duration_flag = e.break_duration.has_value();
  }
  static void complete(const JsonIn&, scte35::Upid& upid) {
    if (!upid.nested.empty()) upid.bytes.clear();  // a MID's bytes are its UPIDs'
  }
  static void complete(const JsonIn& in, scte35::SegmentationDescriptor& d) {
    d.segmentation_duration_flag = d.segmentation_duration.has_value();
    complete(in, d.segmentation_upid);
  }

  const Value& o_;
  std::optional<Error>& error_;
};

void JsonIn::command(scte35::SpliceCommand& command, std::uint8_t&) {
  // The command is the member named after it (its type is recomputed from it).
  if (const auto* v = member(o_, "splice_insert")) {
    read(*v, command.emplace<scte35::SpliceInsert>());
  } else if (const auto* v = member(o_, "time_signal")) {
    read(*v, command.emplace<scte35::TimeSignal>());
  } else if (const auto* v = member(o_, "splice_schedule")) {
    read(*v, command.emplace<scte35::SpliceSchedule>());
  } else if (member(o_, "splice_null")) {
    command.emplace<scte35::SpliceNull>();
  } else if (member(o_, "bandwidth_reservation")) {
    command.emplace<scte35::BandwidthReservation>();
  } else if (const auto* v = member(o_, "private_command")) {
    read(*v, command.emplace<scte35::PrivateCommand>());
  } else if (!error_) {
    error_ = Error{Errc::kBadRequest, "no command: expected splice_insert, time_signal, splice_schedule, splice_null, "
                                      "bandwidth_reservation or private_command"};
  }
}

void JsonIn::descriptors(const char* name, std::vector<scte35::SpliceDescriptor>& loop) {
  const auto* v = member(o_, name);
  if (!v || !v->IsArray()) return;
  for (const auto& item : v->GetArray()) {
    // The spec's descriptors by tag; a private one (or a tag past the spec's) as bytes.
    const auto tag = static_cast<std::uint8_t>(u(item, "splice_descriptor_tag", 0xFFFF));
    if (s(item, "name") == "private_descriptor" || tag > scte35::kAudioDescriptorTag) {
      read(item, std::get<scte35::RawDescriptor>(loop.emplace_back(scte35::RawDescriptor{tag, 0, {}})));
      continue;
    }
    auto& descriptor = loop.emplace_back();
    switch (tag) {
      case scte35::kAvailDescriptorTag:
        read(item, descriptor.emplace<scte35::AvailDescriptor>());
        break;
      case scte35::kDtmfDescriptorTag:
        read(item, descriptor.emplace<scte35::DtmfDescriptor>());
        break;
      case scte35::kSegmentationDescriptorTag:
        read(item, descriptor.emplace<scte35::SegmentationDescriptor>());
        break;
      case scte35::kTimeDescriptorTag:
        read(item, descriptor.emplace<scte35::TimeDescriptor>());
        break;
      default:
        read(item, descriptor.emplace<scte35::AudioDescriptor>());
        break;
    }
  }
}

}  // namespace

Result<scte35::SpliceInfoSection> scte35_from_json(std::string_view json) {
  rapidjson::Document doc;
  if (!parse_json(doc, json) || !doc.IsObject()) return fail(Errc::kBadRequest, "not a JSON object");
  scte35::SpliceInfoSection section;
  std::optional<Error> error;
  JsonIn(doc, error).read(doc, section);
  if (section.encrypted_packet) return fail(Errc::kBadRequest, "encrypted sections cannot be encoded");
  if (error) return tl::unexpected(*error);
  return section;
}

}  // namespace ssai
