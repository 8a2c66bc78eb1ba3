#include "vast/parser.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <pugixml.hpp>

namespace vast {
namespace {

// Text of an element with CDATA and surrounding whitespace folded away; ad servers
// indent URLs inside CDATA freely.
std::string text_of(const pugi::xml_node& node) {
  std::string out;
  for (auto child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  }
  const auto first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = out.find_last_not_of(" \t\r\n");
  return out.substr(first, last - first + 1);
}

std::optional<int> int_attribute(const pugi::xml_node& node, const char* name) {
  const auto attr = node.attribute(name);
  if (!attr) return std::nullopt;
  const std::string_view value = attr.value();
  int out = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc{} || ptr != value.data() + value.size()) return std::nullopt;
  return out;
}

std::vector<std::string> texts(const pugi::xml_node& parent, const char* name) {
  std::vector<std::string> out;
  for (auto node : parent.children(name)) {
    auto value = text_of(node);
    if (!value.empty()) out.push_back(std::move(value));
  }
  return out;
}

struct ShapeCheck {
  std::size_t elements = 0;
  std::size_t max_depth = 0;
};

void measure(const pugi::xml_node& node, std::size_t depth, ShapeCheck& check) {
  for (auto child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    ++check.elements;
    check.max_depth = std::max(check.max_depth, depth + 1);
    measure(child, depth + 1, check);
  }
}

Result<Linear> parse_linear(const pugi::xml_node& node, bool in_wrapper) {
  Linear linear;
  const auto duration_text = text_of(node.child("Duration"));
  if (!duration_text.empty()) {
    auto duration = parse_duration(duration_text);
    if (!duration) return fail(Errc::kSchema, "Linear/Duration '" + duration_text + "' is not HH:MM:SS(.mmm)");
    linear.duration = *duration;
  } else if (!in_wrapper) {
    return fail(Errc::kSchema, "InLine Linear creative without Duration");
  }
  if (auto skip = node.attribute("skipoffset"); skip) {
    if (auto offset = parse_duration(skip.value())) linear.skip_offset = offset;
  }
  for (auto mf : node.child("MediaFiles").children("MediaFile")) {
    MediaFile file;
    file.uri = text_of(mf);
    file.delivery = mf.attribute("delivery").value();
    file.type = mf.attribute("type").value();
    file.width = int_attribute(mf, "width").value_or(0);
    file.height = int_attribute(mf, "height").value_or(0);
    file.bitrate = int_attribute(mf, "bitrate").value_or(0);
    file.codec = mf.attribute("codec").value();
    file.api_framework = mf.attribute("apiFramework").value();
    if (!file.uri.empty()) linear.media_files.push_back(std::move(file));
  }
  for (auto tracking : node.child("TrackingEvents").children("Tracking")) {
    TrackingEvent event{tracking.attribute("event").value(), text_of(tracking), std::nullopt};
    if (auto offset = tracking.attribute("offset"); offset) event.offset = offset.value();
    if (!event.event.empty() && !event.uri.empty()) linear.tracking_events.push_back(std::move(event));
  }
  const auto clicks = node.child("VideoClicks");
  if (auto through = text_of(clicks.child("ClickThrough")); !through.empty()) linear.click_through = through;
  linear.click_tracking = texts(clicks, "ClickTracking");
  return linear;
}

Result<Ad> parse_ad(const pugi::xml_node& node) {
  Ad ad;
  ad.id = node.attribute("id").value();
  ad.sequence = int_attribute(node, "sequence");
  auto body = node.child("InLine");
  if (!body) {
    body = node.child("Wrapper");
    ad.is_wrapper = true;
  }
  if (!body) return fail(Errc::kSchema, "Ad '" + ad.id + "' has neither InLine nor Wrapper");
  ad.ad_system = text_of(body.child("AdSystem"));
  ad.ad_title = text_of(body.child("AdTitle"));
  ad.impressions = texts(body, "Impression");
  ad.errors = texts(body, "Error");
  if (ad.is_wrapper) {
    auto uri = text_of(body.child("VASTAdTagURI"));
    if (uri.empty()) return fail(Errc::kSchema, "Wrapper ad '" + ad.id + "' without VASTAdTagURI");
    ad.vast_ad_tag_uri = std::move(uri);
  } else if (ad.impressions.empty()) {
    return fail(Errc::kSchema, "InLine ad '" + ad.id + "' without Impression");
  }
  for (auto c : body.child("Creatives").children("Creative")) {
    Creative creative;
    creative.id = c.attribute("id").value();
    creative.ad_id = c.attribute("adId") ? c.attribute("adId").value() : c.attribute("AdID").value();
    creative.sequence = int_attribute(c, "sequence");
    if (auto universal = text_of(c.child("UniversalAdId")); !universal.empty()) creative.universal_ad_id = universal;
    if (auto linear_node = c.child("Linear")) {
      auto linear = parse_linear(linear_node, ad.is_wrapper);
      if (!linear) return tl::unexpected(linear.error());
      creative.linear = std::move(*linear);
    }
    ad.creatives.push_back(std::move(creative));
  }
  return ad;
}

}  // namespace

