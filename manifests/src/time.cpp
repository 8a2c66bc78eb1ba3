#include "manifests/time.hpp"

#include <algorithm>
#include <array>
#include <charconv>

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
  const std::int64_t scaled = (t * scale + 45'000) / 90'000;  // round half up
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

std::int64_t round_to_seconds(Ticks ticks) { return (ticks.count() + 45'000) / 90'000; }

}  // namespace manifests
