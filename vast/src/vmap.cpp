#include "vast/vmap.hpp"

#include <algorithm>
#include <charconv>

#include "xml.hpp"

namespace vast {
namespace {

using xml::attribute;
using xml::text_of;

// VMAP elements carry whatever prefix the document bound to the VMAP namespace
// ("vmap:" nearly always); compare local names.
std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (auto c : node.children()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

template <class F>
void for_each_child(const pugi::xml_node& node, std::string_view name, F&& f) {
  for (auto c : node.children()) {
    if (c.type() == pugi::node_element && local_name(c) == name) f(c);
  }
}

std::vector<Extension> extensions_of(const pugi::xml_node& node) {
  std::vector<Extension> out;
  for_each_child(child(node, "Extensions"), "Extension", [&](const pugi::xml_node& e) {
    out.push_back({attribute(e, "type"), xml::outer_xml(e)});
  });
  return out;
}

Result<AdBreak> parse_break(const pugi::xml_node& node) {
  AdBreak ad_break;
  const std::string offset_text = attribute(node, "timeOffset");
  auto offset = parse_time_offset(offset_text);
  if (!offset) return fail(Errc::kSchema, "AdBreak timeOffset '" + offset_text + "' is not start, end, HH:MM:SS, n% or #n");
  ad_break.time_offset = *offset;
  ad_break.break_type = attribute(node, "breakType");
  if (ad_break.break_type.empty()) return fail(Errc::kSchema, "AdBreak without breakType");
  ad_break.break_id = attribute(node, "breakId");
  if (auto repeat = node.attribute("repeatAfter")) ad_break.repeat_after = parse_duration(repeat.value());
  if (auto source = child(node, "AdSource")) {
    AdSource s;
    s.id = attribute(source, "id");
    s.allow_multiple_ads = xml::bool_attribute(source, "allowMultipleAds").value_or(false);
    s.follow_redirects = xml::bool_attribute(source, "followRedirects");
    if (auto data = child(source, "VASTAdData")) {
      // The VAST element inside, handed to vast::parse as it came.
      for (auto c : data.children()) {
        if (c.type() == pugi::node_element) s.vast_ad_data = xml::outer_xml(c);
      }
    }
    if (auto tag = child(source, "AdTagURI")) {
      s.ad_tag_uri = text_of(tag);
      s.template_type = attribute(tag, "templateType");
    }
    if (auto custom = child(source, "CustomAdData")) s.custom_ad_data = text_of(custom);
    ad_break.ad_source = std::move(s);
  }
  for_each_child(child(node, "TrackingEvents"), "Tracking", [&](const pugi::xml_node& t) {
    TrackingEvent event{attribute(t, "event"), text_of(t), std::nullopt};
    if (!event.event.empty() && !event.uri.empty()) ad_break.tracking_events.push_back(std::move(event));
  });
  ad_break.extensions = extensions_of(node);
  return ad_break;
}

}  // namespace

bool AdBreak::is_linear() const { return break_type.find("linear") != std::string::npos && break_type != "nonlinear"; }

std::optional<TimeOffset> parse_time_offset(std::string_view text) {
  TimeOffset offset;
  if (text == "start") return offset;
  if (text == "end") {
    offset.kind = TimeOffset::Kind::kEnd;
    return offset;
  }
  if (text.starts_with('#')) {
    offset.kind = TimeOffset::Kind::kPosition;
    auto [ptr, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), offset.position);
    if (ec != std::errc{} || ptr != text.data() + text.size() || offset.position < 1) return std::nullopt;
    return offset;
  }
  if (text.ends_with('%')) {
    offset.kind = TimeOffset::Kind::kPercent;
    const auto number = text.substr(0, text.size() - 1);
    auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), offset.percent);
    if (ec != std::errc{} || ptr != number.data() + number.size() || offset.percent < 0 || offset.percent > 100) {
      return std::nullopt;
    }
    return offset;
  }
  auto time = parse_duration(text);
  if (!time) return std::nullopt;
  offset.kind = TimeOffset::Kind::kTime;
  offset.time = *time;
  return offset;
}

std::optional<Milliseconds> break_time(const TimeOffset& offset, Milliseconds content_duration) {
  switch (offset.kind) {
    case TimeOffset::Kind::kStart: return Milliseconds{0};
    case TimeOffset::Kind::kEnd: return content_duration;
    case TimeOffset::Kind::kTime: return std::min(offset.time, content_duration);
    case TimeOffset::Kind::kPercent:
      return Milliseconds{static_cast<std::int64_t>(static_cast<double>(content_duration.count()) * offset.percent / 100.0)};
    case TimeOffset::Kind::kPosition: return std::nullopt;
  }
  return std::nullopt;
}

Result<Vmap> parse_vmap(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_bytes) return fail(Errc::kTooLarge, "VMAP document over " + std::to_string(limits.max_bytes) + " bytes");
  if (text.find("<!DOCTYPE") != std::string_view::npos || text.find("<!ENTITY") != std::string_view::npos) {
    return fail(Errc::kForbidden, "VMAP documents with a DTD or entity declarations are refused");
  }
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!parsed) return fail(Errc::kXmlParse, std::string("VMAP is not well-formed XML: ") + parsed.description());
  pugi::xml_node root;
  for (auto c : doc.children()) {
    if (c.type() == pugi::node_element) root = c;
  }
  if (!root || local_name(root) != "VMAP") return fail(Errc::kSchema, "Not a VMAP document");
  Vmap vmap;
  vmap.version = attribute(root, "version");
  if (!vmap.version.starts_with("1.")) return fail(Errc::kUnsupportedVersion, "VMAP version '" + vmap.version + "' is not 1.x");
  std::size_t breaks = 0;
  std::optional<Error> error;
  for_each_child(root, "AdBreak", [&](const pugi::xml_node& node) {
    if (error) return;
    if (++breaks > limits.max_elements) {
      error = Error{Errc::kTooLarge, "too many AdBreaks"};
      return;
    }
    auto ad_break = parse_break(node);
    if (!ad_break) {
      error = ad_break.error();
      return;
    }
    vmap.ad_breaks.push_back(std::move(*ad_break));
  });
  if (error) return tl::unexpected(*error);
  vmap.extensions = extensions_of(root);
  return vmap;
}

}  // namespace vast
