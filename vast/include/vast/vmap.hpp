#pragma once
// VMAP 1.0: where the breaks of a VOD asset go and where each break's ads come from.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vast/error.hpp"
#include "vast/model.hpp"
#include "vast/parser.hpp"

namespace vast {

struct TimeOffset {
  enum class Kind { kStart, kEnd, kTime, kPercent, kPosition };
  Kind kind = Kind::kStart;
  Milliseconds time{};   ///< kTime
  double percent = 0;    ///< kPercent, 0..100
  int position = 0;      ///< kPosition ("#n": the n-th cue point, from 1)
};

/// "start", "end", "HH:MM:SS(.mmm)", "n%", "#n".
[[nodiscard]] std::optional<TimeOffset> parse_time_offset(std::string_view text);

struct AdSource {
  std::string id;
  bool allow_multiple_ads = false;
  std::optional<bool> follow_redirects;
  std::optional<std::string> vast_ad_data;  ///< the inline <VAST> element, as XML text
  std::optional<std::string> ad_tag_uri;
  std::string template_type;  ///< AdTagURI@templateType ("vast3", ...)
  std::optional<std::string> custom_ad_data;
};

struct AdBreak {
  TimeOffset time_offset;
  std::string break_type;  ///< "linear", "nonlinear", "display" (comma-separated allowed)
  std::string break_id;
  std::optional<Milliseconds> repeat_after;
  std::optional<AdSource> ad_source;
  std::vector<TrackingEvent> tracking_events;  ///< breakStart, breakEnd, error
  std::vector<Extension> extensions;

  [[nodiscard]] bool is_linear() const;
};

struct Vmap {
  std::string version;
  std::vector<AdBreak> ad_breaks;
  std::vector<Extension> extensions;
};

/// Parses a VMAP document (namespace prefix as the document declares it). The same
/// limits as VAST apply; an inline VASTAdData is kept as text for vast::parse.
[[nodiscard]] Result<Vmap> parse_vmap(std::string_view xml, const Limits& limits = {});

/// When a break plays in content of `content_duration`: start 0, end = the duration,
/// percentages of it; positional offsets (#n) need cue points and give nullopt.
[[nodiscard]] std::optional<Milliseconds> break_time(const TimeOffset& offset, Milliseconds content_duration);

}  // namespace vast
