#pragma once
// Where a guided content playlist or MPD announces its breaks (guided_breaks.cpp): the
// same cues players of stitched sessions get ads for, as HLS interstitials or DASH
// Alternative MPD events. Breaks under the
// personalization threshold are left to their content, as they are when stitched.
#include <string>
#include <vector>

#include "manifests/dash/alternative_mpd.hpp"
#include "manifests/hls/interstitials.hpp"
#include "origin/parsed_mpd.hpp"
#include "ssai/config.hpp"
#include "ssai/parsed_media.hpp"

namespace ssai {

/// Each break of `media` as an interstitial whose asset list is `asset_lists` + the
/// avail's id (percent-encoded) + ".json". VOD: a span of content replaced (its length
/// the resume offset) or a point where ads are inserted (pre-roll at the start,
/// post-roll at the end). Live: the break replaces content for its signalled length, or
/// the configured one when no cue says.
[[nodiscard]] std::vector<manifests::hls::Interstitial> guided_interstitials(const ParsedMedia& media,
                                                                            const PlaybackConfiguration& config,
                                                                            const std::string& asset_lists);

/// Each break of `mpd` as an Alternative MPD event whose MPD is `alternatives` + the
/// avail's id (percent-encoded) + ".mpd". Live: replaces content for its signalled
/// length (or the configured one); VOD: replaces the content span it covers, or is
/// inserted at a point.
[[nodiscard]] std::vector<manifests::dash::AlternativeBreak> guided_alternatives(const ParsedMpd& mpd,
                                                                                 const PlaybackConfiguration& config,
                                                                                 const std::string& alternatives);

/// The break `avail_id` as the guided manifest announces it: how long it is (a point
/// break: its planned length, 0 when none); nullopt when the content has no such break.
[[nodiscard]] std::optional<manifests::Ticks> guided_break_length(const ParsedMedia& media, const PlaybackConfiguration& config,
                                                                  const std::string& avail_id);
[[nodiscard]] std::optional<manifests::Ticks> guided_break_length(const ParsedMpd& mpd, const PlaybackConfiguration& config,
                                                                  const std::string& avail_id);

}  // namespace ssai
