#include "ssai/detached.hpp"

#include <string>

#include "ssai/log.hpp"

namespace ssai {
namespace {

std::atomic<std::uint64_t> failures{0};

}  // namespace

std::uint64_t detached_failures() { return failures.load(std::memory_order_relaxed); }

void LoggedDetached::operator()(std::exception_ptr failure) const {
  if (!failure) return;
  failures.fetch_add(1, std::memory_order_relaxed);
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    log::error("detached", std::string(what_) + " failed: " + e.what());
  } catch (...) {
    log::error("detached", std::string(what_) + " failed with an exception that is not a std::exception");
  }
}

}  // namespace ssai
