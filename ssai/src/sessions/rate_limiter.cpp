#include "ssai/rate_limiter.hpp"

#include <algorithm>

namespace ssai {

RateLimiter::RateLimiter(double rate, double burst, std::size_t max_keys)
    : rate_(rate), burst_(std::max(1.0, burst)), max_keys_(max_keys) {}

bool RateLimiter::take(const std::string& key, Clock::time_point now) {
  if (rate_ <= 0) return true;
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    // At the cap, buckets that have refilled are the same as new ones: drop them. If
    // every bucket is still draining (a flood from as many addresses), start afresh: the
    // worst is one extra burst per client.
    if (buckets_.size() >= max_keys_) {
      boost::unordered::erase_if(buckets_, [&](const auto& item) {
        return item.second.tokens + std::chrono::duration<double>(now - item.second.updated).count() * rate_ >= burst_;
      });
      if (buckets_.size() >= max_keys_) buckets_.clear();
    }
    it = buckets_.emplace(key, Bucket{burst_, now}).first;
  }
  auto& bucket = it->second;
  const double elapsed = std::max(0.0, std::chrono::duration<double>(now - bucket.updated).count());
  bucket.tokens = std::min(burst_, bucket.tokens + elapsed * rate_);
  bucket.updated = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

}  // namespace ssai
