// The fixture server's simulated live DASH channel: a static one-period MPD looped as a
// dynamic MPD, one Period per loop (its media times start again each loop, so each loop
// is a new period, as a packager starting a new program would write it).
#include <algorithm>

#include "manifests/dash/segments.hpp"
#include "manifests/scte35/decode.hpp"
#include "manifests/scte35/encode.hpp"
#include "ssai/fixture_live.hpp"

namespace ssai {
namespace dash = manifests::dash;
using manifests::Ticks;

namespace {

constexpr Ticks kLead{kLiveLeadMs * 90};
constexpr Ticks kTimeShiftBuffer{60 * 90000};   // periods that ended longer ago are left out
constexpr std::uint32_t kEventsPerLoop = 1000;  // event ids of loop k: k * 1000 + the VOD's

void set(pugi::xml_node node, const char* name, const std::string& value) {
  auto attribute = node.attribute(name);
  if (!attribute) attribute = node.append_attribute(name);
  attribute.set_value(value.c_str());
}

// Each loop's events get their own ids (Event@id, the SCTE-35 splice_event_id, binary or
// XML): cue detection names breaks by them, and a break must keep its name while older
// loops scroll away.
void renumber_events(pugi::xml_node period, std::uint64_t loop) {
  const auto shift = static_cast<std::uint32_t>(loop * kEventsPerLoop);
  for (auto stream : dash::children(period, "EventStream")) {
    for (auto event : dash::children(stream, "Event")) {
      if (auto id = dash::uint_attribute(event, "id")) set(event, "id", std::to_string(*id + shift));
      for (auto signal : dash::children(event, "Signal")) {
        for (auto binary : dash::children(signal, "Binary")) {
          auto bytes = manifests::scte35::bytes_from_text(binary.text().get());
          auto section = bytes ? manifests::scte35::decode(*bytes) : tl::unexpected(bytes.error());
          if (!section) continue;
          if (auto* insert = std::get_if<manifests::scte35::SpliceInsert>(&section->splice_command)) insert->splice_event_id += shift;
          if (auto encoded = manifests::scte35::encode(*section)) binary.text().set(manifests::scte35::to_base64(*encoded).c_str());
        }
      }
      for (auto section : dash::children(event, "SpliceInfoSection")) {
        for (auto insert : dash::children(section, "SpliceInsert")) {
          if (auto id = dash::uint_attribute(insert, "spliceEventId")) set(insert, "spliceEventId", std::to_string(*id + shift));
        }
      }
    }
  }
}

// The current loop's SegmentTimelines list only the segments complete `into` it; false
// when one of them has none yet.
bool truncate_timelines(pugi::xml_node period, Ticks into) {
  std::vector<pugi::xml_node> elements;
  auto collect = [&elements](const pugi::xml_node& level) {
    if (auto node = dash::child(level, "SegmentTemplate"); node && dash::child(node, "SegmentTimeline")) elements.push_back(node);
  };
  collect(period);
  for (auto set_node : dash::children(period, "AdaptationSet")) {
    collect(set_node);
    for (auto representation : dash::children(set_node, "Representation")) collect(representation);
  }
  bool complete = true;
  for (auto element : elements) {
    const auto info = dash::segment_info_at(element, std::nullopt);
    const std::uint64_t limit = info.presentation_time_offset + dash::from_ticks(into, info.timescale);
    auto timeline = dash::child(element, "SegmentTimeline");
    while (auto s = timeline.first_child()) timeline.remove_child(s);
    for (const auto& entry : info.timeline) {
      if (entry.time + entry.duration > limit) break;
      auto s = timeline.append_child("S");
      set(s, "t", std::to_string(entry.time));
      set(s, "d", std::to_string(entry.duration));
    }
    if (!timeline.first_child()) complete = false;
  }
  return complete;
}

}  // namespace

Result<std::string> live_mpd(const dash::Mpd& vod, double seconds, std::int64_t availability_start_ms) {
  const auto periods = vod.periods();
  if (vod.dynamic() || periods.size() != 1 || !periods.front().duration || periods.front().duration->count() <= 0) {
    return fail(Errc::kBadRequest, "a live DASH channel loops a static MPD of one period with a duration");
  }
  const Ticks loop = *periods.front().duration;
  const Ticks now = kLead + Ticks{static_cast<std::int64_t>(std::max(seconds, 0.0) * 90000)};
  dash::Mpd live = vod;
  auto root = live.root();
  set(root, "type", "dynamic");
  root.remove_attribute("mediaPresentationDuration");
  set(root, "availabilityStartTime", manifests::format_iso8601_ms(availability_start_ms));
  set(root, "publishTime", manifests::format_iso8601_ms(availability_start_ms + now.count() / 90));
  set(root, "minimumUpdatePeriod", "PT2S");
  set(root, "timeShiftBufferDepth", manifests::format_iso_duration(kTimeShiftBuffer));
  // Players take the time from here rather than from a time server they cannot reach.
  // The schema puts UTCTiming after the Periods (and their Metrics and properties).
  for (auto timing : dash::children(root, "UTCTiming")) root.remove_child(timing);
  pugi::xml_node last_before_timing;
  for (auto node : root.children()) {
    const auto name = dash::local_name(node);
    if (name == "Period" || name == "Metrics" || name == "EssentialProperty" || name == "SupplementalProperty") {
      last_before_timing = node;
    }
  }
  auto timing = root.insert_child_after("UTCTiming", last_before_timing);
  set(timing, "schemeIdUri", "urn:mpeg:dash:utc:direct:2014");
  set(timing, "value", manifests::format_iso8601_ms(availability_start_ms + now.count() / 90));
  const auto template_period = live.periods().front().node;
  const std::int64_t current = now / loop;
  const std::int64_t oldest = std::max<std::int64_t>(0, (now - kTimeShiftBuffer) / loop);
  pugi::xml_node previous;
  for (std::int64_t k = oldest; k <= current; ++k) {
    auto period = root.insert_copy_before(template_period, template_period);
    set(period, "id", "loop-" + std::to_string(k));
    set(period, "start", manifests::format_iso_duration(loop * k));
    renumber_events(period, static_cast<std::uint64_t>(k));
    // The loop under way is open: its end is told when the next begins. A last period
    // with a duration that has passed would tell players the presentation ended.
    if (k == current) {
      period.remove_attribute("duration");
      // A period is listed once each of its timelines has a segment (an empty
      // SegmentTimeline is not valid, and dash.js cannot start on one): until then the
      // loop before stays the open one.
      if (!truncate_timelines(period, now - loop * k) && previous) {
        root.remove_child(period);
        previous.remove_attribute("duration");
      }
    } else {
      set(period, "duration", manifests::format_iso_duration(loop));
    }
    previous = period;
  }
  root.remove_child(template_period);
  return live.write();
}

}  // namespace ssai
