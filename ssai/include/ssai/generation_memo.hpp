#pragma once
// Values this node has read or made, kept in memory by key and bounded by two
// generations: when the newer fills, it becomes the older and the older goes, so what is
// in use (found again, it moves up) stays and what is not ages out. Thread-safe.
#include <cstddef>
#include <mutex>
#include <string>
#include <utility>

#include <boost/unordered/unordered_flat_map.hpp>

namespace ssai {

template <class V>
class GenerationMemo {
 public:
  explicit GenerationMemo(std::size_t per_generation) : per_generation_(per_generation) {}

  /// The value remembered for `key`; V{} when there is none.
  [[nodiscard]] V find(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (auto it = newer_.find(key); it != newer_.end()) return it->second;
    auto it = older_.find(key);
    if (it == older_.end()) return V{};
    V value = std::move(it->second);
    older_.erase(it);
    insert_locked(key, value);  // still in use: moves up
    return value;
  }

  void remember(const std::string& key, V value) {
    std::lock_guard lock(mutex_);
    insert_locked(key, std::move(value));
  }

 private:
  // Open addressing: a lookup touches one or two cache lines, not a chain of nodes.
  using Generation = boost::unordered_flat_map<std::string, V>;
  void insert_locked(const std::string& key, V value) {
    if (newer_.size() >= per_generation_) {
      older_ = std::move(newer_);
      newer_ = Generation{};
    }
    newer_[key] = std::move(value);
  }

  std::size_t per_generation_;
  std::mutex mutex_;
  Generation newer_;
  Generation older_;
};

}  // namespace ssai
