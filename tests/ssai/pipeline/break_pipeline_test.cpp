// The break pipeline's rules, each on its own, through a decider that records what it
// was asked and answers with one ad per break (or none, for ids it is told to leave).
#include "ssai/break_pipeline.hpp"

#include <set>

#include <catch2/catch.hpp>

#include "manifests/hls/parser.hpp"
#include "support/loop.hpp"

using manifests::Avail;
using manifests::Ticks;
using ssai::BreakPosition;

namespace {

Ticks seconds(double s) { return Ticks{static_cast<std::int64_t>(s * 90000)}; }

struct Asked {
  std::string id;
  int number = 0;
  BreakPosition position{};
  std::optional<Ticks> content_position;
  bool live = false;
  bool suppressed = false;
  bool live_preroll = false;
  Ticks duration{};
  bool from_vmap = false;
};

class ScriptedDecider final : public ssai::BreakDecider {
 public:
  ssai::VodSchedule schedule;
  std::set<std::string> no_ads;  ///< avail ids answered with nothing
  bool store_down = false;
  std::vector<Asked> asked;
  bool schedule_asked_configured = false;

  boost::asio::awaitable<ssai::VodSchedule> vod_schedule(bool configured) override {
    schedule_asked_configured = configured;
    co_return schedule;
  }
  boost::asio::awaitable<ssai::AvailDecision> decide(const ssai::BreakRequest& request) override {
    asked.push_back({request.avail.id, request.number, request.position, request.content_position, request.live,
                     request.suppressed, request.live_preroll, request.avail.duration, request.vmap_break != nullptr});
    ssai::AvailDecision decision;
    decision.avail_id = request.avail.id;
    decision.capacity = request.avail.duration;
    if (store_down) decision.skip = ssai::SkipReason::kStoreUnavailable;
    if (!store_down && !request.suppressed && !no_ads.contains(request.avail.id)) {
      decision.ads.push_back({"creative-" + request.avail.id, "ad", request.avail.duration});
    }
    co_return decision;
  }
};

Avail avail(std::string id, std::size_t first, std::size_t end, double start, double duration) {
  Avail a;
  a.id = std::move(id);
  a.first_segment = first;
  a.end_segment = end;
  a.start = seconds(start);
  a.duration = seconds(duration);
  a.content_duration = seconds(duration);
  return a;
}

// 0, 6, 12, ... : `count` segments of 6 s.
std::vector<Ticks> boundaries(int count) {
  std::vector<Ticks> out;
  for (int i = 0; i <= count; ++i) out.push_back(seconds(6.0 * i));
  return out;
}

ssai::PipelineResult run(ssai::BreakTimeline timeline, const ssai::PlaybackConfiguration& config, ScriptedDecider& decider,
                         const ssai::Session& session = {}, std::int64_t now_ms = 0) {
  test_support::Loop loop;
  return loop.await(ssai::run_break_pipeline(std::move(timeline), session, config, decider, now_ms));
}

std::vector<std::string> ids(const ssai::PipelineResult& result) {
  std::vector<std::string> out;
  for (const auto& b : result.breaks) out.push_back(b.avail.id);
  return out;
}

}  // namespace

