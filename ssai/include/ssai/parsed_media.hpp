#pragma once
// Origin media playlists parsed once per version and shared: ten thousand sessions on a
// live channel reload the same few playlists, and each request should pay only for its
// session, not for parsing, resolving URIs and finding cues again. Keyed by URL and by
// how the playlist was prepared (the configuration's CDN prefix); an entry is used
// while the origin cache hands out the same body.
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "manifests/avail.hpp"
#include "manifests/hls/playlist.hpp"

namespace ssai {

struct ParsedMedia {
  manifests::hls::MediaPlaylist playlist;  ///< URIs absolute, content CDN prefix applied
  manifests::CueReport cues;
};

class ParsedMediaMemo {
 public:
  explicit ParsedMediaMemo(std::size_t max_entries = 4096) : max_entries_(max_entries) {}

  /// What was remembered for `key` when it was parsed from exactly `body`; null otherwise.
  [[nodiscard]] std::shared_ptr<const ParsedMedia> find(const std::string& key, const std::string& body) const;
  void remember(const std::string& key, std::string body, std::shared_ptr<const ParsedMedia> parsed);

 private:
  struct Entry {
    std::string body;
    std::shared_ptr<const ParsedMedia> parsed;
  };
  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace ssai
