#pragma once
// Making a playlist's URIs absolute, so it can be served from another host: segment
// URIs and every URI="..." attribute (MAP, KEY, PART, PRELOAD-HINT, RENDITION-REPORT,
// MEDIA, I-FRAME-STREAM-INF, SESSION-KEY, ...). RFC 3986 resolution via Boost.URL;
// query strings are kept.
#include <optional>
#include <string>
#include <string_view>

#include "manifests/error.hpp"
#include "manifests/hls/playlist.hpp"

namespace manifests::hls {

/// `reference` resolved against `base`; nullopt when either is not a valid URI.
[[nodiscard]] std::optional<std::string> resolve_uri(std::string_view base, std::string_view reference);

/// Resolves every URI of the playlist against `base` (the URL it was fetched from).
[[nodiscard]] Result<void> make_uris_absolute(MediaPlaylist& playlist, std::string_view base);
/// Media URIs (segments, EXT-X-MAP, EXT-X-PART, EXT-X-PRELOAD-HINT) that start with
/// `from` start with `to` instead: a CDN in front of the origin. Keys and playlists stay.
void move_media_uris(MediaPlaylist& playlist, std::string_view from, std::string_view to);

/// The same for a master playlist; variant URIs included.
[[nodiscard]] Result<void> make_uris_absolute(MasterPlaylist& playlist, std::string_view base);

}  // namespace manifests::hls
