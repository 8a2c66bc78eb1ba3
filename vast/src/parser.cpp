// <VAST> and <Ad>: InLine and Wrapper, with the limits that keep a hostile ad server
// from costing us memory or time.
#include "vast/parser.hpp"

#include <algorithm>
#include <charconv>

#include "creatives.hpp"
#include "xml.hpp"

namespace vast {
namespace {

using xml::attribute;
using xml::int_attribute;
using xml::text_of;
using xml::texts;

struct ShapeCheck {
  std::size_t elements = 0;
  std::size_t max_depth = 0;
};

void measure(const pugi::xml_node& node, std::size_t depth, ShapeCheck& check, const Limits& limits) {
  for (auto child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    ++check.elements;
    check.max_depth = std::max(check.max_depth, depth + 1);
    // Stop walking once over a limit: the caller refuses the document anyway.
    if (check.elements > limits.max_elements || check.max_depth > limits.max_depth) return;
    measure(child, depth + 1, check, limits);
  }
}

std::vector<Verification> parse_verifications(const pugi::xml_node& node) {
  std::vector<Verification> out;
  for (auto v : node.children("Verification")) {
    Verification verification;
    verification.vendor = attribute(v, "vendor");
    for (auto js : v.children("JavaScriptResource")) {
      verification.javascript_resources.push_back(text_of(js));
      if (verification.api_framework.empty()) verification.api_framework = attribute(js, "apiFramework");
    }
    if (auto params = text_of(v.child("VerificationParameters")); !params.empty()) verification.verification_parameters = params;
    verification.tracking_events = detail::parse_tracking(v.child("TrackingEvents"));
    out.push_back(std::move(verification));
  }
  return out;
}

Result<Ad> parse_ad(const pugi::xml_node& node) {
  Ad ad;
  ad.id = attribute(node, "id");
  ad.sequence = int_attribute(node, "sequence");
  ad.conditional_ad = xml::bool_attribute(node, "conditionalAd").value_or(false);
  auto body = node.child("InLine");
  if (!body) {
    body = node.child("Wrapper");
    ad.is_wrapper = true;
  }
  if (!body) return fail(Errc::kSchema, "Ad '" + ad.id + "' has neither InLine nor Wrapper");
  ad.ad_system = text_of(body.child("AdSystem"));
  ad.ad_system_version = attribute(body.child("AdSystem"), "version");
  ad.ad_title = text_of(body.child("AdTitle"));
  ad.ad_serving_id = text_of(body.child("AdServingId"));
  ad.description = text_of(body.child("Description"));
  ad.advertiser = text_of(body.child("Advertiser"));
  if (auto pricing = body.child("Pricing")) {
    ad.pricing = Pricing{attribute(pricing, "model"), attribute(pricing, "currency"), text_of(pricing)};
  }
  for (auto category : body.children("Category")) ad.categories.push_back({attribute(category, "authority"), text_of(category)});
  if (auto expires = text_of(body.child("Expires")); !expires.empty()) {
    std::int64_t seconds = 0;
    auto [ptr, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), seconds);
    if (ec == std::errc{} && ptr == expires.data() + expires.size()) ad.expires = seconds;
  }
  ad.survey = text_of(body.child("Survey"));
  for (auto impression : body.children("Impression")) {
    Impression i{attribute(impression, "id"), text_of(impression)};
    if (!i.uri.empty()) ad.impressions.push_back(std::move(i));
  }
  ad.errors = texts(body, "Error");
  ad.ad_verifications = parse_verifications(body.child("AdVerifications"));
  // VAST 3 carried verification in an extension of type "AdVerifications".
  for (auto extension : body.child("Extensions").children("Extension")) {
    if (attribute(extension, "type") == "AdVerifications") {
      auto more = parse_verifications(extension.child("AdVerifications"));
      ad.ad_verifications.insert(ad.ad_verifications.end(), more.begin(), more.end());
    }
    ad.extensions.push_back({attribute(extension, "type"), xml::outer_xml(extension)});
  }
  if (auto viewable = body.child("ViewableImpression")) {
    ad.viewable_impression = ViewableImpression{attribute(viewable, "id"), texts(viewable, "Viewable"),
                                                texts(viewable, "NotViewable"), texts(viewable, "ViewUndetermined")};
  }
  if (ad.is_wrapper) {
    auto uri = text_of(body.child("VASTAdTagURI"));
    // VAST 2.0's form: <VASTAdTagURL><URL>...</URL></VASTAdTagURL>.
    if (uri.empty()) uri = text_of(body.child("VASTAdTagURL").child("URL"));
    if (uri.empty()) return fail(Errc::kSchema, "Wrapper ad '" + ad.id + "' without VASTAdTagURI");
    ad.vast_ad_tag_uri = std::move(uri);
    ad.follow_additional_wrappers = xml::bool_attribute(body, "followAdditionalWrappers").value_or(true);
    ad.allow_multiple_ads = xml::bool_attribute(body, "allowMultipleAds").value_or(false);
    ad.fallback_on_no_ad = xml::bool_attribute(body, "fallbackOnNoAd").value_or(false);
  }
  for (auto c : body.child("Creatives").children("Creative")) {
    auto creative = detail::parse_creative(c, ad.is_wrapper);
    if (!creative) return tl::unexpected(creative.error());
    ad.creatives.push_back(std::move(*creative));
  }
  return ad;
}

}  // namespace

