// Live stitching followed over many reloads of a simulated origin: every reload must
// continue the one before (RFC 8216 section 6.2.2 and 6.3.2), whatever the player's
// reload rhythm, and every ad segment of a break must be served exactly once.
#include "manifests/hls/live_stitch.hpp"

#include <catch2/catch.hpp>
#include <map>

#include "manifests/hls/cues.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/writer.hpp"
#include "support/files.hpp"

using namespace manifests::hls;
using manifests::Ticks;

namespace {

constexpr std::int64_t kCycle = 24;      // segments between break starts
constexpr std::int64_t kBreakAt = 6;     // a break starts at this segment of each cycle
constexpr std::size_t kWindow = 6;

Ticks seconds(double s) { return Ticks{static_cast<std::int64_t>(s * 90000 + 0.5)}; }

// The window `text` with `breaks` stitched in, no ledger before it, as written.
std::string stitched_once(const std::string& text, const std::vector<LiveBreak>& breaks) {
  auto window = parse_media(text);
  REQUIRE(window);
  auto stitched = stitch_live(*window, breaks, std::nullopt);
  REQUIRE(stitched);
  return write(stitched->playlist);
}

// A live origin that never ends: 2 s segments with encoder jitter, a break in every
// cycle, 16 s or 30 s long, the one in cycle 1 cut short by a CUE-IN after 8 s.
struct Origin {
  static Ticks duration(std::int64_t msn) {
    switch (msn % 7) {
      case 3: return seconds(1.96);
      case 4: return seconds(2.04);
      default: return seconds(2);
    }
  }
  static int planned(std::int64_t cycle) { return cycle % 2 == 0 ? 16 : 30; }
  static std::int64_t break_segments(std::int64_t cycle) { return cycle == 1 ? 4 : planned(cycle) / 2; }

  static std::string window(std::int64_t top, std::size_t size = kWindow) {
    std::string text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:" + std::to_string(top) + "\n";
    for (auto msn = top; msn < top + static_cast<std::int64_t>(size); ++msn) {
      const auto cycle = msn / kCycle;
      const auto in_break = msn % kCycle - kBreakAt;
      const auto planned_text = std::to_string(planned(cycle));
      if (in_break == 0) {
        text += "#EXT-X-CUE-OUT:DURATION=" + planned_text + "\n";
      } else if (in_break > 0 && in_break < break_segments(cycle)) {
        text += "#EXT-X-CUE-OUT-CONT:ElapsedTime=" + manifests::format_seconds(elapsed(msn)) + ",Duration=" + planned_text + "\n";
      } else if (in_break == break_segments(cycle)) {
        text += "#EXT-X-CUE-IN\n";
      }
      text += "#EXTINF:" + manifests::format_seconds(duration(msn)) + ",\ncontent/" + std::to_string(msn) + ".ts\n";
    }
    return text;
  }

