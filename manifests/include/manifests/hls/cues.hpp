#pragma once
#include "manifests/avail.hpp"
#include "manifests/hls/playlist.hpp"

namespace manifests::hls {

/// Finds the breaks signalled by EXT-X-CUE-OUT / EXT-X-CUE-IN. A break ends at its
/// CUE-IN, or, when there is none, at the first segment boundary its duration reaches.
/// Malformed or unmatched cues are skipped with a warning; they never fail the playlist.
[[nodiscard]] CueReport find_avails(const MediaPlaylist& playlist);

}  // namespace manifests::hls
