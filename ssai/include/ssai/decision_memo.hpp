#pragma once
// Avail decisions this node has read or made, kept in memory: a decision never changes
// once stored (the first writer wins, for every node), so a session's playlist reloads
// and ad segment redirects need not read it from the store and parse it again.
#include <memory>

#include "ssai/decision.hpp"
#include "ssai/generation_memo.hpp"

namespace ssai {

/// Null when the decision is not remembered.
class DecisionMemo : public GenerationMemo<std::shared_ptr<const AvailDecision>> {
 public:
  explicit DecisionMemo(std::size_t per_generation = 50'000) : GenerationMemo(per_generation) {}
};

}  // namespace ssai
