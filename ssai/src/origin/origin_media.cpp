#include "ssai/origin_media.hpp"
#include "origin/parsed_mpd.hpp"

#include "manifests/dash/cues.hpp"
#include "manifests/hls/cues.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/uris.hpp"
#include "ssai/log.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;
namespace dash = manifests::dash;

namespace {

// Served from our host now: the content's segments must resolve to the origin (or its
// CDN). The MPD's BaseURLs are made absolute, and one is added when it has none.
Result<void> anchor_base_urls(dash::Mpd& mpd, const std::string& mpd_url, const PlaybackConfiguration& config) {
  auto root = mpd.root();
  auto bases = dash::children(root, "BaseURL");
  if (bases.empty()) bases.push_back(dash::insert_mpd_child(root, "BaseURL"));
  for (auto base : bases) {
    const std::string given = base.text().get();
    auto resolved = manifests::hls::resolve_uri(mpd_url, given.empty() ? std::string("./") : given);
    if (!resolved) return fail(Errc::kOriginFailed, "origin MPD has a BaseURL that does not resolve: " + given);
    std::string url = std::move(*resolved);
    if (!config.content_segment_prefix.empty() && url.starts_with(config.content_origin)) {
      url = config.content_segment_prefix + url.substr(config.content_origin.size());
    }
    base.text().set(url.c_str());
  }
  return {};
}

// `body` prepared by `prepare` once per origin version: remembered in `memo` by URL and
// by what the preparation depends on in the configuration; its cue warnings logged when
// it is prepared, not on every request.
template <class Parsed>
Result<std::shared_ptr<const Parsed>> prepared_once(ParsedMemo<Parsed>& memo, const std::string& url,
                                                    const PlaybackConfiguration& config, OriginBody body,
                                                    Result<Parsed> (*prepare)(const std::string&, const std::string&,
                                                                              const PlaybackConfiguration&)) {
  return memo.find_or_prepare(url + '\n' + config.content_origin + '\n' + config.content_segment_prefix, std::move(body),
                              [&](const std::string& text) {
                                auto parsed = prepare(text, url, config);
                                if (parsed) {
                                  for (const auto& warning : parsed->cues.warnings) log::warn("cues", url + ": " + warning);
                                }
                                return parsed;
                              });
}

}  // namespace

Result<ParsedMedia> prepare_origin_media(const std::string& text, const std::string& url, const PlaybackConfiguration& config) {
  auto playlist = manifests::hls::parse_media(text);
  if (!playlist) return fail(Errc::kOriginFailed, "origin media playlist: " + playlist.error().detail);
  // Served from our host now: every URI (segments, MAP, KEY, parts...) must be absolute.
  if (auto absolute = manifests::hls::make_uris_absolute(*playlist, url); !absolute) {
    return fail(Errc::kOriginFailed, "origin media playlist: " + absolute.error().detail);
  }
  if (!config.content_segment_prefix.empty()) {
    manifests::hls::move_media_uris(*playlist, config.content_origin, config.content_segment_prefix);
  }
  auto cues = manifests::hls::find_avails(*playlist);
  return ParsedMedia{std::move(*playlist), std::move(cues), next_parse_version()};
}

Result<ParsedMpd> prepare_origin_mpd(const std::string& text, const std::string& mpd_url, const PlaybackConfiguration& config) {
  auto mpd = dash::Mpd::parse(text);
  if (!mpd) return fail(Errc::kOriginFailed, "origin MPD: " + mpd.error().detail);
  if (auto anchored = anchor_base_urls(*mpd, mpd_url, config); !anchored) return tl::unexpected(anchored.error());
  auto cues = dash::find_avails(*mpd);
  return ParsedMpd{std::move(*mpd), std::move(cues)};
}

asio::awaitable<Result<OriginBody>> OriginMedia::fetch(const std::string& url, const PlaybackConfiguration& config) {
  auto fetch = [this, &config](const std::string& target) -> asio::awaitable<Result<std::string>> {
    FetchOptions options;
    options.timeout = config.origin_timeout;
    options.max_bytes = config.manifest_max_bytes;
    auto response = co_await fetcher_.get(target, options);
    if (!response) co_return fail(Errc::kOriginFailed, "origin: " + response.error().detail);
    if (response->status == 404) co_return fail(Errc::kOriginNotFound, "origin has no " + target);
    if (response->status != 200) {
      co_return fail(Errc::kOriginFailed, "origin answered HTTP " + std::to_string(response->status) + " for " + target);
    }
    co_return std::move(response->body);
  };
  auto body = co_await cache_.get(url, fetch);
  co_return body;
}

asio::awaitable<Result<std::shared_ptr<const ParsedMedia>>> OriginMedia::media(const std::string& url,
                                                                              const PlaybackConfiguration& config) {
  auto body = co_await fetch(url, config);
  if (!body) co_return tl::unexpected(body.error());
  co_return prepared_once(media_, url, config, std::move(*body), &prepare_origin_media);
}

asio::awaitable<Result<std::shared_ptr<const ParsedMpd>>> OriginMedia::mpd(const std::string& url,
                                                                          const PlaybackConfiguration& config) {
  auto body = co_await fetch(url, config);
  if (!body) co_return tl::unexpected(body.error());
  co_return prepared_once(mpds_, url, config, std::move(*body), &prepare_origin_mpd);
}

}  // namespace ssai
