#pragma once
// Origin manifests parsed once per version and shared: ten thousand sessions on a
// live channel reload the same few playlists, and each request should pay only for its
// session, not for parsing, resolving URIs and finding cues again. Keyed by URL and by
// how the playlist was prepared (the configuration's CDN prefix); an entry is used
// while the origin cache hands out the same body (the same shared string: a fetch makes
// a new one, so a playlist is parsed once per cache period).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "manifests/avail.hpp"
#include "manifests/hls/playlist.hpp"
#include "ssai/error.hpp"
#include "ssai/origin_cache.hpp"

namespace ssai {

struct ParsedMedia {
  manifests::hls::MediaPlaylist playlist;  ///< URIs absolute, content CDN prefix applied
  manifests::CueReport cues;
  /// No other parse on this node has it (next_parse_version): what was written from this
  /// playlist is remembered by it, without keeping the playlist itself alive.
  std::uint64_t version = 0;
};

/// A new ParsedMedia::version.
[[nodiscard]] inline std::uint64_t next_parse_version() {
  static std::atomic<std::uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

/// Parsed origin manifests (ParsedMedia, ParsedMpd) by key, each used while the origin
/// cache hands out the body it was parsed from.
template <class Parsed>
class ParsedMemo {
 public:
  /// Bounded like the origin cache: by manifests and by their bytes (a parsed manifest
  /// takes a few times its text).
  explicit ParsedMemo(std::size_t max_entries = 4096, std::size_t max_bytes = 64 * 1024 * 1024)
      : max_entries_(max_entries), max_bytes_(max_bytes) {}

  /// What was remembered for `key` when it was parsed from `body`; null otherwise.
  [[nodiscard]] std::shared_ptr<const Parsed> find(const std::string& key, const OriginBody& body) const {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    return it != entries_.end() && it->second.body == body ? it->second.parsed : nullptr;
  }

  /// What `prepare(body text)` made of `body` when it was last seen for `key`, or made now
  /// and remembered (`prepare` returns Result<Parsed>; a failure is not remembered).
  template <class Prepare>
  [[nodiscard]] Result<std::shared_ptr<const Parsed>> find_or_prepare(const std::string& key, OriginBody body,
                                                                      Prepare&& prepare) {
    if (auto known = find(key, body)) return known;
    Result<Parsed> prepared = prepare(*body);
    if (!prepared) return tl::unexpected(prepared.error());
    auto shared = std::make_shared<const Parsed>(std::move(*prepared));
    remember(key, std::move(body), shared);
    return shared;
  }

  void remember(const std::string& key, OriginBody body, std::shared_ptr<const Parsed> parsed) {
    if (!body) return;
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      bytes_ -= it->second.body->size();
      entries_.erase(it);
    }
    // Manifests are a few KB and URLs few; a node past a cap (an origin with endless
    // URLs, or huge VOD manifests) starts again rather than tracking use.
    if (entries_.size() >= max_entries_ || bytes_ + body->size() > max_bytes_) {
      entries_.clear();
      bytes_ = 0;
    }
    bytes_ += body->size();
    entries_.emplace(key, Entry{std::move(body), std::move(parsed)});
  }

 private:
  struct Entry {
    OriginBody body;  ///< held, so its address cannot be reused by another body
    std::shared_ptr<const Parsed> parsed;
  };
  std::size_t max_entries_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;  ///< of the bodies held
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

using ParsedMediaMemo = ParsedMemo<ParsedMedia>;

}  // namespace ssai
