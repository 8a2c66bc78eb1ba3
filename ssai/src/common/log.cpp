#include "ssai/log.hpp"

#include "ssai/timestamp.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

namespace ssai::log {
namespace {

std::atomic<Level> g_threshold{Level::kInfo};
std::mutex g_mutex;

const char* level_name(Level level) {
  switch (level) {
    case Level::kDebug: return "DEBUG";
    case Level::kInfo: return "INFO";
    case Level::kWarn: return "WARN";
    case Level::kError: return "ERROR";
  }
  return "INFO";
}

}  // namespace

void set_threshold(Level level) { g_threshold = level; }

void write(Level level, std::string_view component, std::string_view message) {
  if (level < g_threshold.load()) return;
  const std::string stamp = utc_timestamp();
  std::string line;
  line.reserve(64 + message.size());
  line += stamp;
  line += ' ';
  line += level_name(level);
  line += ' ';
  line += component;
  line += ": ";
  line += message;
  line += '\n';
  std::lock_guard lock(g_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace ssai::log
