#pragma once
// Avail decisions this node has read or made, kept in memory: a decision never changes
// once stored (the first writer wins, for every node), so a session's playlist reloads
// and ad segment redirects need not read it from the store and parse it again. Bounded
// by two generations: when the newer fills, it becomes the older and the older goes, so
// what is in use stays and what is not ages out.
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "ssai/decision.hpp"

namespace ssai {

class DecisionMemo {
 public:
  explicit DecisionMemo(std::size_t per_generation = 50'000) : per_generation_(per_generation) {}

  [[nodiscard]] std::shared_ptr<const AvailDecision> find(const std::string& key);
  void remember(const std::string& key, std::shared_ptr<const AvailDecision> decision);

 private:
  using Generation = std::unordered_map<std::string, std::shared_ptr<const AvailDecision>>;
  void insert_locked(const std::string& key, std::shared_ptr<const AvailDecision> decision);

  std::size_t per_generation_;
  std::mutex mutex_;
  Generation newer_;
  Generation older_;
};

}  // namespace ssai