  // How much of its break lies before segment msn.
  static Ticks elapsed(std::int64_t msn) {
    Ticks sum{};
    for (auto m = msn - (msn % kCycle - kBreakAt); m < msn; ++m) sum += duration(m);
    return sum;
  }
};

// What ssai/ would decide for a break: a 15 s ad, a 10 s one when there is room, slate to the end.
std::vector<InsertedSegment> pod_for(const manifests::Avail& avail) {
  std::vector<InsertedSegment> fill;
  auto add = [&](const std::string& name, std::initializer_list<double> lengths) {
    bool first = true;
    int n = 0;
    for (double s : lengths) {
      fill.push_back({"ads/" + avail.id + "/" + name + "_" + std::to_string(n++) + ".ts", seconds(s), first});
      first = false;
    }
  };
  add("a", {6, 6, 3});
  if (avail.duration >= seconds(25)) add("b", {6, 4});
  Ticks used{};
  for (const auto& s : fill) used += s.duration;
  for (int n = 0; used < avail.duration; ++n) {
    const Ticks length = std::min(seconds(1), avail.duration - used);
    fill.push_back({"slate/" + std::to_string(n) + ".ts", length, n == 0});
    used += length;
  }
  return fill;
}

std::vector<LiveBreak> breaks_in(const MediaPlaylist& window) {
  std::vector<LiveBreak> breaks;
  for (const auto& avail : find_avails(window).avails) {
    if (avail.first_segment == avail.end_segment) continue;
    breaks.push_back({avail.id, avail.first_segment, avail.end_segment, avail.elapsed_before, !avail.open_at_end,
                      avail.ended_early, pod_for(avail), "pin-" + avail.id});
  }
  return breaks;
}

/// One reload: the origin's window stitched on from `ledger`, which is replaced by the
/// new one after a trip through its text form (as the store keeps it).
MediaPlaylist reload(std::int64_t top, std::optional<LiveLedger>& ledger, std::size_t size = kWindow) {
  auto window = parse_media(Origin::window(top, size));
  REQUIRE(window);
  const auto breaks = breaks_in(*window);
  auto stitched = stitch_live(*window, breaks, ledger);
  REQUIRE(stitched);
  auto decoded = LiveLedger::decode(stitched->ledger.encode());
  REQUIRE(decoded);
  CHECK(*decoded == stitched->ledger);
  ledger = std::move(*decoded);
  return std::move(stitched->playlist);
}

struct Entry {
  std::string uri;
  Ticks duration;
  bool discontinuity;
  friend bool operator==(const Entry&, const Entry&) = default;
};

std::vector<Entry> entries(const MediaPlaylist& playlist) {
  std::vector<Entry> out;
  for (const auto& s : playlist.segments) out.push_back({std::string(s.uri), s.duration, s.discontinuity()});
  return out;
}

/// The reload continues `before`: the same entries from where the new top is, the
/// sequence numbers advanced by exactly what left.
void check_continues(const MediaPlaylist& before, const MediaPlaylist& after) {
  const auto old_entries = entries(before);
  const auto new_entries = entries(after);
  const auto left = after.media_sequence - before.media_sequence;
  REQUIRE(left >= 0);
  REQUIRE(static_cast<std::size_t>(left) <= old_entries.size());
  std::int64_t discontinuities_left = 0;
  for (std::int64_t i = 0; i < left; ++i) discontinuities_left += old_entries[static_cast<std::size_t>(i)].discontinuity;
  CHECK(after.discontinuity_sequence == before.discontinuity_sequence + discontinuities_left);
  const std::size_t kept = old_entries.size() - static_cast<std::size_t>(left);
  REQUIRE(new_entries.size() >= kept);
  for (std::size_t i = 0; i < kept; ++i) {
    INFO("entry " << i << " of the reload at media sequence " << after.media_sequence);
    CHECK(new_entries[i] == old_entries[i + static_cast<std::size_t>(left)]);
  }
}

}  // namespace

