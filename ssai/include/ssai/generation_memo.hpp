#pragma once
// Values this node has read or made, kept in memory by key and bounded by two
// generations: when the newer fills (in entries, or in the bytes its values say they
// hold), it becomes the older and the older goes, so what is in use (found again, it
// moves up) stays and what is not ages out. Thread-safe.
#include <cstddef>
#include <limits>
#include <mutex>
#include <string>
#include <utility>

#include <boost/unordered/unordered_flat_map.hpp>

namespace ssai {

template <class V>
class GenerationMemo {
 public:
  /// At most `per_generation` entries and `bytes_per_generation` bytes (as remember()
  /// is told) in each generation: memory is bounded by twice that.
  explicit GenerationMemo(std::size_t per_generation,
                          std::size_t bytes_per_generation = std::numeric_limits<std::size_t>::max())
      : per_generation_(per_generation), bytes_per_generation_(bytes_per_generation) {}

  /// The value remembered for `key`; V{} when there is none.
  [[nodiscard]] V find(const std::string& key) {
    std::lock_guard lock(mutex_);
    if (auto it = newer_.find(key); it != newer_.end()) return it->second.value;
    auto it = older_.find(key);
    if (it == older_.end()) return V{};
    Held held = std::move(it->second);
    older_.erase(it);
    V value = held.value;
    insert_locked(key, std::move(held));  // still in use: moves up
    return value;
  }

  /// `bytes`: what the value holds beyond its key, for values whose size varies. A value
  /// larger than a whole generation is not kept.
  void remember(const std::string& key, V value, std::size_t bytes = 0) {
    if (bytes > bytes_per_generation_) return;
    std::lock_guard lock(mutex_);
    insert_locked(key, Held{std::move(value), bytes});
  }

 private:
  struct Held {
    V value;
    std::size_t bytes = 0;
  };
  // Open addressing: a lookup touches one or two cache lines, not a chain of nodes.
  using Generation = boost::unordered_flat_map<std::string, Held>;

  void insert_locked(const std::string& key, Held held) {
    if (auto it = newer_.find(key); it != newer_.end()) {
      newer_bytes_ -= it->second.bytes;
      newer_.erase(it);
    }
    const bool full = newer_.size() >= per_generation_ || newer_bytes_ > bytes_per_generation_ - held.bytes;
    if (full && !newer_.empty()) {
      older_ = std::move(newer_);
      newer_ = Generation{};
      newer_bytes_ = 0;
    }
    newer_bytes_ += held.bytes;
    newer_.emplace(key, std::move(held));
  }

  std::size_t per_generation_;
  std::size_t bytes_per_generation_;
  std::mutex mutex_;
  Generation newer_;
  Generation older_;
  std::size_t newer_bytes_ = 0;  ///< never more than bytes_per_generation_
};

}  // namespace ssai
