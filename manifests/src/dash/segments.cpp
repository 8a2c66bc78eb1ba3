#include "manifests/dash/segments.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "manifests/dash/mpd.hpp"

namespace manifests::dash {
namespace {

bool is_segment_element(const pugi::xml_node& node) {
  for (auto name : kSegmentElements) {
    if (local_name(node) == name) return true;
  }
  return false;
}

// One S element's attributes, read in one pass over them (a 2 h timeline has thousands).
struct SElement {
  std::optional<std::uint64_t> t;
  std::uint64_t d = 0;
  std::int64_t r = 0;  ///< negative: runs to the next S's t, or the period's end
};

// Decimal digits to the end of `text`, as from_chars would take them (no sign, no
// spaces); nullopt when empty, not all digits, or past 64 bits.
std::optional<std::uint64_t> parse_uint(const char* text) {
  if (*text == '\0') return std::nullopt;
  std::uint64_t value = 0;
  for (; *text; ++text) {
    const auto digit = static_cast<unsigned>(*text - '0');
    if (digit > 9 || __builtin_mul_overflow(value, 10U, &value) || __builtin_add_overflow(value, digit, &value)) {
      return std::nullopt;
    }
  }
  return value;
}

SElement read_s(const pugi::xml_node& s) {
  SElement out;
  for (auto attribute = s.first_attribute(); attribute; attribute = attribute.next_attribute()) {
    const char* name = attribute.name();
    if (name[0] == '\0' || name[1] != '\0') continue;
    const char* value = attribute.value();
    switch (name[0]) {
      case 't': out.t = parse_uint(value); break;
      case 'd': out.d = parse_uint(value).value_or(0); break;
      case 'r':
        if (value[0] == '-') {
          out.r = -1;
        } else {
          out.r = static_cast<std::int64_t>(std::min<std::uint64_t>(parse_uint(value).value_or(0), INT64_MAX));
        }
        break;
      default: break;
    }
  }
  return out;
}

// An element named S, with or without a namespace prefix.
bool is_s(const pugi::xml_node& node) {
  const char* name = node.name();
  if (name[0] == 'S' && name[1] == '\0') return node.type() == pugi::node_element;
  return node.type() == pugi::node_element && local_name(node) == "S";
}

// Repeats of one S element; r="-1" (or any negative) runs to `until`.
std::uint64_t repeats(const SElement& s, std::uint64_t time, std::optional<std::uint64_t> until) {
  if (s.r >= 0) return static_cast<std::uint64_t>(s.r);
  if (!until || *until <= time || s.d == 0) return 0;
  return (*until - time + s.d - 1) / s.d - 1;
}

// One pass over the S elements, each expanded once the next is known (a negative r
// runs to the next one's t).
void read_timeline(const pugi::xml_node& timeline, SegmentInfo& info, std::optional<Ticks> period_duration) {
  constexpr std::size_t kMaxEntries = 1'000'000;  // a hostile r="4000000000" stays bounded
  info.timeline.clear();
  info.timeline_runs.clear();
  info.has_timeline = true;
  const std::optional<std::uint64_t> period_end =
      period_duration ? std::optional(info.presentation_time_offset + from_ticks(*period_duration, info.timescale))
                      : std::nullopt;
  std::uint64_t time = 0;
  std::optional<SElement> pending;
  const auto expand = [&](const SElement& s, std::optional<std::uint64_t> until) {
    if (s.t) time = *s.t;
    if (s.d == 0) {  // malformed: no duration, nothing to address
      info.timeline_runs.push_back(0);
      return;
    }
    const auto count = repeats(s, time, until);
    const auto before = info.timeline.size();
    for (std::uint64_t k = 0; k <= count && info.timeline.size() < kMaxEntries; ++k) {
      info.timeline.push_back({time, s.d});
      time += s.d;
    }
    info.timeline_runs.push_back(static_cast<std::uint32_t>(info.timeline.size() - before));
  };
  for (auto node = timeline.first_child(); node; node = node.next_sibling()) {
    if (!is_s(node)) continue;
    auto s = read_s(node);
    if (pending) expand(*pending, s.t ? s.t : period_end);
    pending = s;
  }
  if (pending) expand(*pending, period_end);
}

void merge(const pugi::xml_node& element, SegmentInfo& info) {
  const auto name = local_name(element);
  info.addressing = name == "SegmentTemplate" ? Addressing::kTemplate
                    : name == "SegmentList"   ? Addressing::kList
                                              : Addressing::kBase;
  if (auto v = uint_attribute(element, "timescale"); v && *v > 0) info.timescale = *v;
  if (auto v = uint_attribute(element, "presentationTimeOffset")) info.presentation_time_offset = *v;
  if (auto v = uint_attribute(element, "startNumber")) info.start_number = *v;
  if (auto v = uint_attribute(element, "duration"); v && *v > 0) info.duration = *v;
  if (auto media = element.attribute("media")) info.media = media.value();
  if (auto init = element.attribute("initialization")) info.initialization = init.value();
  if (auto init = child(element, "Initialization")) info.initialization = init.attribute("sourceURL").value();
  if (name == "SegmentList") {
    if (auto urls = children(element, "SegmentURL"); !urls.empty()) {
      info.list_media.clear();
      for (const auto& url : urls) info.list_media.emplace_back(url.attribute("media").value());
    }
  }
}

}  // namespace

SegmentInfo segment_info_at(const pugi::xml_node& element, std::optional<Ticks> period_duration, bool with_timeline) {
  // The levels from the Period down to the element's own (Period, AdaptationSet,
  // Representation); at each, the same-named element.
  std::vector<pugi::xml_node> chain;
  for (auto level = element.parent(); level && local_name(level) != "MPD"; level = level.parent()) {
    if (auto same = child(level, local_name(element))) chain.insert(chain.begin(), same);
    if (local_name(level) == "Period") break;
  }
  SegmentInfo info;
  pugi::xml_node timeline;
  for (const auto& level : chain) {
    merge(level, info);
    if (auto own = child(level, "SegmentTimeline")) timeline = own;
  }
  if (timeline && with_timeline) read_timeline(timeline, info, period_duration);
  if (timeline && !with_timeline) info.has_timeline = true;
  return info;
}

SegmentInfo segment_info(const pugi::xml_node& representation, std::optional<Ticks> period_duration) {
  for (auto level = representation; level && local_name(level) != "MPD"; level = level.parent()) {
    for (const auto& node : level.children()) {
      if (node.type() == pugi::node_element && is_segment_element(node)) return segment_info_at(node, period_duration);
    }
    if (local_name(level) == "Period") break;
  }
  return {};
}

std::vector<SegmentRef> list_segments(const SegmentInfo& info, std::optional<Ticks> period_duration, std::size_t limit) {
  std::vector<SegmentRef> out;
  if (info.has_timeline) {
    for (const auto& entry : info.timeline) {
      if (out.size() >= limit) break;
      out.push_back({info.start_number + out.size(), entry.time, entry.duration});
    }
    return out;
  }
  if (info.addressing == Addressing::kList && !info.duration) return out;
  if (!info.duration || *info.duration == 0) return out;
  std::size_t count = 0;
  if (info.addressing == Addressing::kList) {
    count = info.list_media.size();
  } else if (period_duration) {
    const auto span = from_ticks(*period_duration, info.timescale);
    count = static_cast<std::size_t>((span + *info.duration - 1) / *info.duration);
  }
  count = std::min(count, limit);
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back({info.start_number + i, info.presentation_time_offset + i * *info.duration, *info.duration});
  }
  return out;
}

