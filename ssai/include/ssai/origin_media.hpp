#pragma once
// The origin's manifests as the routes use them: fetched under the configuration's
// limits through the origin cache (one fetch for everyone who asks meanwhile), media
// playlists and MPDs made ready to stitch once per origin version (ParsedMemo) and
// shared by every session that reads them.
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "ssai/clock.hpp"
#include "ssai/config.hpp"
#include "ssai/error.hpp"
#include "ssai/fetcher.hpp"
#include "ssai/origin_cache.hpp"
#include "ssai/parsed_media.hpp"

namespace ssai {

struct ParsedMpd;  // origin/parsed_mpd.hpp (private: it brings pugixml)

/// An origin media playlist's text made ready to stitch: parsed, its URIs made absolute
/// (under the configuration's content CDN prefix), its cues found.
[[nodiscard]] Result<ParsedMedia> prepare_origin_media(const std::string& text, const std::string& url,
                                                       const PlaybackConfiguration& config);
/// An origin MPD's text made ready to stitch: parsed, its BaseURLs made absolute (under
/// the configuration's content CDN prefix), its cues found.
[[nodiscard]] Result<ParsedMpd> prepare_origin_mpd(const std::string& text, const std::string& mpd_url,
                                                   const PlaybackConfiguration& config);

class OriginMedia {
 public:
  OriginMedia(Fetcher& fetcher, const Clock& clock) : fetcher_(fetcher), cache_({}, clock) {}

  /// The manifest at `url` as the origin serves it (kOriginNotFound for its 404,
  /// kOriginFailed for anything else that is not a 200 within the configuration's
  /// timeout and size limit).
  [[nodiscard]] boost::asio::awaitable<Result<OriginBody>> fetch(const std::string& url, const PlaybackConfiguration& config);
  /// The media playlist at `url`, prepared (prepare_origin_media).
  [[nodiscard]] boost::asio::awaitable<Result<std::shared_ptr<const ParsedMedia>>> media(const std::string& url,
                                                                                        const PlaybackConfiguration& config);
  /// The MPD at `url`, prepared (prepare_origin_mpd).
  [[nodiscard]] boost::asio::awaitable<Result<std::shared_ptr<const ParsedMpd>>> mpd(const std::string& url,
                                                                                    const PlaybackConfiguration& config);
  /// How many fetches reached the origin (tests, /metrics).
  [[nodiscard]] std::uint64_t fetches() const { return cache_.fetches(); }

 private:
  Fetcher& fetcher_;
  OriginCache cache_;
  ParsedMemo<ParsedMedia> media_;
  ParsedMemo<ParsedMpd> mpds_;
};

}  // namespace ssai
