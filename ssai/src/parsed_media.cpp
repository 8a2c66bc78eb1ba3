#include "ssai/parsed_media.hpp"

namespace ssai {

std::shared_ptr<const ParsedMedia> ParsedMediaMemo::find(const std::string& key, const OriginBody& body) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  return it != entries_.end() && it->second.body == body ? it->second.parsed : nullptr;
}

void ParsedMediaMemo::remember(const std::string& key, OriginBody body, std::shared_ptr<const ParsedMedia> parsed) {
  if (!body) return;
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= it->second.body->size();
    entries_.erase(it);
  }
  // Playlists are a few KB and URLs few; a node past a cap (an origin with endless URLs,
  // or huge VOD playlists) starts again rather than tracking use.
  if (entries_.size() >= max_entries_ || bytes_ + body->size() > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  bytes_ += body->size();
  entries_.emplace(key, Entry{std::move(body), std::move(parsed)});
}

}  // namespace ssai
