// `ssai condition MEDIA_URL|FILE --ladder MASTER_URL|FILE [--out DIR] [--key KEY]
// [--loudness LUFS] [--preset P] [--json]`: conditions one creative to the ladder of a
// content stream and prints the report.
#include <cstdio>

#include "adcache/conditioner.hpp"
#include "ssai/conditioning.hpp"
#include "adcache/creative_key.hpp"
#include "cli_commands.hpp"
#include "json_io.hpp"

namespace ssai::cli {
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

  auto ladder = read_ladder(ladder_source);
  if (!ladder) return input_error(ladder.error().detail);
  options.ladder = std::move(*ladder);
  auto report = condition_source(media, options);
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
