#include "manifests/hls/cues.hpp"

#include <optional>

#include "manifests/hls/attributes.hpp"

namespace manifests::hls {
namespace {

// The duration forms of EXT-X-CUE-OUT seen from encoders and packagers:
// "30", "30.000" (Elemental, Wowza) and "DURATION=30[,ID=..]" (Adobe/Anvato style).
std::optional<Ticks> cue_out_duration(const Tag& tag) {
  if (!tag.value || tag.value->empty()) return Ticks{-1};  // no duration: ends at CUE-IN
  if (auto plain = parse_seconds(*tag.value)) return plain;
  auto attributes = AttributeList::parse(*tag.value);
  if (!attributes) return std::nullopt;
  auto text = attributes->text("DURATION");
  if (!text) return Ticks{-1};
  return parse_seconds(*text);
}

struct OpenBreak {
  std::size_t first_segment;
  Ticks start;
  Ticks declared;  // negative when the cue gave none
};

std::string avail_id(Ticks start) { return "t" + std::to_string(start.count() / 90); }

}  // namespace

CueReport find_avails(const MediaPlaylist& playlist) {
  CueReport report;
  std::optional<OpenBreak> open;
  Ticks position{};
  auto close = [&](std::size_t end_segment) {
    Avail avail{avail_id(open->start), open->first_segment, end_segment, open->start, open->declared, position - open->start};
    if (avail.duration.count() < 0) avail.duration = avail.content_duration;
    report.avails.push_back(std::move(avail));
    open.reset();
  };

  for (std::size_t i = 0; i < playlist.segments.size(); ++i) {
    const auto& segment = playlist.segments[i];
    for (const auto& tag : segment.tags) {
      if (tag.name == kCueIn) {
        if (open) {
          close(i);
        } else {
          report.warnings.push_back("EXT-X-CUE-IN at segment " + std::to_string(i) + " without an open break");
        }
      } else if (tag.name == kCueOut) {
        if (open) {
          report.warnings.push_back("EXT-X-CUE-OUT at segment " + std::to_string(i) +
                                    " inside an open break: ignored");
          continue;
        }
        auto duration = cue_out_duration(tag);
        if (!duration) {
          report.warnings.push_back("EXT-X-CUE-OUT at segment " + std::to_string(i) + " has a malformed duration '" +
                                    std::string(tag.value.value_or("")) + "': break ignored");
          continue;
        }
        open = OpenBreak{i, position, *duration};
      }
    }
    // Without a CUE-IN, a break with a duration ends where its duration is reached.
    if (open && open->declared.count() >= 0 && position >= open->start + open->declared &&
        i > open->first_segment) {
      close(i);
    }
    position += segment.duration;
  }
  if (open) {
    if (open->declared.count() >= 0 && playlist.endlist) {
      close(playlist.segments.size());
    } else {
      report.warnings.push_back("EXT-X-CUE-OUT at segment " + std::to_string(open->first_segment) +
                                " never ends: break ignored");
    }
  }
  return report;
}

}  // namespace manifests::hls
