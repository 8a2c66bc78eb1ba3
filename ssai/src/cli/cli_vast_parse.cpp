// `ssai vast parse FILE|URL`: the VAST (or VMAP) response as ssai parses it, as JSON, without
// following wrappers (tag-check does that). For ad-ops, and for the differential test
// against another parser.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/cli_commands.hpp"
#include "common/json_io.hpp"
#include "ssai/fetcher.hpp"
#include "vast/parser.hpp"
#include "vast/vmap.hpp"

namespace ssai::cli {
namespace {

void write_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  w.key(key);
  w.begin_array();
  for (const auto& v : values) w.value(v);
  w.end_array();
}

void write_linear(JsonWriter& w, const vast::Linear& linear) {
  w.begin_object();
  w.field("duration_ms", static_cast<std::int64_t>(linear.duration.count()));
  if (linear.skip_offset) w.field("skip_offset", *linear.skip_offset);
  w.key("media_files");
  w.begin_array();
  for (const auto& f : linear.media_files) {
    w.begin_object();
    w.field("uri", f.uri);
    w.field("type", f.type);
    w.field("delivery", f.delivery);
    w.field("width", f.width);
    w.field("height", f.height);
    w.field("bitrate", f.bitrate);
    w.field("api_framework", f.api_framework);
    w.end_object();
  }
  w.end_array();
  w.key("tracking");
  w.begin_array();
  for (const auto& t : linear.tracking_events) {
    w.begin_object();
    w.field("event", t.event);
    w.field("uri", t.uri);
    if (t.offset) w.field("offset", *t.offset);
    w.end_object();
  }
  w.end_array();
  if (linear.video_clicks.click_through) w.field("click_through", *linear.video_clicks.click_through);
  write_strings(w, "click_tracking", linear.video_clicks.click_tracking);
  w.end_object();
}

std::string offset_text(const vast::TimeOffset& offset) {
  switch (offset.kind) {
    case vast::TimeOffset::Kind::kStart: return "start";
    case vast::TimeOffset::Kind::kEnd: return "end";
    case vast::TimeOffset::Kind::kTime: return std::to_string(offset.time.count()) + "ms";
    case vast::TimeOffset::Kind::kPercent: return std::to_string(offset.percent) + "%";
    case vast::TimeOffset::Kind::kPosition: return "#" + std::to_string(offset.position);
  }
  return {};
}

void write_vmap(JsonWriter& w, const vast::Vmap& vmap) {
  w.begin_object();
  w.field("vmap_version", vmap.version);
  w.key("breaks");
  w.begin_array();
  for (const auto& b : vmap.ad_breaks) {
    w.begin_object();
    w.field("time_offset", offset_text(b.time_offset));
    w.field("break_type", b.break_type);
    w.field("break_id", b.break_id);
    if (b.repeat_after) w.field("repeat_after_ms", static_cast<std::int64_t>(b.repeat_after->count()));
    if (b.ad_source) {
      const auto& source = *b.ad_source;
      w.key("ad_source");
      w.begin_object();
      w.field("id", source.id);
      w.field("allow_multiple_ads", source.allow_multiple_ads);
      if (source.follow_redirects) w.field("follow_redirects", *source.follow_redirects);
      if (source.ad_tag_uri) w.field("ad_tag_uri", *source.ad_tag_uri);
      if (source.ad_tag_uri) w.field("template_type", source.template_type);
      w.field("vast_ad_data", source.vast_ad_data.has_value());
      w.field("custom_ad_data", source.custom_ad_data.has_value());
      w.end_object();
    }
    write_events(w, "tracking", b.tracking_events, "uri",
                 [](const vast::TrackingEvent& t) { return std::pair(std::string_view(t.event), std::string_view(t.uri)); });
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace

int vast_parse(const Args& args) {
  if (args.items.size() < 3) return usage_error("vast parse needs a FILE or URL");
  const std::string& source = args.items[2];
  std::string text;
  if (source.starts_with("http://") || source.starts_with("https://")) {
    auto response = Fetcher::get_blocking(source, FetchOptions{}, OutboundPolicy::open());
    if (!response || response->status != 200) return input_error("cannot fetch " + source);
    text = std::move(response->body);
  } else {
    std::ifstream in(source, std::ios::binary);
    if (!in) return input_error("cannot read " + source);
    std::ostringstream body;
    body << in.rdbuf();
    text = body.str();
  }
  // A VMAP is told by its root element.
  if (text.find("VMAP") != std::string::npos) {
    if (auto vmap = vast::parse_vmap(text)) {
      JsonWriter w;
      write_vmap(w, *vmap);
      std::puts(w.take().c_str());
      return 0;
    }
  }
  auto document = vast::parse(text);
  if (!document) {
    return input_error("VAST rejected (error " + std::to_string(vast::vast_error_code(document.error().code)) + "): " +
                       document.error().detail);
  }
  JsonWriter w;
  w.begin_object();
  w.field("version", document->version);
  write_strings(w, "errors", document->errors);
  w.key("ads");
  w.begin_array();
  for (const auto& ad : document->ads) {
    w.begin_object();
    w.field("id", ad.id);
    if (ad.sequence) w.field("sequence", *ad.sequence);
    w.field("wrapper", ad.is_wrapper);
    if (ad.vast_ad_tag_uri) w.field("vast_ad_tag_uri", *ad.vast_ad_tag_uri);
    w.field("ad_system", ad.ad_system);
    w.field("ad_title", ad.ad_title);
    w.key("impressions");
    w.begin_array();
    for (const auto& i : ad.impressions) w.value(i.uri);
    w.end_array();
    write_strings(w, "errors", ad.errors);
    w.key("creatives");
    w.begin_array();
    for (const auto& c : ad.creatives) {
      w.begin_object();
      w.field("id", c.id);
      w.field("ad_id", c.ad_id);
      if (c.linear) {
        w.key("linear");
        write_linear(w, *c.linear);
      }
      if (c.non_linear_ads) w.field("non_linears", static_cast<std::uint64_t>(c.non_linear_ads->non_linears.size()));
      if (c.companion_ads) w.field("companions", static_cast<std::uint64_t>(c.companion_ads->companions.size()));
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("issues");
  w.begin_array();
  for (const auto& issue : document->issues) {
    w.begin_object();
    w.field("ad_id", issue.ad_id);
    w.field("vast_error", issue.vast_error);
    w.field("reason", issue.reason);
    w.field("dropped", issue.dropped);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  std::puts(w.take().c_str());
  return 0;
}

}  // namespace ssai::cli
