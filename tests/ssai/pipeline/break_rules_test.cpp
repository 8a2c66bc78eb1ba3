#include "ssai/break_rules.hpp"

#include <catch2/catch.hpp>

using manifests::Ticks;
using ssai::AvailSuppression;

namespace {

Ticks seconds(int s) { return Ticks{s * 90000LL}; }

}  // namespace

TEST_CASE("breaks under the personalization threshold pass through, insertions never do") {
  ssai::PlaybackConfiguration config;
  config.personalization_threshold = std::chrono::milliseconds(10'000);
  manifests::Avail avail;
  avail.first_segment = 2;
  avail.end_segment = 4;
  avail.duration = seconds(8);
  CHECK(ssai::below_threshold(avail, config));
  avail.duration = seconds(10);
  CHECK_FALSE(ssai::below_threshold(avail, config));
  avail.end_segment = 2;  // a zero-length cue: ads are inserted, the threshold is about replacing
  avail.duration = Ticks{};
  CHECK_FALSE(ssai::below_threshold(avail, config));
}

TEST_CASE("avail suppression by where a break starts against the session's start") {
  ssai::PlaybackConfiguration config;
  ssai::Session session;
  session.started_ms = 1'000'000;
  const std::int64_t now = 1'000'000 + 60'000;  // a minute into the session
  auto suppressed = [&](int started_seconds_into_session) {
    // A break that started at that point is (now - start) before the live edge.
    return ssai::suppressed(config, session, seconds(60 - started_seconds_into_session), now);
  };
  CHECK_FALSE(suppressed(-30));  // off: everything is filled

  config.avail_suppression = AvailSuppression::kBehindLiveEdge;
  CHECK(suppressed(-30));   // under way when the session began
  CHECK(suppressed(0));
  CHECK_FALSE(suppressed(20));
  config.avail_suppression_value = std::chrono::milliseconds(45'000);
  CHECK_FALSE(suppressed(-30));  // within 45 s behind the start: filled
  CHECK(suppressed(-45));

  config.avail_suppression = AvailSuppression::kAfterLiveEdge;
  config.avail_suppression_value = std::chrono::milliseconds(30'000);
  CHECK(suppressed(-5));    // under way at the start, full avails only
  CHECK(suppressed(10));    // within 30 s after the start
  CHECK_FALSE(suppressed(40));
  config.suppression_partial_avail = true;
  CHECK_FALSE(suppressed(-5));  // filled from where it is
  CHECK(suppressed(10));
}

TEST_CASE("break position: insertion points at either end are pre- and post-rolls, the rest mid-rolls") {
  manifests::Avail avail;
  CHECK(ssai::break_position(avail, 10) == ssai::BreakPosition::kPreRoll);
  avail.first_segment = avail.end_segment = 10;
  CHECK(ssai::break_position(avail, 10) == ssai::BreakPosition::kPostRoll);
  avail.first_segment = avail.end_segment = 4;
  CHECK(ssai::break_position(avail, 10) == ssai::BreakPosition::kMidRoll);
  avail.first_segment = 0;  // a span from the first segment replaces content: mid-roll
  CHECK(ssai::break_position(avail, 10) == ssai::BreakPosition::kMidRoll);
}
