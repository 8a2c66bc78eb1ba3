#pragma once
#include "manifests/avail.hpp"
#include "manifests/hls/playlist.hpp"

namespace manifests::hls {

/// Finds the breaks of a media playlist in every cue dialect (see CueDialect). Where
/// several dialects describe one break they make one avail. SCTE-35 payloads decide
/// what a cue means when its tag does not say: splice_insert out_of_network, and
/// time_signal segmentation types that open or close a break (ad, placement
/// opportunity and break start/end), with cancels honoured. A break ends at its CUE-IN,
/// or where its planned duration is reached; breaks cut by a live window at either end
/// are kept with elapsed_before / open_at_end. Malformed or unmatched cues are skipped
/// with a warning; they never fail the playlist.
[[nodiscard]] CueReport find_avails(const MediaPlaylist& playlist);

}  // namespace manifests::hls