TEST_CASE("break pipeline, VOD by cues: every break asked once in order, with its position, the threshold applied") {
  ssai::PlaybackConfiguration config;
  config.personalization_threshold = std::chrono::milliseconds(10'000);
  ssai::BreakTimeline timeline;
  timeline.cues = {avail("pre", 0, 0, 0, 0), avail("short", 2, 3, 12, 6), avail("mid", 4, 6, 24, 12),
                   avail("none", 7, 9, 42, 12), avail("post", 10, 10, 60, 0)};
  timeline.boundaries = boundaries(10);
  ScriptedDecider decider;
  decider.no_ads = {"none"};
  config.personalization_threshold = std::chrono::milliseconds(7'000);
  const auto result = run(timeline, config, decider);

  REQUIRE(decider.asked.size() == 4);  // "short" is under the threshold: never asked
  CHECK(decider.asked[0].id == "pre");
  CHECK(decider.asked[0].position == BreakPosition::kPreRoll);
  CHECK(decider.asked[0].number == 1);
  CHECK(decider.asked[1].id == "mid");
  CHECK(decider.asked[1].number == 3);  // its place among the content's breaks, skipped ones counted
  CHECK(decider.asked[1].position == BreakPosition::kMidRoll);
  CHECK(decider.asked[1].content_position == seconds(24));
  CHECK_FALSE(decider.asked[1].live);
  CHECK(decider.asked[3].position == BreakPosition::kPostRoll);
  CHECK_FALSE(decider.schedule_asked_configured);

  CHECK(ids(result) == std::vector<std::string>{"pre", "mid", "post"});  // "none" had no ads
  CHECK(result.breaks[1].index == 2);
  CHECK(result.scheduled.size() == 5);
  REQUIRE(result.passed.size() == 1);
  CHECK(result.passed[0].avail_id == "short");
  CHECK_FALSE(result.transient);
}

TEST_CASE("break pipeline, VOD by VMAP: the VMAP's breaks, the cues stay content, and no VMAP means no breaks") {
  ssai::PlaybackConfiguration config;
  config.vod_ad_schedule = ssai::VodAdSchedule::kVmap;
  ssai::BreakTimeline timeline;
  timeline.cues = {avail("cue", 4, 6, 24, 12)};
  timeline.boundaries = boundaries(10);
  ScriptedDecider decider;
  decider.schedule.by_vmap = true;
  decider.schedule.vmap = R"(<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0">
  <vmap:AdBreak timeOffset="start" breakType="linear" breakId="preroll">
    <vmap:AdSource id="a"><vmap:AdTagURI templateType="vast3"><![CDATA[http://ads.example/pre]]></vmap:AdTagURI></vmap:AdSource>
  </vmap:AdBreak>
  <vmap:AdBreak timeOffset="00:00:30.000" breakType="linear" breakId="mid">
    <vmap:AdSource id="b"><vmap:AdTagURI templateType="vast3"><![CDATA[http://ads.example/mid]]></vmap:AdTagURI></vmap:AdSource>
  </vmap:AdBreak>
</vmap:VMAP>)";
  auto result = run(timeline, config, decider);
  CHECK(decider.schedule_asked_configured);
  REQUIRE(decider.asked.size() == 2);
  CHECK(decider.asked[0].id == "v1");
  CHECK(decider.asked[0].from_vmap);
  CHECK(decider.asked[0].position == BreakPosition::kPreRoll);
  CHECK(decider.asked[1].id == "v2");
  CHECK(decider.asked[1].content_position == seconds(30));
  CHECK(ids(result) == std::vector<std::string>{"v1", "v2"});
  CHECK(result.vmap_text.has_value());

  ScriptedDecider none;
  none.schedule.by_vmap = true;  // the ad server gave no VMAP: the cues do not stand in
  result = run(timeline, config, none);
  CHECK(none.asked.empty());
  CHECK(result.breaks.empty());

  ScriptedDecider broken;
  broken.schedule = {true, std::string("<vmap:VMAP")};
  result = run(timeline, config, broken);
  CHECK(broken.asked.empty());
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0].starts_with("vmap: "));
}

TEST_CASE("break pipeline, live: insertion points play through, unsignalled breaks are planned, suppression and known ids apply") {
  ssai::PlaybackConfiguration config;
  config.unsignalled_break = std::chrono::seconds(90);
  config.avail_suppression = ssai::AvailSuppression::kBehindLiveEdge;
  ssai::Session session;
  session.started_ms = 1'000'000;
  ssai::BreakTimeline timeline;
  timeline.live = true;
  timeline.live_edge = seconds(60);
  auto early = avail("early", 0, 2, 0, 30);  // started 10 s before the window: 70 s before the edge
  early.elapsed_before = seconds(10);
  auto open = avail("open", 8, 10, 48, 12);
  open.duration_signalled = false;
  open.open_at_end = true;
  timeline.cues = {early, avail("point", 3, 3, 18, 0), open};
  timeline.known_id = [](const Avail& a) { return a.id == "open" ? std::string("known-open") : a.id; };
  ScriptedDecider decider;
  const std::int64_t now_ms = 1'000'000 + 20'000;  // the session began 20 s ago
  const auto result = run(timeline, config, decider, session, now_ms);

  REQUIRE(decider.asked.size() == 2);
  CHECK(decider.asked[0].id == "early");
  CHECK(decider.asked[0].live);
  CHECK(decider.asked[0].position == BreakPosition::kMidRoll);
  CHECK_FALSE(decider.asked[0].content_position);
  CHECK(decider.asked[0].suppressed);  // under way before the session began
  CHECK(decider.asked[1].id == "known-open");
  CHECK(decider.asked[1].duration == seconds(90));  // planned for the configured length
  CHECK_FALSE(decider.asked[1].suppressed);          // began 8 s into the session
  REQUIRE(result.breaks.size() == 1);
  CHECK(result.breaks[0].avail.id == "known-open");
  CHECK(result.breaks[0].ends_at_capacity);
  REQUIRE(result.passed.size() == 1);
  CHECK(result.passed[0].avail_id == "point");
}

TEST_CASE("break pipeline, live laid by time: a break starting inside the one ahead is left to its content") {
  ssai::PlaybackConfiguration config;
  ssai::BreakTimeline timeline;
  timeline.live = true;
  timeline.laid_by_time = true;
  timeline.cues = {avail("a", 0, 0, 10, 20), avail("b", 0, 0, 25, 10), avail("c", 0, 0, 30, 10), avail("zero", 0, 0, 50, 0)};
  ScriptedDecider decider;
  const auto result = run(timeline, config, decider);
  CHECK(ids(result) == std::vector<std::string>{"a", "c"});
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0] == "live break b overlaps a: left as content");
  CHECK(decider.asked.size() == 2);
}

TEST_CASE("break pipeline, live pre-roll: placed where the session joined, breaks under it yield, a store outage is transient") {
  const auto window = manifests::hls::parse_media(
      "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:100\n"
      "#EXTINF:6,\na.ts\n#EXTINF:6,\nb.ts\n#EXTINF:6,\nc.ts\n#EXTINF:6,\nd.ts\n#EXTINF:6,\ne.ts\n#EXTINF:6,\nf.ts\n");
  REQUIRE(window);
  ssai::PlaybackConfiguration config;
  config.live_preroll_ads = "http://ads.example/preroll";
  config.live_preroll_max = std::chrono::seconds(12);
  ssai::Session session;
  session.preroll_msn = 101;
  ssai::BreakTimeline timeline;
  timeline.live = true;
  timeline.live_edge = seconds(36);
  timeline.preroll_window = &*window;
  timeline.cues = {avail("under", 2, 4, 12, 12)};  // starts inside the pre-roll (segments 1-2)
  ScriptedDecider decider;
  auto result = run(timeline, config, decider, session);
  REQUIRE(decider.asked.size() == 2);
  CHECK(decider.asked[0].live_preroll);
  CHECK(decider.asked[0].position == BreakPosition::kPreRoll);
  REQUIRE(result.breaks.size() == 2);
  CHECK(result.breaks[0].live_preroll);
  REQUIRE(result.breaks[0].placement);
  CHECK(result.breaks[0].placement->first_segment == 1);
  CHECK(result.breaks[0].placement->end_segment == 3);
  CHECK(result.breaks[1].avail.first_segment == 3);  // resumes where the pre-roll ends

  ScriptedDecider down;
  down.store_down = true;
  result = run(timeline, config, down, session);
  CHECK(result.transient);
  CHECK(result.breaks.empty());
}
