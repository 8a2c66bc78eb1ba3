#include "ssai/scte35_json.hpp"

#include <cctype>
#include <cstdio>
#include <span>
#include <string_view>
#include <type_traits>

#include "common/json_io.hpp"
#include "common/scte35_fields.hpp"

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

// The writing direction of scte35_fields.hpp: fields as JSON members, in order.
class JsonOut {
 public:
  static constexpr bool kWriting = true;
  explicit JsonOut(JsonWriter& w) : w_(w) {}
  std::uint64_t pts_adjustment = 0;

  template <class T>
  void number(std::string_view name, const T& field, std::type_identity_t<T> = {}) {
    w_.field(name, static_cast<std::uint64_t>(field));
  }
  void flag(std::string_view name, bool field, bool = false) { w_.field(name, field); }
  void ticks(std::string_view name, std::uint64_t value) {
    w_.field(name, value);
    w_.field(std::string(name) + "_seconds", static_cast<double>(value) / 90000.0);
  }
  template <class T>
  void optional_number(std::string_view name, const std::optional<T>& field) {
    if (field) number(name, *field);
  }
  void optional_ticks(std::string_view name, const std::optional<std::uint64_t>& field) {
    if (field) ticks(name, *field);
  }
  void text(std::string_view name, const std::string& field) { w_.field(name, field); }
  void hex(std::string_view name, const std::vector<std::uint8_t>& field) { w_.field(name, scte35::to_hex(field)); }
  void hex_if_any(std::string_view name, const std::vector<std::uint8_t>& field) {
    if (!field.empty()) hex(name, field);
  }
  template <class T>
  void shown(std::string_view name, const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      w_.field(name, value);
    } else if constexpr (std::is_integral_v<T>) {
      w_.field(name, static_cast<std::uint64_t>(value));
    } else {
      w_.field(name, std::string_view(value));
    }
  }
  void shown_ticks(std::string_view name, std::uint64_t value) { ticks(name, value); }
  void shown_upid_text(std::string_view name, const scte35::Upid& upid) { w_.field(name, formatted_upid(upid)); }
  void shown_crc(std::string_view name, std::uint32_t crc) {
    char text[11];
    std::snprintf(text, sizeof text, "0x%08X", crc);
    w_.field(name, std::string_view(text));
  }
  template <class T>
  void object(std::string_view name, const T& field) {
    w_.key(name);
    w_.begin_object();
    scte35_fields::describe(*this, field);
    w_.end_object();
  }
  template <class T>
  void optional(std::string_view name, const std::optional<T>& field) {
    if (field) object(name, *field);
  }
  template <class T>
  void array(std::string_view name, const std::vector<T>& items) {
    w_.key(name);
    w_.begin_array();
    for (const auto& item : items) {
      w_.begin_object();
      scte35_fields::describe(*this, item);
      w_.end_object();
    }
    w_.end_array();
  }
  template <class T>
  void array_if_any(std::string_view name, const std::vector<T>& items) {
    if (!items.empty()) array(name, items);
  }
  void command(const scte35::SpliceCommand& command, std::uint8_t type) {
    std::visit(
        [&](const auto& c) {
          if constexpr (std::is_same_v<std::decay_t<decltype(c)>, scte35::EncryptedCommand>) {
            hex("encrypted_bytes", c.bytes);  // ciphertext: no fields to show
          } else {
            object(scte35::command_name(type), c);
          }
        },
        command);
  }
  void descriptors(std::string_view name, const std::vector<scte35::SpliceDescriptor>& loop) {
    w_.key(name);
    w_.begin_array();
    for (const auto& descriptor : loop) {
      w_.begin_object();
      std::visit(
          [&](const auto& d) {
            const auto kind = scte35_fields::descriptor_kind(d);
            shown("splice_descriptor_tag", kind.tag);
            shown("descriptor_length", scte35::descriptor_length(descriptor));
            shown("name", kind.name);
            scte35_fields::describe(*this, d);
            if constexpr (!std::is_same_v<std::decay_t<decltype(d)>, scte35::RawDescriptor>) shown("identifier", "CUEI");
          },
          descriptor);
      w_.end_object();
    }
    w_.end_array();
  }

 private:
  JsonWriter& w_;
};

}  // namespace

std::string scte35_to_json(const scte35::SpliceInfoSection& s) {
  JsonWriter w;
  JsonOut out(w);
  w.begin_object();
  scte35_fields::describe(out, s);
  w.end_object();
  return w.take();
}

}  // namespace ssai
