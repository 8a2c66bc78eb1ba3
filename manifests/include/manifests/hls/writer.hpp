#pragma once
#include <string>

#include "manifests/hls/playlist.hpp"

namespace manifests::hls {

/// Writes the playlist. A parsed playlist that was not edited comes out byte for byte
/// as it came in when the input was canonical (LF line ends, no blank lines, EXTINF
/// with its comma), and means the same otherwise.
[[nodiscard]] std::string write(const MasterPlaylist& playlist);
[[nodiscard]] std::string write(const MediaPlaylist& playlist);
/// Appends to `out` (reuse one buffer across requests to skip the allocation).
void write_to(std::string& out, const MediaPlaylist& playlist);

}  // namespace manifests::hls
