// LiveDates: a live playlist without program dates is dated by a chain that gives every
// segment the same date on every reload, on every node sharing a store, and after a
// restart; a store that fails leaves this node's chain; an encoder restart starts anew.
#include <catch2/catch.hpp>

#include <limits>

#include "manifests/hls/cues.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/interstitials.hpp"
#include "origin/live_dates.hpp"
#include "ssai/memory_store.hpp"
#include "support/counting_store.hpp"
#include "support/loop.hpp"

using manifests::Ticks;

namespace {

constexpr Ticks kSecond{90000};

// A live window from `msn` of segments `millis` long (ms), no dates; a cue opening a
// break of 12 s on segment `cue_at` (none when negative), and, when `elapsed_ms` > 0, a
// break already under way for that long when the window starts.
manifests::hls::MediaPlaylist window(std::int64_t msn, const std::vector<int>& millis, int cue_at = -1, int elapsed_ms = 0) {
  std::string text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:" + std::to_string(msn) + "\n";
  for (std::size_t k = 0; k < millis.size(); ++k) {
    if (k == 0 && elapsed_ms > 0) {
      text += "#EXT-X-CUE-OUT-CONT:ElapsedTime=" + manifests::format_seconds(Ticks{elapsed_ms * 90}) + ",Duration=12\n";
    }
    if (static_cast<int>(k) == cue_at) text += "#EXT-X-CUE-OUT:DURATION=12\n";
    text += "#EXTINF:" + manifests::format_seconds(Ticks{std::int64_t{millis[k]} * 90}) + ",\nseg" + std::to_string(msn + static_cast<std::int64_t>(k)) + ".ts\n";
  }
  auto parsed = manifests::hls::parse_media(text);
  REQUIRE(parsed);
  return std::move(*parsed);
}

std::int64_t ms(Ticks t) { return std::chrono::duration_cast<std::chrono::milliseconds>(t).count(); }

}  // namespace

TEST_CASE("live dates: a window continues the dates of one it overlaps, forward and back", "[live-dates]") {
  const ssai::DatedWindow known{100, Ticks{1'000'000}, {Ticks{540540}, Ticks{495000}, Ticks{540000}}};
  // Starts two segments in: the first two durations later.
  CHECK(ssai::continue_dates(known, 102, std::vector<Ticks>{Ticks{540000}}) == Ticks{1'000'000 + 540540 + 495000});
  // Starts where the known one ends.
  CHECK(ssai::continue_dates(known, 103, std::vector<Ticks>{Ticks{1}}) == Ticks{1'000'000 + 540540 + 495000 + 540000});
  // An older window (a cache behind): its own durations, counted back.
  CHECK(ssai::continue_dates(known, 98, std::vector<Ticks>{Ticks{100}, Ticks{200}, Ticks{300}}) == Ticks{1'000'000 - 300});
  // Apart: no way to know what lay between.
  CHECK_FALSE(ssai::continue_dates(known, 104, std::vector<Ticks>{Ticks{1}}));
  CHECK_FALSE(ssai::continue_dates(known, 90, std::vector<Ticks>{Ticks{1}, Ticks{1}}));
}

TEST_CASE("live dates: the stored form reads back, and anything else is refused", "[live-dates]") {
  const ssai::DatedWindow known{3, Ticks{155'000'000'000'000}, {Ticks{540540}, Ticks{0}}};
  CHECK(ssai::dated_window_from_text(ssai::to_text(known)) == known);
  CHECK(ssai::dated_window_from_text("7 12") == ssai::DatedWindow{7, Ticks{12}, {}});
  for (const char* bad : {"", "7", "7 x", "7  12", "7 12 -5", "7 12 ", "a b c", "-1 12", "7 -12",
                          "7 9223372036854775807", "7 12 9000000000000", "7 12 99999999999999999999"}) {
    INFO(bad);
    CHECK_FALSE(ssai::dated_window_from_text(bad));
  }
}

