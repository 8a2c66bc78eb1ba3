#include "manifests/dash/segments.hpp"

#include <charconv>

#include "manifests/dash/mpd.hpp"

namespace manifests::dash {
namespace {

bool is_segment_element(const pugi::xml_node& node) {
  for (auto name : kSegmentElements) {
    if (local_name(node) == name) return true;
  }
  return false;
}

// Repeats of one S element; r="-1" (or any negative) runs to `until`.
std::uint64_t repeats(const pugi::xml_node& s, std::uint64_t time, std::uint64_t duration, std::optional<std::uint64_t> until) {
  const std::string_view r = s.attribute("r").value();
  if (r.empty()) return 0;
  if (r.front() == '-') {
    if (!until || *until <= time || duration == 0) return 0;
    return (*until - time + duration - 1) / duration - 1;
  }
  std::uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(r.data(), r.data() + r.size(), value);
  return ec == std::errc{} && ptr == r.data() + r.size() ? value : 0;
}

void read_timeline(const pugi::xml_node& timeline, SegmentInfo& info, std::optional<Ticks> period_duration) {
  constexpr std::size_t kMaxEntries = 1'000'000;  // a hostile r="4000000000" stays bounded
  info.timeline.clear();
  info.has_timeline = true;
  const auto entries = children(timeline, "S");
  const std::optional<std::uint64_t> period_end =
      period_duration ? std::optional(info.presentation_time_offset + from_ticks(*period_duration, info.timescale))
                      : std::nullopt;
  std::uint64_t time = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& s = entries[i];
    if (auto t = uint_attribute(s, "t")) time = *t;
    const auto duration = uint_attribute(s, "d").value_or(0);
    if (duration == 0) continue;  // malformed: no duration, nothing to address
    std::optional<std::uint64_t> until = period_end;
    if (i + 1 < entries.size()) {
      if (auto next = uint_attribute(entries[i + 1], "t")) until = *next;
    }
    const auto count = repeats(s, time, duration, until);
    for (std::uint64_t k = 0; k <= count && info.timeline.size() < kMaxEntries; ++k) {
      info.timeline.push_back({time, duration});
      time += duration;
    }
  }
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

SegmentInfo segment_info_at(const pugi::xml_node& element, std::optional<Ticks> period_duration) {
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
  if (timeline) read_timeline(timeline, info, period_duration);
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
