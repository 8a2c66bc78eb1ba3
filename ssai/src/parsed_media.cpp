#include "ssai/parsed_media.hpp"

namespace ssai {

std::shared_ptr<const ParsedMedia> ParsedMediaMemo::find(const std::string& key, const std::string& body) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(key);
  return it != entries_.end() && it->second.body == body ? it->second.parsed : nullptr;
}

void ParsedMediaMemo::remember(const std::string& key, std::string body, std::shared_ptr<const ParsedMedia> parsed) {
  std::lock_guard lock(mutex_);
  // Playlists are a few KB and URLs few; a node past the cap (an origin with endless
  // URLs) starts again rather than tracking use.
  if (entries_.size() >= max_entries_ && !entries_.contains(key)) entries_.clear();
  entries_.insert_or_assign(key, Entry{std::move(body), std::move(parsed)});
}

}  // namespace ssai