TEST_CASE("live dates: a chain starts from the media sequence alone, so renditions seen together start alike",
          "[live-dates]") {
  const Ticks epoch{manifests::hls::kSyntheticStartMs * 90};
  CHECK(ssai::first_sight_date(0, 6) == epoch);
  CHECK(ssai::first_sight_date(1000, 6) == epoch + 6000 * kSecond);
  CHECK(ssai::first_sight_date(10, 0) == epoch + 10 * kSecond);
  // A hostile media sequence number wraps into a century after 2000 rather than
  // overflowing, the same on every call.
  const auto huge = ssai::first_sight_date(std::numeric_limits<std::int64_t>::max(), 86'400);
  CHECK(huge >= epoch);
  CHECK(huge < epoch + Ticks{101LL * 365 * 86'400 * 90'000});
  CHECK(huge == ssai::first_sight_date(std::numeric_limits<std::int64_t>::max(), 86'400));
}

TEST_CASE("live dates: a window whose segments last implausibly long is dated, not chained", "[live-dates]") {
  test_support::Loop loop;
  ssai::MemoryStore store;
  ssai::LiveDates node(store);
  const auto absurd = window(std::numeric_limits<std::int64_t>::max() - 1, {6000, 999'999'999});
  CHECK(loop.await(node.first_date("http://origin.test/x.m3u8", absurd)) ==
        ssai::first_sight_date(std::numeric_limits<std::int64_t>::max() - 1, 6));
  CHECK_FALSE(loop.await(store.get("livedates:http://origin.test/x.m3u8")).value());
}

TEST_CASE("live dates: every reload, node and restart dates a segment alike, and a failed store leaves the node's chain",
          "[live-dates]") {
  test_support::Loop loop;
  ssai::MemoryStore memory;
  test_support::CountingStore store(memory);
  ssai::LiveDates node_a(store);
  const std::string url = "http://origin.test/live/360p.m3u8";
  const std::vector<int> lengths{6006, 5500, 6000, 4000, 6000, 6006, 5994};

  const auto w100 = window(100, {lengths.begin(), lengths.begin() + 4});
  const auto first = loop.await(node_a.first_date(url, w100));
  CHECK(first == ssai::first_sight_date(100, 6));
  // Two segments later, on the same node: the two durations later, to the tick.
  const auto w102 = window(102, {lengths.begin() + 2, lengths.begin() + 6});
  CHECK(loop.await(node_a.first_date(url, w102)) == first + Ticks{(6006 + 5500) * 90});
  // The same window again needs no store.
  const int gets = store.gets;
  CHECK(loop.await(node_a.first_date(url, w102)) == first + Ticks{(6006 + 5500) * 90});
  CHECK(store.gets == gets);

  // Another node (or this one restarted) continues the stored chain.
  ssai::LiveDates node_b(store);
  const auto w103 = window(103, {lengths.begin() + 3, lengths.end()});
  CHECK(loop.await(node_b.first_date(url, w103)) == first + Ticks{(6006 + 5500 + 6000) * 90});
  CHECK(loop.await(node_a.first_date(url, w103)) == first + Ticks{(6006 + 5500 + 6000) * 90});
  // Another playlist has a chain of its own.
  CHECK(loop.await(node_b.first_date(url + "?audio", w103)) == ssai::first_sight_date(103, 6));

  // The store away: node A goes on with what it knows.
  store.down = true;
  const auto w104 = window(104, {lengths.begin() + 4, lengths.end()});
  CHECK(loop.await(node_a.first_date(url, w104)) == first + Ticks{(6006 + 5500 + 6000 + 4000) * 90});
  store.down = false;

  // An encoder restart: the sequence starts again, and so does the chain.
  const auto restarted = window(3, {6000, 6000});
  CHECK(loop.await(node_a.first_date(url, restarted)) == ssai::first_sight_date(3, 6));
  ssai::LiveDates node_c(store);
  CHECK(loop.await(node_c.first_date(url, window(4, {6000, 6000}))) == ssai::first_sight_date(3, 6) + 6 * kSecond);
}

TEST_CASE("live dates: a dated window's breaks keep their start date as the window moves", "[live-dates]") {
  const Ticks first{155'000'000'000'000 + 7};  // not a whole millisecond
  // The break opens on the third segment of the first window...
  auto before = window(100, {6006, 5500, 6000, 6000}, 2);
  auto avails = manifests::hls::find_avails(before).avails;
  REQUIRE(avails.size() == 1);
  ssai::date_live_playlist(before, first, avails);
  REQUIRE(avails[0].start_date_ms);
  CHECK(*avails[0].start_date_ms == ms(first + Ticks{(6006 + 5500) * 90}));
  REQUIRE(before.segments.front().find(manifests::hls::kProgramDateTime));
  CHECK(*before.segments.front().find(manifests::hls::kProgramDateTime)->value == manifests::format_iso8601_ms(ms(first)));

  // ... and has begun 6 s before the next one, dated from the chain.
  auto after = window(103, {6000, 6000}, -1, 6000);
  auto later = manifests::hls::find_avails(after).avails;
  REQUIRE(later.size() == 1);
  ssai::date_live_playlist(after, first + Ticks{(6006 + 5500 + 6000) * 90}, later);
  CHECK(later[0].start_date_ms == avails[0].start_date_ms);
}
