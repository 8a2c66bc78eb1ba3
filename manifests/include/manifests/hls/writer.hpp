#pragma once
#include <string>

#include "manifests/hls/playlist.hpp"

namespace manifests::hls {

[[nodiscard]] std::string write(const MasterPlaylist& playlist);
[[nodiscard]] std::string write(const MediaPlaylist& playlist);

}  // namespace manifests::hls
