#pragma once
// One line per event on stderr: "2026-11-25T13:00:00.123Z WARN ads: <message>".
#include <string_view>

namespace ssai::log {

enum class Level { kDebug, kInfo, kWarn, kError };

void write(Level level, std::string_view component, std::string_view message);
/// Messages below this level are dropped (default kInfo; SSAI_LOG=debug lowers it).
void set_threshold(Level level);

inline void debug(std::string_view component, std::string_view message) { write(Level::kDebug, component, message); }
inline void info(std::string_view component, std::string_view message) { write(Level::kInfo, component, message); }
inline void warn(std::string_view component, std::string_view message) { write(Level::kWarn, component, message); }
inline void error(std::string_view component, std::string_view message) { write(Level::kError, component, message); }

}  // namespace ssai::log