int vast_error_code(Errc code) {
  switch (code) {
    case Errc::kXmlParse:
    case Errc::kTooLarge:
    case Errc::kForbidden:
      return 100;
    case Errc::kSchema:
      return 101;
    case Errc::kUnsupportedVersion:
      return 102;
  }
  return 900;
}

std::optional<Milliseconds> parse_duration(std::string_view text) {
  // HH:MM:SS or HH:MM:SS.mmm; hours may have more than two digits.
  int parts[3] = {0, 0, 0};
  std::size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    const auto end = i < 2 ? text.find(':', pos) : std::min(text.find('.', pos), text.size());
    if (end == std::string_view::npos || end == pos) return std::nullopt;
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + end, parts[i]);
    if (ec != std::errc{} || ptr != text.data() + end || parts[i] < 0) return std::nullopt;
    pos = end + 1;
  }
  if (parts[1] > 59 || parts[2] > 59) return std::nullopt;
  int millis = 0;
  if (pos <= text.size()) {
    const auto fraction = text.substr(pos);
    if (fraction.empty() || fraction.size() > 3) return std::nullopt;
    for (char c : fraction) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    std::from_chars(fraction.data(), fraction.data() + fraction.size(), millis);
    for (std::size_t i = fraction.size(); i < 3; ++i) millis *= 10;
  }
  return Milliseconds{(std::int64_t{parts[0]} * 3600 + parts[1] * 60 + parts[2]) * 1000 + millis};
}

Result<Document> parse(std::string_view xml, const Limits& limits) {
  if (xml.size() > limits.max_bytes) {
    return fail(Errc::kTooLarge, "VAST document of " + std::to_string(xml.size()) + " bytes is over the limit of " +
                                     std::to_string(limits.max_bytes));
  }
  if (xml.find("<!DOCTYPE") != std::string_view::npos || xml.find("<!ENTITY") != std::string_view::npos) {
    return fail(Errc::kForbidden, "VAST documents with a DTD or entity declarations are refused");
  }
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default);
  if (!parsed) {
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0));
    const auto line = 1 + std::count(xml.begin(), xml.begin() + static_cast<std::ptrdiff_t>(std::min(offset, xml.size())), '\n');
    return fail(Errc::kXmlParse, "XML error at line " + std::to_string(line) + ": " + parsed.description());
  }
  ShapeCheck shape;
  measure(doc, 0, shape);
  if (shape.elements > limits.max_elements || shape.max_depth > limits.max_depth) {
    return fail(Errc::kTooLarge, "VAST document has " + std::to_string(shape.elements) + " elements, depth " +
                                     std::to_string(shape.max_depth) + ": over the limits");
  }
  const auto root = doc.child("VAST");
  if (!root) return fail(Errc::kSchema, "root element is not <VAST>");
  Document document;
  document.version = root.attribute("version").value();
  if (document.version.empty()) return fail(Errc::kSchema, "<VAST> without a version attribute");
  if (document.version[0] < '2' || document.version[0] > '4') {
    return fail(Errc::kUnsupportedVersion, "VAST version " + document.version + " is not supported");
  }
  document.errors = texts(root, "Error");
  for (auto node : root.children("Ad")) {
    auto ad = parse_ad(node);
    if (!ad) return tl::unexpected(ad.error());
    document.ads.push_back(std::move(*ad));
  }
  return document;
}

const Creative* linear_creative(const Ad& ad) {
  for (const auto& creative : ad.creatives) {
    if (creative.linear) return &creative;
  }
  return nullptr;
}

std::vector<const Ad*> select_pod(const Document& document) {
  std::vector<const Ad*> pod;
  for (const auto& ad : document.ads) {
    if (ad.sequence && linear_creative(ad)) pod.push_back(&ad);
  }
  if (!pod.empty()) {
    std::stable_sort(pod.begin(), pod.end(), [](const Ad* a, const Ad* b) { return *a->sequence < *b->sequence; });
    return pod;
  }
  for (const auto& ad : document.ads) {
    if (linear_creative(ad)) return {&ad};
  }
  return {};
}

}  // namespace vast
