#include "manifests/time.hpp"

#include <catch2/catch.hpp>

using manifests::format_seconds;
using manifests::parse_seconds;
using manifests::Ticks;

TEST_CASE("parse_seconds reads EXTINF-style decimals exactly") {
  CHECK(parse_seconds("6") == Ticks{540000});
  CHECK(parse_seconds("6.000000") == Ticks{540000});
  CHECK(parse_seconds("6.006") == Ticks{540540});
  CHECK(parse_seconds("0.04") == Ticks{3600});
  CHECK(parse_seconds("10.") == Ticks{900000});
  CHECK(parse_seconds(".5") == Ticks{45000});
}

TEST_CASE("parse_seconds refuses what is not a plain decimal") {
  for (const char* bad : {"", ".", "-1", "+1", "1e3", "6,0", "abc", "6.0s", " 6"}) {
    INFO(bad);
    CHECK_FALSE(parse_seconds(bad).has_value());
  }
}

TEST_CASE("format_seconds rounds half up with integer math") {
  CHECK(format_seconds(Ticks{540540}) == "6.006");
  CHECK(format_seconds(Ticks{540000}, 0) == "6");
  CHECK(format_seconds(Ticks{45}, 3) == "0.001");  // 0.5 ms rounds up
  CHECK(format_seconds(Ticks{44}, 3) == "0.000");
  CHECK(format_seconds(Ticks{90000 * 3600 + 1}, 6) == "3600.000011");
  CHECK(format_seconds(Ticks{-45000}, 1) == "-0.5");
}

TEST_CASE("round_to_seconds is the target-duration rounding") {
  CHECK(manifests::round_to_seconds(Ticks{540000 + 44999}) == 6);
  CHECK(manifests::round_to_seconds(Ticks{540000 + 45000}) == 7);
}

TEST_CASE("format_timecode writes VAST's HH:MM:SS.mmm") {
  CHECK(manifests::format_timecode(Ticks{0}) == "00:00:00.000");
  CHECK(manifests::format_timecode(Ticks{540540}) == "00:00:06.006");
  CHECK(manifests::format_timecode(Ticks{(2 * 3600 + 3 * 60 + 4) * 90000LL + 45}) == "02:03:04.001");
  CHECK(manifests::format_timecode(Ticks{-90000}) == "00:00:00.000");
}

TEST_CASE("ISO 8601 dates are written as they are read") {
  using manifests::format_iso8601_ms;
  using manifests::parse_iso8601_ms;
  CHECK(format_iso8601_ms(0) == "1970-01-01T00:00:00.000Z");
  CHECK(format_iso8601_ms(1'767'225'600'000) == "2026-01-01T00:00:00.000Z");
  CHECK(format_iso8601_ms(951'825'599'999) == "2000-02-29T11:59:59.999Z");
  CHECK(format_iso8601_ms(-1) == "1969-12-31T23:59:59.999Z");
  for (std::int64_t ms : {0LL, 1LL, 86'399'999LL, 951'782'400'000LL, 1'764'064'834'123LL, 4'102'444'800'000LL, -86'400'001LL}) {
    CHECK(parse_iso8601_ms(format_iso8601_ms(ms)) == ms);
  }
}
