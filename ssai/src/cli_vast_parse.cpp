// `ssai vast parse FILE|URL`: the VAST response as ssai parses it, as JSON, without
// following wrappers (tag-check does that). For ad-ops, and for the differential test
// against another parser.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli_commands.hpp"
#include "json_io.hpp"
#include "ssai/fetcher.hpp"
#include "vast/parser.hpp"

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

}  // namespace

int vast_parse(const Args& args) {
  if (args.items.size() < 3) return usage_error("vast parse needs a FILE or URL");
  const std::string& source = args.items[2];
  std::string text;
  if (source.starts_with("http://") || source.starts_with("https://")) {
    auto response = Fetcher::get_blocking(source, FetchOptions{});
    if (!response || response->status != 200) return input_error("cannot fetch " + source);
    text = std::move(response->body);
  } else {
    std::ifstream in(source, std::ios::binary);
    if (!in) return input_error("cannot read " + source);
    std::ostringstream body;
    body << in.rdbuf();
    text = body.str();
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
