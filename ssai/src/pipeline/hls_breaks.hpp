#pragma once
// The break pipeline's view of an HLS playlist (hls_breaks.cpp; the fills are Service's
// vod_fills and live_breaks, beside fill_break).
#include <vector>

#include "manifests/hls/live_stitch.hpp"
#include "ssai/break_pipeline.hpp"
#include "ssai/session.hpp"

namespace ssai {

/// VOD: `cues`, on `reference` (the main variant's playlist, whose breaks every rendition follows).
[[nodiscard]] BreakTimeline hls_vod_timeline(std::vector<manifests::Avail> cues,
                                             const manifests::hls::MediaPlaylist& reference);

/// Live: `cues` laid on `window`, the rendition's own; `main_window`, the main variant's
/// when this is another rendition (an I-frame playlist places the pre-roll by its
/// dates); `ledger`, what the session was served of this rendition, whose break ids it
/// keeps. `window` and `ledger` must outlive the pipeline's run.
[[nodiscard]] BreakTimeline hls_live_timeline(std::vector<manifests::Avail> cues,
                                              const manifests::hls::MediaPlaylist& window,
                                              const manifests::hls::MediaPlaylist* main_window, MediaKind kind,
                                              const manifests::hls::LiveLedger* ledger);

}  // namespace ssai
