// <Creative>: Linear, NonLinearAds, CompanionAds, UniversalAdId, CreativeExtensions.
#include "creatives.hpp"

#include "vast/parser.hpp"
#include "xml.hpp"

namespace vast::detail {
namespace {

using xml::attribute;
using xml::int_attribute;
using xml::text_of;
using xml::texts;

std::optional<Milliseconds> optional_duration(const pugi::xml_node& node, const char* name) {
  const auto attr = node.attribute(name);
  return attr ? parse_duration(attr.value()) : std::nullopt;
}

MediaFile parse_media_file(const pugi::xml_node& mf) {
  MediaFile file;
  file.uri = text_of(mf);
  file.id = attribute(mf, "id");
  file.delivery = attribute(mf, "delivery");
  file.type = attribute(mf, "type");
  file.width = int_attribute(mf, "width").value_or(0);
  file.height = int_attribute(mf, "height").value_or(0);
  file.bitrate = int_attribute(mf, "bitrate").value_or(0);
  file.min_bitrate = int_attribute(mf, "minBitrate").value_or(0);
  file.max_bitrate = int_attribute(mf, "maxBitrate").value_or(0);
  file.codec = attribute(mf, "codec");
  file.api_framework = attribute(mf, "apiFramework");
  file.scalable = xml::bool_attribute(mf, "scalable");
  file.maintain_aspect_ratio = xml::bool_attribute(mf, "maintainAspectRatio");
  return file;
}

Icon parse_icon(const pugi::xml_node& node) {
  Icon icon;
  icon.program = attribute(node, "program");
  icon.width = int_attribute(node, "width").value_or(0);
  icon.height = int_attribute(node, "height").value_or(0);
  icon.x_position = attribute(node, "xPosition");
  icon.y_position = attribute(node, "yPosition");
  icon.duration = optional_duration(node, "duration");
  icon.offset = optional_duration(node, "offset");
  icon.api_framework = attribute(node, "apiFramework");
  icon.static_resource = text_of(node.child("StaticResource"));
  icon.iframe_resource = text_of(node.child("IFrameResource"));
  icon.html_resource = text_of(node.child("HTMLResource"));
  const auto clicks = node.child("IconClicks");
  if (auto through = text_of(clicks.child("IconClickThrough")); !through.empty()) icon.click_through = through;
  icon.click_tracking = texts(clicks, "IconClickTracking");
  icon.view_tracking = texts(node, "IconViewTracking");
  return icon;
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
  if (auto skip = node.attribute("skipoffset"); skip) linear.skip_offset = skip.value();
  const auto media = node.child("MediaFiles");
  for (auto mf : media.children("MediaFile")) {
    auto file = parse_media_file(mf);
    if (!file.uri.empty()) linear.media_files.push_back(std::move(file));
  }
  for (auto mz : media.children("Mezzanine")) {
    Mezzanine m{text_of(mz), attribute(mz, "delivery"), attribute(mz, "type"), int_attribute(mz, "width").value_or(0),
                int_attribute(mz, "height").value_or(0), attribute(mz, "codec"), attribute(mz, "fileSize"),
                attribute(mz, "mediaType")};
    if (!m.uri.empty()) linear.mezzanines.push_back(std::move(m));
  }
  for (auto f : media.children("InteractiveCreativeFile")) {
    linear.interactive_creative_files.push_back({text_of(f), attribute(f, "type"), attribute(f, "apiFramework")});
  }
  for (auto f : media.child("ClosedCaptionFiles").children("ClosedCaptionFile")) {
    linear.closed_caption_files.push_back({text_of(f), attribute(f, "type"), attribute(f, "language")});
  }
  linear.tracking_events = parse_tracking(node.child("TrackingEvents"));
  const auto clicks = node.child("VideoClicks");
  if (auto through = text_of(clicks.child("ClickThrough")); !through.empty()) linear.video_clicks.click_through = through;
  linear.video_clicks.click_tracking = texts(clicks, "ClickTracking");
  linear.video_clicks.custom_click = texts(clicks, "CustomClick");
  for (auto icon : node.child("Icons").children("Icon")) linear.icons.push_back(parse_icon(icon));
  return linear;
}

template <class T>
void read_resources(const pugi::xml_node& node, T& target) {
  target.static_resource = text_of(node.child("StaticResource"));
  target.static_resource_type = attribute(node.child("StaticResource"), "creativeType");
  target.iframe_resource = text_of(node.child("IFrameResource"));
  target.html_resource = text_of(node.child("HTMLResource"));
}

NonLinearAds parse_non_linear_ads(const pugi::xml_node& node) {
  NonLinearAds ads;
  for (auto nl : node.children("NonLinear")) {
    NonLinear n;
    n.id = attribute(nl, "id");
    n.width = int_attribute(nl, "width").value_or(0);
    n.height = int_attribute(nl, "height").value_or(0);
    n.min_suggested_duration = optional_duration(nl, "minSuggestedDuration");
    n.api_framework = attribute(nl, "apiFramework");
    read_resources(nl, n);
    if (auto through = text_of(nl.child("NonLinearClickThrough")); !through.empty()) n.click_through = through;
    n.click_tracking = texts(nl, "NonLinearClickTracking");
    ads.non_linears.push_back(std::move(n));
  }
  ads.tracking_events = parse_tracking(node.child("TrackingEvents"));
  return ads;
}

CompanionAds parse_companion_ads(const pugi::xml_node& node) {
  CompanionAds ads;
  ads.required = attribute(node, "required");
  for (auto c : node.children("Companion")) {
    Companion companion;
    companion.id = attribute(c, "id");
    companion.width = int_attribute(c, "width").value_or(0);
    companion.height = int_attribute(c, "height").value_or(0);
    companion.ad_slot_id = attribute(c, "adSlotID").empty() ? attribute(c, "adSlotId") : attribute(c, "adSlotID");
    companion.api_framework = attribute(c, "apiFramework");
    read_resources(c, companion);
    if (auto through = text_of(c.child("CompanionClickThrough")); !through.empty()) companion.click_through = through;
    companion.click_tracking = texts(c, "CompanionClickTracking");
    companion.tracking_events = parse_tracking(c.child("TrackingEvents"));
    ads.companions.push_back(std::move(companion));
  }
  return ads;
}

}  // namespace

std::vector<TrackingEvent> parse_tracking(const pugi::xml_node& tracking_events) {
  std::vector<TrackingEvent> out;
  for (auto tracking : tracking_events.children("Tracking")) {
    TrackingEvent event{attribute(tracking, "event"), text_of(tracking), std::nullopt};
    if (auto offset = tracking.attribute("offset"); offset) event.offset = offset.value();
    if (!event.event.empty() && !event.uri.empty()) out.push_back(std::move(event));
  }
  return out;
}

Result<Creative> parse_creative(const pugi::xml_node& c, bool in_wrapper) {
  Creative creative;
  creative.id = attribute(c, "id");
  creative.ad_id = c.attribute("adId") ? attribute(c, "adId") : attribute(c, "AdID");
  creative.sequence = int_attribute(c, "sequence");
  creative.api_framework = attribute(c, "apiFramework");
  for (auto universal : c.children("UniversalAdId")) {
    UniversalAdId id{attribute(universal, "idRegistry"), text_of(universal)};
    if (id.value.empty()) id.value = attribute(universal, "idValue");  // VAST 4.0 put it in an attribute
    if (!id.value.empty()) creative.universal_ad_ids.push_back(std::move(id));
  }
  for (auto extension : c.child("CreativeExtensions").children("CreativeExtension")) {
    creative.creative_extensions.push_back(xml::outer_xml(extension));
  }
  if (auto linear_node = c.child("Linear")) {
    auto linear = parse_linear(linear_node, in_wrapper);
    if (!linear) return tl::unexpected(linear.error());
    creative.linear = std::move(*linear);
  }
  if (auto node = c.child("NonLinearAds")) creative.non_linear_ads = parse_non_linear_ads(node);
  if (auto node = c.child("CompanionAds")) creative.companion_ads = parse_companion_ads(node);
  return creative;
}

}  // namespace vast::detail
