#include "tag_state.hpp"

#include "manifests/hls/attributes.hpp"

namespace manifests::hls {
namespace {

// After the segment's EXT-X-DISCONTINUITY, if any: where carried-over tags go.
void insert_tag(Segment& segment, Tag tag) {
  const auto at = segment.tags.begin() + (segment.discontinuity() && !segment.tags.empty() ? 1 : 0);
  segment.tags.insert(at, tag);
  ++segment.extinf_at;
}

bool has_method_none(const Tag& key) {
  if (!key.value) return false;
  auto attributes = AttributeList::parse(*key.value);
  return attributes && attributes->text("METHOD") == "NONE";
}

}  // namespace

void TagState::observe(const Segment& segment) {
  bool keyed = false;
  for (const auto& tag : segment.tags) {
    if (tag.name == kKey) {
      if (!keyed) keys_.clear();
      keyed = true;
      if (!has_method_none(tag)) keys_.push_back(tag);
    } else if (tag.name == kMap) {
      map_ = tag;
    } else if (tag.name == kProgramDateTime && tag.value) {
      if (auto ms = parse_iso8601_ms(*tag.value)) next_date_ms_ = ms;
    }
  }
  if (next_date_ms_) *next_date_ms_ += segment.duration.count() / 90;
}

void TagState::restate(Segment& resumed, TextStore& text) const {
  // Inserted in reverse, each after the discontinuity: they read key, map, date.
  if (next_date_ms_ && !resumed.find(kProgramDateTime)) {
    insert_tag(resumed, Tag{kProgramDateTime, text.own(format_iso8601_ms(*next_date_ms_))});
  }
  if (map_ && !resumed.find(kMap)) insert_tag(resumed, *map_);
  if (!resumed.find(kKey)) {
    for (auto key = keys_.rbegin(); key != keys_.rend(); ++key) insert_tag(resumed, *key);
  }
}

void TagState::open_inserted(Segment& inserted, std::string_view map_uri, TextStore& text) const {
  static constexpr std::string_view kNone = "METHOD=NONE";
  if (!map_uri.empty()) insert_tag(inserted, Tag{kMap, text.own("URI=\"" + std::string(map_uri) + "\"")});
  if (!keys_.empty()) insert_tag(inserted, Tag{kKey, kNone});
}

}  // namespace manifests::hls
