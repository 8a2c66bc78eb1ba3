#pragma once
// pugixml helpers for VAST: a missing node is silently empty in pugixml, so required
// elements are checked by the callers; these only read what is there.
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include <pugixml.hpp>

namespace vast::xml {

/// Text of an element with CDATA and surrounding whitespace folded away; ad servers
/// indent URLs inside CDATA freely.
inline std::string text_of(const pugi::xml_node& node) {
  std::string out;
  for (auto child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  }
  const auto first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = out.find_last_not_of(" \t\r\n");
  return out.substr(first, last - first + 1);
}

inline std::optional<int> int_attribute(const pugi::xml_node& node, const char* name) {
  const auto attr = node.attribute(name);
  if (!attr) return std::nullopt;
  std::string_view value = attr.value();
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  int out = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc{} || ptr != value.data() + value.size()) return std::nullopt;
  return out;
}

inline std::optional<bool> bool_attribute(const pugi::xml_node& node, const char* name) {
  const auto attr = node.attribute(name);
  if (!attr) return std::nullopt;
  // xs:boolean is "true"/"false"/"1"/"0"; ad servers also write "True" and "FALSE".
  std::string value = attr.value();
  for (auto& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return std::nullopt;
}

inline std::string attribute(const pugi::xml_node& node, const char* name) { return node.attribute(name).value(); }

inline std::vector<std::string> texts(const pugi::xml_node& parent, const char* name) {
  std::vector<std::string> out;
  for (auto node : parent.children(name)) {
    auto value = text_of(node);
    if (!value.empty()) out.push_back(std::move(value));
  }
  return out;
}

/// The element serialized back to XML (extensions are handed on as they came).
inline std::string outer_xml(const pugi::xml_node& node) {
  struct Writer : pugi::xml_writer {
    std::string out;
    void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
  } writer;
  node.print(writer, "", pugi::format_raw);
  return writer.out;
}

}  // namespace vast::xml
