#pragma once
// Small RapidJSON wrappers for the service's own documents: a writer that never
// produces invalid JSON, and a lenient reader that yields defaults for missing fields.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "ssai/http_types.hpp"

namespace ssai {

/// How deep a JSON document from outside may nest (objects and arrays).
inline constexpr std::size_t kMaxJsonDepth = 32;

/// Parses JSON from outside (request bodies, configuration): without recursion (a deep
/// document cannot exhaust the stack), and refused when nested deeper than kMaxJsonDepth.
/// False when refused or not well-formed (then doc.HasParseError() tells which).
[[nodiscard]] inline bool parse_json(rapidjson::Document& doc, std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return false;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  return !doc.HasParseError();
}

class JsonWriter {
 public:
  JsonWriter() : writer_(buffer_) {}
  void begin_object() { writer_.StartObject(); }
  void end_object() { writer_.EndObject(); }
  void begin_array() { writer_.StartArray(); }
  void end_array() { writer_.EndArray(); }
  void key(std::string_view k) { writer_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
  void value(std::string_view v) { writer_.String(v.data(), static_cast<rapidjson::SizeType>(v.size())); }
  void value(const char* v) { value(std::string_view(v)); }
  void value(std::int64_t v) { writer_.Int64(v); }
  void value(int v) { writer_.Int(v); }
  void value(unsigned v) { writer_.Uint(v); }
  void value(std::uint64_t v) { writer_.Uint64(v); }
  void value(double v) { writer_.Double(v); }
  void value(bool v) { writer_.Bool(v); }
  void null() { writer_.Null(); }
  template <class T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  /// Inserts already-serialized JSON as the next value.
  void raw(std::string_view json) {
    writer_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }
  [[nodiscard]] std::string take() { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

/// `key`: [{"event": ..., "<url_key>": ...}, ...], the pairs `pair_of(item)` gives:
/// VAST tracking events and the decisions' (event, URL) lists alike.
template <class Items, class PairOf>
void write_events(JsonWriter& w, std::string_view key, const Items& items, std::string_view url_key, PairOf pair_of) {
  w.key(key);
  w.begin_array();
  for (const auto& item : items) {
    const auto& [event, url] = pair_of(item);
    w.begin_object();
    w.field("event", event);
    w.field(url_key, url);
    w.end_object();
  }
  w.end_array();
}

class JsonReader {
 public:
  explicit JsonReader(std::string_view json) : owned_(std::make_shared<rapidjson::Document>()) {
    owned_->Parse(json.data(), json.size());
    if (!owned_->HasParseError() && owned_->IsObject()) value_ = owned_.get();
  }
  explicit JsonReader(const rapidjson::Value& value) : value_(value.IsObject() ? &value : nullptr) {}

  [[nodiscard]] bool ok() const { return value_ != nullptr; }
  [[nodiscard]] const rapidjson::Value* find(const char* name) const {
    if (!value_) return nullptr;
    auto it = value_->FindMember(name);
    return it == value_->MemberEnd() ? nullptr : &it->value;
  }
  [[nodiscard]] std::string string(const char* name) const {
    auto* v = find(name);
    return v && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string{};
  }
  [[nodiscard]] bool boolean(const char* name) const {
    auto* v = find(name);
    return v && v->IsBool() && v->GetBool();
  }
  [[nodiscard]] std::int64_t integer(const char* name) const {
    auto* v = find(name);
    return v && v->IsInt64() ? v->GetInt64() : 0;
  }
  [[nodiscard]] std::vector<std::string> strings(const char* name) const {
    std::vector<std::string> out;
    if (auto* v = find(name); v && v->IsArray()) {
      for (const auto& item : v->GetArray()) {
        if (item.IsString()) out.emplace_back(item.GetString(), item.GetStringLength());
      }
    }
    return out;
  }
  [[nodiscard]] std::vector<const rapidjson::Value*> objects(const char* name) const {
    std::vector<const rapidjson::Value*> out;
    if (auto* v = find(name); v && v->IsArray()) {
      for (const auto& item : v->GetArray()) {
        if (item.IsObject()) out.push_back(&item);
      }
    }
    return out;
  }
  [[nodiscard]] Params string_map(const char* name) const {
    Params out;
    if (auto* v = find(name); v && v->IsObject()) {
      for (const auto& m : v->GetObject()) {
        if (m.value.IsString()) out.emplace_back(m.name.GetString(), m.value.GetString());
      }
    }
    return out;
  }

 private:
  std::shared_ptr<rapidjson::Document> owned_;
  const rapidjson::Value* value_ = nullptr;
};

}  // namespace ssai
