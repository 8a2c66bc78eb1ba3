// `ssai condition MEDIA_URL|FILE --ladder MASTER_URL|FILE [--out DIR] [--key KEY]
// [--loudness LUFS] [--preset P] [--json]`: conditions one creative to the ladder of a
// content stream and prints the report.
#include <cstdio>

#include "adcache/conditioner.hpp"
#include "adcache/creative_key.hpp"
#include "cli/cli_commands.hpp"
#include "ssai/conditioning.hpp"

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

  auto ladder = read_ladder(ladder_source, OutboundPolicy::open());
  if (!ladder) return input_error(ladder.error().detail);
  options.ladder = std::move(*ladder);
  auto report = condition_source(media, options, OutboundPolicy::open());
  if (!report) return input_error("conditioning failed: " + report.error().detail);

  if (json) {
    std::puts(condition_report_json(*report, options.library_dir / report->key).c_str());
  } else {
    std::printf("conditioned %s into %s in %.1f s\n", report->key.c_str(), (options.library_dir / report->key).c_str(),
                report->seconds_taken);
    for (const auto& c : report->changes) std::printf("  %s\n", c.c_str());
    for (const auto& r : report->rungs) {
      std::printf("  %s %dx%d: %d segments, %s s\n", r.name.c_str(), r.width, r.height, r.segments,
                  manifests::format_seconds(r.duration).c_str());
    }
    if (const auto& a = report->audio) {
      std::printf("  audio alone: %d segments, %s s\n", a->segments, manifests::format_seconds(a->duration).c_str());
    }
  }
  return 0;
}

}  // namespace ssai::cli