TEST_CASE("a live playlist followed over 50 reloads stays consistent and serves every ad segment once") {
  const std::array<int, 10> steps{1, 0, 2, 1, 1, 3, 1, 0, 1, 2};
  std::optional<LiveLedger> ledger;
  std::vector<MediaPlaylist> served;
  std::string all;
  std::int64_t top = 0;
  for (int n = 0; n < 50; ++n) {
    served.push_back(reload(top, ledger));
    all += "# reload " + std::to_string(n) + ": origin media sequence " + std::to_string(top) + "\n" + write(served.back());
    if (n > 0) {
      check_continues(served[served.size() - 2], served.back());
      CHECK(served.back().target_duration >= served[served.size() - 2].target_duration);
    }
    top += steps[static_cast<std::size_t>(n) % steps.size()];
  }
  CHECK(all == test_support::golden(std::filesystem::path(SSAI_FIXTURES_DIR) / "golden" / "live" / "fifty_reloads.m3u8", all));

  // Everything served, by output media sequence number: no number ever meant two things.
  std::map<std::int64_t, Entry> timeline;
  for (const auto& playlist : served) {
    auto list = entries(playlist);
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto [it, inserted] = timeline.emplace(playlist.media_sequence + static_cast<std::int64_t>(i), list[i]);
      CHECK(it->second == list[i]);
    }
  }
  std::vector<std::string> uris;
  for (const auto& [msn, entry] : timeline) uris.push_back(entry.uri);

  // Break 0 (16 s, at content segment 6): the 15 s ad and 1 s of slate, then content.
  auto at = std::find(uris.begin(), uris.end(), "content/5.ts");
  REQUIRE(at + 6 < uris.end());
  CHECK(std::vector<std::string>(at + 1, at + 6) ==
        std::vector<std::string>{"ads/m6/a_0.ts", "ads/m6/a_1.ts", "ads/m6/a_2.ts", "slate/0.ts", "content/14.ts"});
  CHECK(timeline[at - uris.begin() + 5 + timeline.begin()->first].discontinuity);
  // Break 1 (30 s planned, cut after 4 segments): what had played of the 15 s ad, then content.
  at = std::find(uris.begin(), uris.end(), "content/29.ts");
  REQUIRE(at + 3 < uris.end());
  CHECK(std::vector<std::string>(at + 1, at + 3) == std::vector<std::string>{"ads/m30/a_0.ts", "content/34.ts"});
  // Each segment once.
  for (const auto& uri : uris) {
    if (uri.starts_with("slate/")) continue;
    CHECK(std::count(uris.begin(), uris.end(), uri) == 1);
  }
}

TEST_CASE("a player joining mid-break gets the rest of the pod from where the break is") {
  std::optional<LiveLedger> ledger;
  // Content 6..13 is the first break; the window starts 10 s into it.
  const auto playlist = reload(11, ledger);
  const auto list = entries(playlist);
  REQUIRE(list.size() >= 2);
  // 10 s in, the second 6 s segment of the first ad (6 s to 12 s) is playing.
  CHECK(list.front().uri == "ads/m6/a_1.ts");
  CHECK(list.front().discontinuity);
  CHECK(playlist.media_sequence == 11);
}

TEST_CASE("a break's pin is kept while the ledger records the break, and the first one given wins") {
  std::optional<LiveLedger> ledger;
  reload(4, ledger);
  REQUIRE(ledger->pin("m6"));
  CHECK(*ledger->pin("m6") == "pin-m6");
  auto window = parse_media(Origin::window(5));
  auto breaks = breaks_in(*window);
  breaks.front().pin = "another";
  auto stitched = stitch_live(*window, breaks, ledger);
  REQUIRE(stitched);
  CHECK(*stitched->ledger.pin("m6") == "pin-m6");
  reload(40, ledger);
  CHECK_FALSE(ledger->pin("m6"));
}

TEST_CASE("a reload from a cache a little behind is answered consistently") {
  std::optional<LiveLedger> ledger;
  const auto first = reload(4, ledger);
  const auto newer = reload(8, ledger);
  auto stale_ledger = ledger;
  auto window = parse_media(Origin::window(6));  // another node's older view
  auto stale_stitch = stitch_live(*window, breaks_in(*window), stale_ledger);
  REQUIRE(stale_stitch);
  CHECK_FALSE(stale_stitch->keep);
  const auto& stale = stale_stitch->playlist;
  check_continues(first, stale);
  check_continues(stale, newer);
}

TEST_CASE("a player away longer than a window, or an origin that goes back, never sees the numbering go back") {
  std::optional<LiveLedger> ledger;
  const auto early = reload(0, ledger);
  const auto late = reload(20, ledger);
  CHECK(late.media_sequence > early.media_sequence);
  const auto restarted = reload(2, ledger);
  CHECK(restarted.media_sequence > late.media_sequence);
  CHECK(restarted.discontinuity_sequence >= late.discontinuity_sequence);
  CHECK(restarted.segments.front().discontinuity());
}

TEST_CASE("an origin whose media sequence jumps far ahead is numbered on at once") {
  std::optional<LiveLedger> ledger;
  const auto early = reload(0, ledger);
  auto window = parse_media(Origin::window(0));
  REQUIRE(window);
  window->media_sequence = 1'000'000'000'000;  // a packager switching to epoch-based numbers
  auto stitched = stitch_live(*window, {}, ledger);
  REQUIRE(stitched);
  CHECK(stitched->playlist.media_sequence > early.media_sequence);
  CHECK(stitched->ledger.records.size() == window->segments.size());
}

