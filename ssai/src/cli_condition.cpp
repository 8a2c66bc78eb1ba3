// `ssai condition MEDIA_URL|FILE --ladder MASTER_URL|FILE [--out DIR] [--key KEY]
// [--loudness LUFS] [--preset P] [--json]`: conditions one creative to the ladder of a
// content stream and prints the report.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "adcache/conditioner.hpp"
#include "adcache/creative_key.hpp"
#include "cli_commands.hpp"
#include "json_io.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/uris.hpp"
#include "ssai/fetcher.hpp"

namespace ssai::cli {
namespace {

namespace fs = std::filesystem;
constexpr std::size_t kMaxCreativeBytes = 512u << 20;

bool is_url(const std::string& s) { return s.starts_with("http://") || s.starts_with("https://"); }

std::optional<std::string> read_text(const std::string& source) {
  if (is_url(source)) {
    auto response = Fetcher::get_blocking(source, FetchOptions{});
    if (!response || response->status != 200) return std::nullopt;
    return std::move(response->body);
  }
  std::ifstream in(source, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int condition(const Args& args) {
  std::string media;
  std::string ladder_source;
  adcache::ConditionOptions options;
  options.library_dir = "ad-renditions";
  bool json = false;
  for (std::size_t i = 1; i < args.items.size(); ++i) {
    const auto& a = args.items[i];
    const bool has_value = i + 1 < args.items.size();
    if (a == "--json") {
      json = true;
    } else if (a == "--ladder" && has_value) {
      ladder_source = args.items[++i];
    } else if (a == "--out" && has_value) {
      options.library_dir = args.items[++i];
    } else if (a == "--key" && has_value) {
      options.key = args.items[++i];
    } else if (a == "--preset" && has_value) {
      options.preset = args.items[++i];
    } else if (a == "--loudness" && has_value) {
      try {
        options.loudness_target = std::stod(args.items[++i]);
      } catch (...) {
        return usage_error("--loudness takes LUFS, e.g. -23");
      }
    } else if (media.empty() && !a.starts_with("--")) {
      media = a;
    } else {
      return usage_error("condition: unexpected '" + a + "'");
    }
  }
  if (media.empty() || ladder_source.empty()) return usage_error("condition needs MEDIA and --ladder MASTER");
  if (options.key.empty()) options.key = adcache::key_from_url(media);

  // The ladder: the content's master and its first variant's media playlist.
  auto master_text = read_text(ladder_source);
  if (!master_text) return input_error("cannot read the content master " + ladder_source);
  auto master = manifests::hls::parse_master(*master_text);
  if (!master) return input_error("content master: " + master.error().detail);
  std::string first_variant;
  for (const auto& entry : master->entries) {
    if (!entry.uri.empty()) {
      first_variant = std::string(entry.uri);
      break;
    }
  }
  const std::string base = is_url(ladder_source) ? ladder_source : "file://" + fs::absolute(ladder_source).string();
  auto variant_url = manifests::hls::resolve_uri(base, first_variant);
  if (!variant_url) return input_error("content master has no usable variant");
  auto media_text = read_text(variant_url->starts_with("file://") ? variant_url->substr(7) : *variant_url);
  if (!media_text) return input_error("cannot read " + *variant_url);
  auto ladder = adcache::ladder_from_playlists(*master_text, *media_text);
  if (!ladder) return input_error(ladder.error().detail);
  options.ladder = std::move(*ladder);

  // The source: a local file, or downloaded under size and time limits.
  fs::path input = media;
  fs::path downloaded;
  if (is_url(media)) {
    FetchOptions fetch;
    fetch.max_bytes = kMaxCreativeBytes;
    fetch.timeout = std::chrono::seconds(120);
    auto response = Fetcher::get_blocking(media, fetch);
    if (!response) return input_error("cannot download " + media + ": " + response.error().detail);
    if (response->status != 200) return input_error("cannot download " + media + ": HTTP " + std::to_string(response->status));
    downloaded = fs::temp_directory_path() / ("ssai-creative-" + std::to_string(getpid()));
    std::ofstream out(downloaded, std::ios::binary);
    out << response->body;
    input = downloaded;
  }
  auto report = adcache::condition(input, options);
  if (!downloaded.empty()) {
    std::error_code ignored;
    fs::remove(downloaded, ignored);
  }
  if (!report) return input_error("conditioning failed: " + report.error().detail);

  if (json) {
    JsonWriter w;
    w.begin_object();
    w.field("key", report->key);
    w.field("published", (options.library_dir / report->key).string());
    w.key("input");
    w.begin_object();
    w.field("duration_seconds", report->input.duration_seconds);
    w.field("video_codec", report->input.video_codec);
    w.field("width", report->input.width);
    w.field("height", report->input.height);
    w.field("frame_rate", report->input.frame_rate);
    w.field("has_audio", report->input.has_audio);
    w.field("sample_rate", report->input.sample_rate);
    w.field("channels", report->input.channels);
    w.end_object();
    if (report->loudness_before) w.field("loudness_before_lufs", *report->loudness_before);
    if (report->loudness_after) w.field("loudness_after_lufs", *report->loudness_after);
    w.key("changes");
    w.begin_array();
    for (const auto& c : report->changes) w.value(c);
    w.end_array();
    w.key("rungs");
    w.begin_array();
    for (const auto& r : report->rungs) {
      w.begin_object();
      w.field("name", r.name);
      w.field("width", r.width);
      w.field("height", r.height);
      w.field("segments", r.segments);
      w.field("duration_seconds", manifests::format_seconds(r.duration));
      w.end_object();
    }
    w.end_array();
    w.field("seconds_taken", report->seconds_taken);
    w.end_object();
    std::puts(w.take().c_str());
  } else {
    std::printf("conditioned %s into %s in %.1f s\n", report->key.c_str(), (options.library_dir / report->key).c_str(),
                report->seconds_taken);
    for (const auto& c : report->changes) std::printf("  %s\n", c.c_str());
    for (const auto& r : report->rungs) {
      std::printf("  %s %dx%d: %d segments, %s s\n", r.name.c_str(), r.width, r.height, r.segments,
                  manifests::format_seconds(r.duration).c_str());
    }
  }
  return 0;
}

}  // namespace ssai::cli
