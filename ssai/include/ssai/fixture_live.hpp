#pragma once
// The fixture server's simulated live channel: a VOD media playlist looped forever as a
// sliding live window, its breaks signalled in the cue dialect asked for, the way
// packagers do (CUE-OUT-CONT or a restated DATERANGE for a player joining mid-break).
#include <optional>
#include <string>
#include <string_view>

#include "manifests/dash/mpd.hpp"
#include "manifests/hls/playlist.hpp"
#include "ssai/error.hpp"

namespace ssai {

enum class LiveCueDialect {
  kCueOut,     ///< "cue-out": EXT-X-CUE-OUT:DURATION, EXT-X-CUE-OUT-CONT:ElapsedTime, EXT-X-CUE-IN
  kElemental,  ///< "elemental": the same with EXT-OATCLS-SCTE35 and SCTE35= payloads
  kDateRange,  ///< "daterange": PROGRAM-DATE-TIME and EXT-X-DATERANGE SCTE35-OUT/IN
  /// "unsignalled": a bare EXT-X-CUE-OUT, EXT-X-CUE-OUT-CONT:ElapsedTime, EXT-X-CUE-IN:
  /// no cue says how long the break lasts.
  kUnsignalled,
  /// "none": no cues at all (the VOD's breaks play as content): a channel for live
  /// pre-rolls alone.
  kNone,
};

[[nodiscard]] std::optional<LiveCueDialect> live_cue_dialect(std::string_view name);

struct LiveChannelOptions {
  LiveCueDialect dialect = LiveCueDialect::kCueOut;
  std::size_t window = 6;   ///< segments in each playlist
  std::string segment_base;  ///< prepended to the VOD's relative segment URIs
};

/// The live playlist `seconds` after the channel started (it starts with a full window).
/// Breaks are the VOD's own (its cues, whatever their dialect), at the same place in
/// every loop; each loop starts with a discontinuity. An I-frame playlist (its entries
/// byte ranges, kept) lists the keyframes of the same span as a window of 6 s segments,
/// on the same clock, so its program dates match theirs.
[[nodiscard]] Result<std::string> live_window(const manifests::hls::MediaPlaylist& vod, double seconds,
                                              const LiveChannelOptions& options);

/// Where both channels' clocks stand at the first request: a window of six 6 s
/// segments in, so that the first playlist is already full.
inline constexpr std::int64_t kLiveLeadMs = 36'000;

/// The live DASH channel from a static MPD of one period: a dynamic MPD `seconds` after
/// the channel started, one Period per loop of the VOD ("loop-<k>", starting at k times
/// its duration) for the last 60 s (timeShiftBufferDepth) and the loop under way, whose
/// SegmentTimelines list only the segments complete by now. Each loop keeps the VOD's
/// EventStreams, their ids (and SCTE-35 splice_event_ids) shifted by 1000 per loop.
/// Channel time 0 is `availability_start_ms` on the wall clock: players can follow it at
/// the real clock's pace only (--live-speed 1).
[[nodiscard]] Result<std::string> live_mpd(const manifests::dash::Mpd& vod, double seconds, std::int64_t availability_start_ms);

}  // namespace ssai
