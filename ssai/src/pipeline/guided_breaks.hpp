#pragma once
// Where a guided content playlist announces its breaks (guided_breaks.cpp): the same
// cues players of stitched sessions get ads for, as HLS interstitials. Breaks under the
// personalization threshold are left to their content, as they are when stitched.
#include <string>
#include <vector>

#include "manifests/hls/interstitials.hpp"
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

}  // namespace ssai
