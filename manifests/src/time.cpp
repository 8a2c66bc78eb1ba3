#include "manifests/time.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace manifests {

std::optional<Ticks> parse_seconds(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t whole = 0;
  std::size_t i = 0;
  bool any_digit = false;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (whole > 1'000'000'000) return std::nullopt;  // ~31 years: no playlist needs more
    whole = whole * 10 + (text[i] - '0');
    any_digit = true;
  }
  // Fraction kept to 9 digits (nanoseconds) and then rounded to ticks.
  std::int64_t nanos = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::int64_t scale = 100'000'000;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      nanos += (text[i] - '0') * scale;
      scale /= 10;
      any_digit = true;
    }
  }
  if (!any_digit || i != text.size()) return std::nullopt;
  const std::int64_t frac_ticks = (nanos * 90'000 + 500'000'000) / 1'000'000'000;
  return Ticks{whole * 90'000 + frac_ticks};
}

void append_seconds(std::string& out, Ticks ticks, int decimals) {
  static constexpr std::array<std::int64_t, 7> kPow10{1, 10, 100, 1000, 10000, 100000, 1000000};
  decimals = std::clamp(decimals, 0, 6);
  std::int64_t t = ticks.count();
  if (t < 0) {
    out.push_back('-');
    t = -t;
  }
  const std::int64_t scale = kPow10[static_cast<std::size_t>(decimals)];
  // 128 bits: MPD times since a live channel's epoch reach 10^14 ticks and more.
  const auto scaled = static_cast<std::int64_t>((static_cast<__int128>(t) * scale + 45'000) / 90'000);  // round half up
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, scaled / scale);
  out.append(digits, end);
  if (decimals > 0) {
    out.push_back('.');
    std::int64_t fraction = scaled % scale;
    char frac[6];
    for (int i = decimals - 1; i >= 0; --i) {
      frac[i] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    out.append(frac, static_cast<std::size_t>(decimals));
  }
}

std::string format_seconds(Ticks ticks, int decimals) {
  std::string out;
  append_seconds(out, ticks, decimals);
  return out;
}

std::string format_timecode(Ticks ticks) {
  const std::int64_t ms = std::max<std::int64_t>(0, (ticks.count() + 45) / 90);
  char text[32];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld.%03lld", static_cast<long long>(ms / 3'600'000),
                static_cast<long long>(ms / 60'000 % 60), static_cast<long long>(ms / 1000 % 60),
                static_cast<long long>(ms % 1000));
  return text;
}

std::int64_t round_to_seconds(Ticks ticks) { return (ticks.count() + 45'000) / 90'000; }

namespace {

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// The inverse of days_from_civil (proleptic Gregorian, days since 1970-01-01).
CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

}  // namespace

std::string format_iso8601_ms(std::int64_t unix_ms) {
  const std::int64_t ms = ((unix_ms % 1000) + 1000) % 1000;
  const std::int64_t seconds = (unix_ms - ms) / 1000;
  const std::int64_t days = (seconds >= 0 ? seconds : seconds - 86399) / 86400;
  const std::int64_t in_day = seconds - days * 86400;
  const auto date = civil_from_days(days);
  char text[96];  // room for any int64 year, so the compiler sees no truncation
  std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(date.year),
                date.month, date.day, static_cast<long long>(in_day / 3600), static_cast<long long>(in_day / 60 % 60),
                static_cast<long long>(in_day % 60), static_cast<long long>(ms));
  return text;
}

std::optional<std::int64_t> parse_iso8601_ms(std::string_view t) {
  // YYYY-MM-DDThh:mm:ss
  auto year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
  auto hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || t[4] != '-' || t[7] != '-' ||
      (t[10] != 'T' && t[10] != 't' && t[10] != ' ') || t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
    std::int64_t scale = 100;
    ++pos;
    const std::size_t start = pos;
    for (; pos < t.size() && t[pos] >= '0' && t[pos] <= '9'; ++pos) {
      millis += (t[pos] - '0') * scale;
      scale /= 10;
    }
    if (pos == start) return std::nullopt;
  }
  std::int64_t offset_minutes = 0;
  if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
    ++pos;
  } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
    const int sign = t[pos] == '-' ? -1 : 1;
    auto oh = digits(t, pos + 1, 2);
    const std::size_t mm_at = pos + 3 < t.size() && t[pos + 3] == ':' ? pos + 4 : pos + 3;
    auto om = digits(t, mm_at, 2);
    if (!oh || !om) return std::nullopt;
    offset_minutes = sign * (*oh * 60 + *om);
    pos = mm_at + 2;
  } else {
    return std::nullopt;  // HLS requires a time zone
  }
  if (pos != t.size()) return std::nullopt;
  const std::int64_t days = days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  const std::int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

std::optional<Ticks> parse_iso_duration(std::string_view text) {
  // "P" [n "D"] ["T" [n "H"] [n "M"] [n "S"]]: the xs:duration subset media uses (no
  // years or months, whose length in seconds depends on the calendar).
  if (!text.starts_with('P') || text.size() < 3) return std::nullopt;
  Ticks total{};
  std::size_t pos = 1;
  bool in_time = false;
  bool any = false;
  while (pos < text.size()) {
    if (text[pos] == 'T') {
      if (in_time || pos + 1 == text.size()) return std::nullopt;
      in_time = true;
      ++pos;
      continue;
    }
    const auto unit = text.find_first_of(in_time ? "HMS" : "D", pos);
    if (unit == std::string_view::npos || unit == pos) return std::nullopt;
    auto amount = parse_seconds(text.substr(pos, unit - pos));
    if (!amount) return std::nullopt;
    const int factor = text[unit] == 'D' ? 86400 : text[unit] == 'H' ? 3600 : text[unit] == 'M' ? 60 : 1;
    // No media lasts 300 years; past that the arithmetic would overflow.
    constexpr Ticks kLongest{std::int64_t{10'000'000'000} * 90'000};
    if (*amount > kLongest / factor || total + *amount * factor > kLongest) return std::nullopt;
    total += *amount * factor;
    any = true;
    pos = unit + 1;
  }
  if (!any) return std::nullopt;
  return total;
}

std::string format_iso_duration(Ticks ticks) {
  std::string seconds = format_seconds(ticks < Ticks{} ? Ticks{} : ticks, 6);
  while (seconds.back() == '0') seconds.pop_back();
  if (seconds.back() == '.') seconds.pop_back();
  return "PT" + seconds + "S";
}

}  // namespace manifests
