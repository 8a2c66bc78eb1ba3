#pragma once
// Where a guided content playlist or MPD announces its breaks (guided_breaks.cpp): the
// same breaks players of stitched sessions get ads for (cues, or a VMAP schedule), as HLS
// interstitials or DASH Alternative MPD events. Breaks under the personalization
// threshold are left to their content, as they are when stitched.
#include <optional>
#include <string>
#include <vector>

#include "manifests/dash/alternative_mpd.hpp"
#include "manifests/hls/interstitials.hpp"
#include "origin/parsed_mpd.hpp"
#include "ssai/config.hpp"
#include "ssai/parsed_media.hpp"

namespace ssai {

/// The breaks a shared manifest announces: the content's cues (`cues`), or, for VOD
/// content whose configuration schedules breaks by VMAP, that configuration's schedule
/// (`schedule`, DecisionStore::schedule_vmap) placed on the content's segment
/// `boundaries` as each session's own VMAP is (ids v1, v2, ...; none when there is no
/// schedule). A schedule that does not parse announces no break (logged).
[[nodiscard]] std::vector<manifests::Avail> guided_breaks(const PlaybackConfiguration& config, bool live,
                                                         const std::vector<manifests::Avail>& cues,
                                                         const std::optional<std::string>& schedule,
                                                         const std::vector<manifests::Ticks>& boundaries);

/// Each of `breaks` (guided_breaks) as an interstitial of `playlist` whose asset list is
/// `asset_lists` + the avail's id (percent-encoded) + ".json". VOD: a span of content
/// replaced (its length the resume offset) or a point where ads are inserted (pre-roll at
/// the start, post-roll at the end). Live: the break replaces content for its signalled
/// length, or the configured one when no cue says; a configuration with a live pre-roll
/// announces it first (CUE="PRE,ONCE", id kLivePrerollId).
[[nodiscard]] std::vector<manifests::hls::Interstitial> guided_interstitials(const manifests::hls::MediaPlaylist& playlist,
                                                                            const std::vector<manifests::Avail>& breaks,
                                                                            const PlaybackConfiguration& config,
                                                                            const std::string& asset_lists);

/// Each of `breaks` as an Alternative MPD event of `mpd` whose MPD is `alternatives` +
/// the avail's id (percent-encoded) + ".mpd". Live: replaces content for its signalled
/// length (or the configured one); VOD: replaces the content span it covers, or is
/// inserted at a point.
[[nodiscard]] std::vector<manifests::dash::AlternativeBreak> guided_alternatives(const manifests::dash::Mpd& mpd,
                                                                                 const std::vector<manifests::Avail>& breaks,
                                                                                 const PlaybackConfiguration& config,
                                                                                 const std::string& alternatives);

}  // namespace ssai