std::string expand_template(std::string_view pattern, std::string_view representation_id, std::uint64_t number,
                            std::uint64_t time, std::uint64_t bandwidth) {
  std::string out;
  out.reserve(pattern.size() + 16);
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    const auto open = pattern.find('$', pos);
    const auto close = open == std::string_view::npos ? open : pattern.find('$', open + 1);
    if (close == std::string_view::npos) {
      out.append(pattern.substr(pos));
      break;
    }
    out.append(pattern.substr(pos, open - pos));
    const auto name = pattern.substr(open + 1, close - open - 1);
    pos = close + 1;
    if (name.empty()) {
      out.push_back('$');
      continue;
    }
    if (name == "RepresentationID") {
      out.append(representation_id);
      continue;
    }
    const auto percent = name.find('%');
    const auto identifier = name.substr(0, percent);
    std::uint64_t value = 0;
    if (identifier == "Number") {
      value = number;
    } else if (identifier == "Time") {
      value = time;
    } else if (identifier == "Bandwidth") {
      value = bandwidth;
    } else {
      out.append(pattern.substr(open, close - open + 1));  // not ours: kept as written
      continue;
    }
    std::string digits = std::to_string(value);
    if (percent != std::string_view::npos) {
      // "%05d": the width after the 0; anything else is written without padding.
      const auto format = name.substr(percent + 1);
      std::size_t width = 0;
      if (format.size() >= 2 && format.front() == '0' && format.back() == 'd') {
        std::from_chars(format.data() + 1, format.data() + format.size() - 1, width);
      }
      if (digits.size() < std::min<std::size_t>(width, 32)) digits.insert(0, std::min<std::size_t>(width, 32) - digits.size(), '0');
    }
    out.append(digits);
  }
  return out;
}

}  // namespace manifests::dash