std::optional<std::string> Creative::universal_ad_id() const {
  for (const auto& id : universal_ad_ids) {
    if (!id.value.empty() && id.value != "unknown") return id.value;
  }
  return std::nullopt;
}

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
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t')) text.remove_suffix(1);
  // Some ad servers write plain seconds ("30", "15.5"); players accept them.
  if (!text.empty() && text.find(':') == std::string_view::npos) {
    std::int64_t whole = 0;
    const auto dot = text.find('.');
    const auto integral = text.substr(0, dot);
    auto [ptr, ec] = std::from_chars(integral.data(), integral.data() + integral.size(), whole);
    if (ec != std::errc{} || ptr != integral.data() + integral.size() || whole < 0 || whole > 360000) return std::nullopt;
    std::int64_t millis = 0;
    if (dot != std::string_view::npos) {
      const auto fraction = text.substr(dot + 1);
      if (fraction.empty() || fraction.size() > 3) return std::nullopt;
      for (std::size_t i = 0; i < 3; ++i) {
        const char c = i < fraction.size() ? fraction[i] : '0';
        if (c < '0' || c > '9') return std::nullopt;
        millis = millis * 10 + (c - '0');
      }
    }
    return Milliseconds{whole * 1000 + millis};
  }
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

Result<Document> parse(std::string_view text, const Limits& limits) {
  if (text.size() > limits.max_bytes) {
    return fail(Errc::kTooLarge, "VAST document of " + std::to_string(text.size()) + " bytes is over the limit of " +
                                     std::to_string(limits.max_bytes));
  }
  if (text.find("<!DOCTYPE") != std::string_view::npos || text.find("<!ENTITY") != std::string_view::npos) {
    return fail(Errc::kForbidden, "VAST documents with a DTD or entity declarations are refused");
  }
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!parsed) {
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0));
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size())), '\n');
    return fail(Errc::kXmlParse, "XML error at line " + std::to_string(line) + ": " + parsed.description());
  }
  ShapeCheck shape;
  measure(doc, 0, shape, limits);
  if (shape.elements > limits.max_elements || shape.max_depth > limits.max_depth) {
    return fail(Errc::kTooLarge, "VAST document over the limits of " + std::to_string(limits.max_elements) +
                                     " elements or depth " + std::to_string(limits.max_depth));
  }
  const auto root = doc.child("VAST");
  if (!root && doc.child("VideoAdServingTemplate")) {
    return fail(Errc::kUnsupportedVersion, "VAST 1.0 (VideoAdServingTemplate) is not supported");
  }
  if (!root) return fail(Errc::kSchema, "root element is not <VAST>");
  Document document;
  document.version = attribute(root, "version");
  if (document.version.empty()) return fail(Errc::kSchema, "<VAST> without a version attribute");
  if (document.version[0] < '2' || document.version[0] > '4') {
    return fail(Errc::kUnsupportedVersion, "VAST version " + document.version + " is not supported");
  }
  document.errors = texts(root, "Error");
  // One bad ad does not spoil the response: it is dropped and its Error URIs told (101);
  // the others play. InLine ads without an Impression play but cannot be counted.
  for (auto node : root.children("Ad")) {
    auto ad = parse_ad(node);
    if (!ad) {
      const auto body = node.child("InLine") ? node.child("InLine") : node.child("Wrapper");
      document.issues.push_back({attribute(node, "id"), vast_error_code(ad.error().code), ad.error().detail, true,
                                 texts(body, "Error")});
      continue;
    }
    if (!ad->is_wrapper && ad->creatives.empty()) {
      // An InLine ad with nothing in it is an empty answer, as players treat it (303).
      document.issues.push_back({ad->id, 303, "InLine ad '" + ad->id + "' has no creative", true, ad->errors});
      continue;
    }
    if (!ad->is_wrapper && ad->impressions.empty()) {
      document.issues.push_back({ad->id, 101, "InLine ad '" + ad->id + "' has no Impression: it cannot be counted", false, {}});
    }
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
    if (ad.sequence && (linear_creative(ad) || ad.is_wrapper)) pod.push_back(&ad);
  }
  if (!pod.empty()) {
    std::stable_sort(pod.begin(), pod.end(), [](const Ad* a, const Ad* b) { return *a->sequence < *b->sequence; });
    return pod;
  }
  for (const auto& ad : document.ads) {
    if (linear_creative(ad) || ad.is_wrapper) return {&ad};
  }
  return {};
}

}  // namespace vast
