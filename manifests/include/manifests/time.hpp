#pragma once
// Media time as integer 90 kHz ticks, parsed and printed with integer math so that
// durations add up exactly across thousands of segments.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace manifests {

using Ticks = std::chrono::duration<std::int64_t, std::ratio<1, 90000>>;

/// Parses a non-negative decimal number of seconds ("6", "6.006", "10.") into ticks,
/// rounded to the nearest tick. nullopt for anything else (signs, exponents, junk).
[[nodiscard]] std::optional<Ticks> parse_seconds(std::string_view text);

/// Formats ticks as seconds with exactly `decimals` (0..6) decimals, rounded half up.
[[nodiscard]] std::string format_seconds(Ticks ticks, int decimals = 3);
/// The same, appended to `out` without a temporary (the playlist writer's hot path).
void append_seconds(std::string& out, Ticks ticks, int decimals = 3);

/// "HH:MM:SS.mmm", as VAST timecodes ([ADPLAYHEAD], [CONTENTPLAYHEAD]) are written;
/// negative times count as 0.
[[nodiscard]] std::string format_timecode(Ticks ticks);

/// Whole seconds, rounded to nearest (the rule RFC 8216 uses for EXT-X-TARGETDURATION).
[[nodiscard]] std::int64_t round_to_seconds(Ticks ticks);

/// "2026-11-25T10:00:10.123Z" / "...+01:00" / "...+0100" (ISO 8601 as HLS and DASH use
/// it) to milliseconds since 1970-01-01T00:00:00Z; nullopt when malformed.
[[nodiscard]] std::optional<std::int64_t> parse_iso8601_ms(std::string_view text);

/// Milliseconds since 1970-01-01T00:00:00Z as "2026-11-25T10:00:10.123Z" (what
/// parse_iso8601_ms reads back).
[[nodiscard]] std::string format_iso8601_ms(std::int64_t unix_ms);

/// ISO 8601 durations as HLS ad markers and DASH use them ("PT6S", "PT1M30.5S",
/// "PT0H0M9.600S", "P1DT2H") to ticks; nullopt for years, months, signs and junk.
[[nodiscard]] std::optional<Ticks> parse_iso_duration(std::string_view text);

/// Ticks as an xs:duration in seconds, shortest exact form ("PT9.6S", "PT0S"), as MPDs
/// write Period@start and @duration; what parse_iso_duration reads back.
[[nodiscard]] std::string format_iso_duration(Ticks ticks);

}  // namespace manifests
