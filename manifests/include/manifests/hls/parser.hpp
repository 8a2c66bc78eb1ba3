#pragma once
#include <string>
#include <string_view>

#include "manifests/error.hpp"
#include "manifests/hls/playlist.hpp"

namespace manifests::hls {

/// True when the text is a master playlist (it has EXT-X-STREAM-INF), false for media.
[[nodiscard]] bool is_master(std::string_view text);

/// Parses and keeps `text`; the model's views point into it. Strict where players are
/// strict (no #EXTM3U, a URI without EXTINF, no EXT-X-TARGETDURATION, numbers that are
/// not numbers); tolerant, with a warning, where real origins are sloppy (BOM, CRLF,
/// blank lines, VOD without EXT-X-ENDLIST, EXTINF above the target duration).
/// EXT-X-DEFINE NAME/VALUE variables are substituted into URIs.
[[nodiscard]] Result<MediaPlaylist> parse_media(std::string text);
[[nodiscard]] Result<MasterPlaylist> parse_master(std::string text);

/// Splits a tag line into name and value ("#EXT-X-KEY:METHOD=NONE"); views into `line`.
[[nodiscard]] Tag split_tag(std::string_view line);

}  // namespace manifests::hls
