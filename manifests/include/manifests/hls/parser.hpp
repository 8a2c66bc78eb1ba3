#pragma once
#include <string_view>

#include "manifests/error.hpp"
#include "manifests/hls/playlist.hpp"

namespace manifests::hls {

/// True when the text is a master playlist (it has EXT-X-STREAM-INF), false for media.
[[nodiscard]] bool is_master(std::string_view text);

[[nodiscard]] Result<MasterPlaylist> parse_master(std::string_view text);
[[nodiscard]] Result<MediaPlaylist> parse_media(std::string_view text);

/// Splits a tag line into name and value ("#EXT-X-KEY:METHOD=NONE").
[[nodiscard]] Tag split_tag(std::string_view line);

}  // namespace manifests::hls
