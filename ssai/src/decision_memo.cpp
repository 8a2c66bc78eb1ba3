#include "ssai/decision_memo.hpp"

namespace ssai {

std::shared_ptr<const AvailDecision> DecisionMemo::find(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (auto it = newer_.find(key); it != newer_.end()) return it->second;
  auto it = older_.find(key);
  if (it == older_.end()) return nullptr;
  auto decision = it->second;
  older_.erase(it);
  insert_locked(key, decision);  // still in use: moves up
  return decision;
}

void DecisionMemo::remember(const std::string& key, std::shared_ptr<const AvailDecision> decision) {
  std::lock_guard lock(mutex_);
  insert_locked(key, std::move(decision));
}

void DecisionMemo::insert_locked(const std::string& key, std::shared_ptr<const AvailDecision> decision) {
  if (newer_.size() >= per_generation_) {
    older_ = std::move(newer_);
    newer_ = Generation{};
  }
  newer_[key] = std::move(decision);
}

}  // namespace ssai
