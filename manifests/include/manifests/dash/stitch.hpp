#pragma once
// The DASH stitch: content MPD + what goes in each break -> the multi-period MPD a
// session's player gets. Pure: no I/O, no decisions; ssai/ decides what goes in.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "manifests/dash/mpd.hpp"

namespace manifests::dash {

struct AdSegment {
  std::string uri;  ///< absolute
  Ticks duration{};
};

struct AdRepresentation {
  std::string id;
  int bandwidth = 0;
  int width = 0;
  int height = 0;
  std::string codecs;
  int audio_sampling_rate = 0;
  std::string initialization;  ///< absolute URL of the fMP4 init segment
  std::vector<AdSegment> segments;
  /// A single-file representation (sidecar WebVTT): its absolute URL as the
  /// Representation's BaseURL, no segment list.
  std::string single_file{};
};

struct AdAdaptationSet {
  std::string content_type;  ///< "video", "audio" or "text"
  std::string mime_type;     ///< "video/mp4", "audio/mp4", "text/vtt"
  std::string lang;          ///< the content adaptation set's, so players keep the track
  std::vector<AdRepresentation> representations;
};

/// One period put into a break: an ad, or slate.
struct InsertedPeriod {
  std::string id;
  Ticks duration{};
  std::vector<AdAdaptationSet> adaptation_sets;
};

struct PeriodBreak {
  std::string name;   ///< the avail id: names the content period that resumes after the break
  Ticks at{};         ///< on the MPD timeline, on a segment boundary (find_avails snaps it)
  Ticks replaced{};   ///< content the break replaces from `at`; 0 inserts the break there
  std::vector<InsertedPeriod> periods;
};

struct StitchOptions {
  /// The SCTE-35 events that opened and closed a stitched break kept on the content
  /// that resumes. Off: the resuming content carries none.
  bool keep_ad_markers = false;
  /// Live (a dynamic MPD): where the live edge stands on the MPD timeline. Periods that
  /// start after it are left out, to be listed by the update after they begin.
  std::optional<Ticks> live_edge;
};

/// Splits the content period at each break (Period@start/@duration,
/// presentationTimeOffset, startNumber, trimmed SegmentTimeline or SegmentList, events
/// moved to the piece they fall in), drops the replaced content, and puts the break's
/// periods between. Every period gets an explicit @start and @duration;
/// mediaPresentationDuration of a static MPD becomes the new total. Breaks must be
/// sorted and not overlap.
[[nodiscard]] Result<Mpd> stitch(Mpd content, std::span<const PeriodBreak> breaks, const StitchOptions& options = {});

/// A static MPD that plays `periods` one after another from 0, written as the stitch
/// writes a break's periods (a guided break's alternative MPD: its ads, then slate).
/// kMissingTag when there are none.
[[nodiscard]] Result<Mpd> presentation_of(std::span<const InsertedPeriod> periods);

}  // namespace manifests::dash