TEST_CASE("live ledgers refuse text they did not write") {
  CHECK_FALSE(LiveLedger::decode(""));
  CHECK_FALSE(LiveLedger::decode("L1 1 2 6\n"));
  CHECK_FALSE(LiveLedger::decode("L1 1 2 6 3\n1 2 0 - -\n"));  // more discontinuities than entries
  CHECK_FALSE(LiveLedger::decode("L1 1 2 6 3\n1 0 0 x -\n"));
  CHECK_FALSE(LiveLedger::decode("L1 1 2 6 3\n1 0 0 - -"));
  CHECK_FALSE(LiveLedger::decode("L1 1 2 6 3\n1 0 0 - -\nP c7 x\n"));  // pins come first
  CHECK(LiveLedger::decode("L1 1 2 6 3\nP c7 1.0.s\n1 0 0 - -\n3 1 540000 - c7\n"));
}

TEST_CASE("live breaks outside the window or overlapping are refused") {
  auto window = parse_media(Origin::window(0));
  REQUIRE(window);
  CHECK_FALSE(stitch_live(*window, std::vector<LiveBreak>{{"a", 4, 9, {}, false, false, {}, ""}}, std::nullopt));
  CHECK_FALSE(stitch_live(*window, std::vector<LiveBreak>{{"a", 1, 3, {}, false, false, {}, ""}, {"b", 2, 4, {}, false, false, {}, ""}},
                          std::nullopt));
}

TEST_CASE("live ads in encrypted content clear the key, and the content after them restates it") {
  const std::vector<LiveBreak> breaks{{"b", 1, 3, {}, true, false, {{"ad.ts", seconds(4), true}}, ""}};
  CHECK(stitched_once("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:100\n"
                      "#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example/k1\"\n#EXTINF:2.000,\nc100.ts\n"
                      "#EXT-X-CUE-OUT:DURATION=4\n#EXTINF:2.000,\nc101.ts\n#EXTINF:2.000,\nc102.ts\n"
                      "#EXT-X-CUE-IN\n#EXTINF:2.000,\nc103.ts\n",
                      breaks) ==
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:100\n"
        "#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example/k1\"\n#EXTINF:2.000,\nc100.ts\n"
        "#EXT-X-DISCONTINUITY\n#EXT-X-KEY:METHOD=NONE\n#EXTINF:4.000,\nad.ts\n"
        "#EXT-X-DISCONTINUITY\n#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys.example/k1\"\n#EXTINF:2.000,\nc103.ts\n");
}

TEST_CASE("live fMP4 ads restate their EXT-X-MAP on every entry, so the window never loses it") {
  const std::vector<InsertedSegment> fill{{"ad0.m4s", seconds(2), true, "ad-init.mp4"}, {"ad1.m4s", seconds(2), false, "ad-init.mp4"}};
  const std::vector<LiveBreak> breaks{{"b", 1, 3, {}, true, false, fill, ""}};
  CHECK(stitched_once("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:100\n#EXT-X-MAP:URI=\"init.mp4\"\n"
                      "#EXTINF:2.000,\nc100.m4s\n#EXT-X-CUE-OUT:DURATION=4\n#EXTINF:2.000,\nc101.m4s\n#EXTINF:2.000,\nc102.m4s\n"
                      "#EXT-X-CUE-IN\n#EXTINF:2.000,\nc103.m4s\n",
                      breaks) ==
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:100\n#EXT-X-MAP:URI=\"init.mp4\"\n"
        "#EXTINF:2.000,\nc100.m4s\n"
        "#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"ad-init.mp4\"\n#EXTINF:2.000,\nad0.m4s\n"
        "#EXT-X-MAP:URI=\"ad-init.mp4\"\n#EXTINF:2.000,\nad1.m4s\n"
        "#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:2.000,\nc103.m4s\n");
}
