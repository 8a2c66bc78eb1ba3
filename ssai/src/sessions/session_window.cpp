#include "ssai/session_window.hpp"

namespace ssai {

bool SessionWindow::admit(const std::string& config, std::size_t cap, std::chrono::seconds ttl, Clock::time_point now) {
  if (cap == 0) return true;
  std::lock_guard lock(mutex_);
  auto& starts = starts_[config];
  while (!starts.empty() && now - starts.front() >= ttl) starts.pop_front();
  if (starts.size() >= cap) return false;
  starts.push_back(now);
  return true;
}

}  // namespace ssai
