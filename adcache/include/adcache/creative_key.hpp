#pragma once
// Creative identity: the same creative from any session, wrapper or ad server maps to
// one key, and so to one set of conditioned renditions.
#include <string>
#include <string_view>

#include "adcache/error.hpp"
#include "vast/model.hpp"

namespace adcache {

/// The media file SSAI would condition: the first progressive, non-interactive video.
[[nodiscard]] const vast::MediaFile* source_media_file(const vast::Creative& creative);

/// An HLS rendition set the creative offers (delivery streaming, an HLS MIME type): used
/// as it is when it matches the content's ladder, saving the transcode.
[[nodiscard]] const vast::MediaFile* streaming_media_file(const vast::Creative& creative);

/// UniversalAdId when present, else the creative's adId, else the source media file's
/// name. The key is safe as a single path component ([A-Za-z0-9._-], no leading dot).
[[nodiscard]] Result<std::string> creative_key(const vast::Creative& creative);

/// The key of a bare media URL (the slate): its file name without extension.
[[nodiscard]] std::string key_from_url(std::string_view url);

/// The key of a creative's conditioning for DASH content: fMP4 with its audio apart,
/// which MPEG-TS content cannot share, so conditioned (and stored) on its own.
[[nodiscard]] std::string dash_key(std::string_view key);

/// The key of a creative's conditioning to one ladder (ladder_fingerprint): the same
/// creative spliced into content of another ladder is conditioned again, to that one.
/// An empty fingerprint (the ladder unknown) leaves the key as it is.
[[nodiscard]] std::string ladder_key(std::string_view key, std::string_view fingerprint);

}  // namespace adcache
