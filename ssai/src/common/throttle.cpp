#include "ssai/throttle.hpp"

namespace ssai {

bool Throttle::due(const std::string& key, std::chrono::steady_clock::time_point now,
                   std::chrono::steady_clock::duration period) {
  std::lock_guard lock(mutex_);
  auto it = last_.find(key);
  if (it != last_.end() && now - it->second < period) return false;
  // Forgetting every key at the cap only lets each through once more: harmless.
  if (it == last_.end() && last_.size() >= max_keys_) last_.clear();
  last_.insert_or_assign(key, now);
  return true;
}

}  // namespace ssai
