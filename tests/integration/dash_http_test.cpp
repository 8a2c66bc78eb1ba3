// DASH over loopback HTTP: two `ssai serve` nodes on one redis-server, the fixture server
// as origin and ad server, the DASH fixture media made by ffmpeg (and its creatives
// conditioned for DASH by `ssai condition`).
#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "manifests/dash/mpd.hpp"
#include "support/cluster.hpp"
#include "support/http_get.hpp"

using test_support::http_get;
using test_support::http_request;
using manifests::Ticks;
namespace dash = manifests::dash;

namespace {

constexpr Ticks kSecond{90000};

struct Stack : test_support::TwoNodes {
  Stack() : TwoNodes(configurations()) {}

  static std::string configurations() {
    const std::string ads = R"("slate_url": "{fixtures}/media/creatives/slate.mp4",
        "ad_decision_server": "{fixtures}/vast/pod.xml?session=[session.id]&duration=[session.avail_duration_secs]")";
    return R"({"demo": {"content_origin": "{fixtures}/media/", )" + ads +
           R"(}, "cdn": {"content_origin": "{fixtures}/media/", "content_segment_prefix": "https://cdn.example/vod/", )" + ads +
           R"(}, "origin": {"content_origin": "{fixtures}/origin/", )" + ads +
           R"(}, "vmap": {"content_origin": "{fixtures}/media/", "vod_ad_schedule": "vmap",
                "ad_decision_server": "{fixtures}/vast/vmap.xml?session=[session.id]"}})";
  }
};

struct Period {
  std::string id;
  Ticks start{};
  Ticks duration{};
};

std::vector<Period> periods_of(const dash::Mpd& mpd) {
  std::vector<Period> out;
  for (const auto& p : mpd.periods()) out.push_back({p.node.attribute("id").value(), p.start, p.duration.value_or(Ticks{})});
  return out;
}

dash::Mpd fetch_mpd(const std::string& url) {
  const auto response = http_get(url);
  INFO(url << " -> " << response.status << " " << response.body.substr(0, 300));
  REQUIRE(response.status == 200);
  CHECK(response.content_type == "application/dash+xml");
  auto mpd = dash::Mpd::parse(response.body);
  REQUIRE(mpd);
  return std::move(*mpd);
}

std::vector<std::string> ids(const std::vector<Period>& periods) {
  std::vector<std::string> out;
  for (const auto& p : periods) out.push_back(p.id);
  return out;
}

}  // namespace

TEST_CASE("DASH VOD: a break replaced by ad periods and slate, the session served by any node") {
  Stack stack;
  const auto mpd = fetch_mpd(stack.node_a->url() + "/v1/dash/demo/dash/number/manifest.mpd?device=tv");
  const auto periods = periods_of(mpd);
  CHECK(ids(periods) == std::vector<std::string>{"0", "d1-ad0", "d1-ad1", "d1-slate", "0-d1"});
  // 24 s of content, 15 + 10 s of ads and 5 s of slate over the 30 s break, the last 6 s.
  const std::vector<int> starts{0, 24, 39, 49, 54};
  const std::vector<int> durations{24, 15, 10, 5, 6};
  for (std::size_t i = 0; i < periods.size() && i < starts.size(); ++i) {
    CHECK(periods[i].start == kSecond * starts[i]);
    CHECK(periods[i].duration == kSecond * durations[i]);
  }
  CHECK(mpd.media_presentation_duration() == kSecond * 60);
  const std::string base = dash::child(mpd.root(), "BaseURL").text().get();
  CHECK(base == stack.fixtures->url() + "/media/dash/number/");
  const std::string location = dash::child(mpd.root(), "Location").text().get();
  std::smatch session;
  REQUIRE(std::regex_search(location, session, std::regex("/v1/sessions/([0-9a-f]{32})/manifest\\.mpd$")));

  // The other node serves the same session the same way (hosts aside).
  const auto again = fetch_mpd(stack.node_b->url() + "/v1/sessions/" + session[1].str() + "/manifest.mpd");
  CHECK(ids(periods_of(again)) == ids(periods));

  // An ad segment goes through the redirect to the conditioned fMP4 segment.
  const auto list = dash::child(dash::child(dash::child(mpd.periods()[1].node, "AdaptationSet"), "Representation"), "SegmentList");
  const std::string first = dash::child(list, "SegmentURL").attribute("media").value();
  const auto redirect = http_get(first);
  REQUIRE(redirect.status == 302);
  CHECK(redirect.location.find("/media/ads/bars-15.dash/") != std::string::npos);
  CHECK(http_get(redirect.location).status == 200);
  CHECK(http_get(dash::child(list, "Initialization").attribute("sourceURL").value()).status == 200);
  // The dispatcher sends beacons apart from the redirect: under load, a moment later.
  for (int i = 0; i < 100 && stack.hits("/track/impression?ad=bars-15") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(stack.hits("/track/impression?ad=bars-15") == 1);

  // Client-side tracking has the same shape as for HLS, on the stitched timeline.
  const auto tracking = http_get(stack.node_b->url() + "/v1/tracking/" + session[1].str());
  REQUIRE(tracking.status == 200);
  CHECK(tracking.body.find("\"startTimeInSeconds\":24") != std::string::npos);
  CHECK(tracking.body.find("bars-15.dash") != std::string::npos);
}

TEST_CASE("DASH sessions: explicit, with a pre-roll, scheduled by VMAP, content on a CDN, and what is refused") {
  Stack stack;
  const auto posted = http_request({"POST", stack.node_a->url() + "/v1/session/demo/dash/timeline/manifest.mpd", {},
                                    R"({"adsParams": {"device": "tv"}})"});
  REQUIRE(posted.status == 200);
  std::smatch url;
  REQUIRE(std::regex_search(posted.body, url, std::regex("\"manifestUrl\":\"([^\"]+/manifest\\.mpd)\"")));
  const auto periods = periods_of(fetch_mpd(url[1].str()));
  // The zero-length splice at 0 is a pre-roll: inserted, the timeline grows by it.
  CHECK(ids(periods) == std::vector<std::string>{"d100-ad0", "d100-ad1", "0", "d1-ad0", "d1-ad1", "d1-slate", "0-d1"});
  CHECK(periods.back().start == kSecond * 79);

  // A VMAP schedules the breaks instead of the cues: a pre-roll pod, a mid-roll at 50%
  // (30 s, on a segment boundary), a post-roll, all inserted: 60 s of content grow to 110.
  const auto scheduled = fetch_mpd(stack.node_a->url() + "/v1/dash/vmap/dash/number/manifest.mpd");
  CHECK(ids(periods_of(scheduled)) == std::vector<std::string>{"v1-ad0", "v1-ad1", "0", "v2-ad0", "0-v2", "v3-ad0"});
  CHECK(scheduled.media_presentation_duration() == kSecond * 110);

  const auto cdn = fetch_mpd(stack.node_a->url() + "/v1/dash/cdn/dash/number/manifest.mpd");
  CHECK(std::string(dash::child(cdn.root(), "BaseURL").text().get()) == "https://cdn.example/vod/dash/number/");

  const std::string id = url[1].str().substr(url[1].str().size() - 45, 32);
  CHECK(http_get(stack.node_a->url() + "/v1/sessions/" + id + "/master.m3u8").status == 404);
  CHECK(http_get(stack.node_a->url() + "/v1/dash/demo/content/master.m3u8").status == 400);
  CHECK(http_get(stack.node_a->url() + "/v1/master/demo/dash/number/manifest.mpd").status == 400);
  CHECK(http_get(stack.node_a->url() + "/v1/dash/demo/no/such.mpd").status == 404);
  CHECK(http_get(stack.node_a->url() + "/v1/dash/nope/dash/number/manifest.mpd").status == 404);
  CHECK(http_get(stack.node_a->url() + "/v1/dash/demo/../secret.mpd").status != 200);
}

namespace {

// The fixture server's live DASH channel at 6x (a 60 s loop every 10 s, one Period per
// loop, its 30 s break in each) behind the same two nodes.
struct LiveDashStack : test_support::TwoNodes {
  LiveDashStack()
      : TwoNodes(R"({"live": {"content_origin": "{fixtures}/live/cue-out/media/", "slate_url": "{fixtures}/media/creatives/slate.mp4",
                   "ad_decision_server": "{fixtures}/vast/pod.xml?session=[session.id]&duration=[session.avail_duration_secs]"}})",
                 "", {"--live-speed", "6"}) {}
};

// A period's XML, the serving node's host taken out: both nodes must write the same.
std::string period_text(const pugi::xml_node& period) {
  std::ostringstream text;
  period.print(text);
  return std::regex_replace(text.str(), std::regex("http://127\\.0\\.0\\.1:[0-9]+"), "");
}

}  // namespace

TEST_CASE("DASH live: a session followed over 30 updates from two nodes never sees a period change") {
  LiveDashStack stack;
  for (const char* content : {"dash/number/manifest.mpd", "dash/timeline/manifest.mpd"}) {
    INFO(content);
    const auto first = fetch_mpd(stack.node_a->url() + "/v1/dash/live/" + content);
    CHECK(first.dynamic());
    const std::string location = dash::child(first.root(), "Location").text().get();
    std::smatch session;
    REQUIRE(std::regex_search(location, session, std::regex("/v1/sessions/[0-9a-f]{32}/manifest\\.mpd$")));
    std::map<std::string, std::pair<Ticks, Ticks>> timing;  // every period seen: start, duration
    std::map<std::string, std::string> ad_periods;          // ads and slate: their whole text
    std::vector<std::string> previous;
    std::int64_t last_published = 0;
    // 15 s at 6x: 90 s of the channel, a loop and a half, so at least one whole break.
    for (int n = 0; n < 30; ++n) {
      INFO("update " << n);
      const auto mpd = fetch_mpd((n % 2 == 0 ? stack.node_a : stack.node_b)->url() + session[0].str());
      CHECK(mpd.dynamic());
      // A node whose origin cache is a moment behind the other's answers an older view:
      // the same periods, less of the newest. It must not contradict what came before.
      const auto published = dash::time_attribute(mpd.root(), "publishTime").value_or(0);
      const bool older = published < last_published;
      last_published = std::max(last_published, published);
      const auto periods = periods_of(mpd);
      for (std::size_t i = 0; i < periods.size(); ++i) {
        INFO("period " << periods[i].id);
        // Back to back, each with its length: no gap, no overlap; only the last is open.
        if (i + 1 < periods.size()) CHECK(periods[i + 1].start == periods[i].start + periods[i].duration);
        if (i + 1 < periods.size()) CHECK(periods[i].duration > Ticks{});
        // An open period (the one under way: no duration yet) gets one once, when the next begins.
        auto [seen, added] = timing.emplace(periods[i].id, std::pair{periods[i].start, periods[i].duration});
        if (seen->second.second == Ticks{} && !older) seen->second.second = periods[i].duration;
        CHECK(seen->second.first == periods[i].start);
        if (periods[i].duration > Ticks{}) CHECK(seen->second.second == periods[i].duration);
        if (periods[i].id.find("-ad") != std::string::npos || periods[i].id.ends_with("-slate")) {
          const auto text = period_text(mpd.periods()[i].node);
          auto [ad, new_ad] = ad_periods.emplace(periods[i].id, text);
          CHECK(ad->second == text);
        }
      }
      // Periods leave from the front only, as they fall out of the time-shift buffer.
      const auto now = ids(periods);
      if (!older && !previous.empty() && !now.empty()) {
        const auto kept = std::find(previous.begin(), previous.end(), now.front());
        REQUIRE(kept != previous.end());
        CHECK(std::equal(kept, previous.end(), now.begin(), now.begin() + std::min(now.size(), static_cast<std::size_t>(previous.end() - kept))));
      }
      if (!older) previous = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    // A whole break: the pod's 15 s and 10 s ads, then 5 s of slate.
    bool whole_break = false;
    for (const auto& [id, at] : timing) {
      if (!id.ends_with("-ad0") || at.second != kSecond * 15) continue;
      const std::string avail = id.substr(0, id.size() - 4);
      const auto ad1 = timing.find(avail + "-ad1");
      const auto slate = timing.find(avail + "-slate");
      whole_break = whole_break || (ad1 != timing.end() && ad1->second.second == kSecond * 10 && slate != timing.end() &&
                                    slate->second.second == kSecond * 5 && slate->second.first == at.first + kSecond * 25);
    }
    std::string seen;
    for (const auto& [id, at] : timing) seen += id + "@" + std::to_string(at.first.count() / 90000) + "+" + std::to_string(at.second.count() / 90000) + " ";
    INFO(seen);
    CHECK(whole_break);
  }
}

TEST_CASE("DASH live: a break that starts before the one ahead of it ends is left to its content") {
  Stack stack;
  const auto mpd = fetch_mpd(stack.node_a->url() + "/v1/dash/origin/dash-live-overlap/manifest.mpd");
  CHECK(mpd.dynamic());
  CHECK(ids(periods_of(mpd)) == std::vector<std::string>{"p", "d1-ad0", "d1-ad1", "d1-slate", "p-d1"});
  CHECK(periods_of(mpd).back().start == kSecond * 54);
}

TEST_CASE("DASH: content with a subtitles track gets a blank one of its language in every ad period") {
  Stack stack;
  const auto mpd = fetch_mpd(stack.node_a->url() + "/v1/dash/origin/dash-subtitles/manifest.mpd");
  const auto periods = mpd.periods();
  CHECK(ids(periods_of(mpd)) == std::vector<std::string>{"p", "d1-ad0", "d1-ad1", "d1-slate", "p-d1"});
  for (std::size_t i = 1; i + 1 < periods.size(); ++i) {
    INFO(periods[i].node.attribute("id").value());
    pugi::xml_node text;
    for (auto set : dash::children(periods[i].node, "AdaptationSet")) {
      if (dash::content_kind(set) == dash::ContentKind::kText) text = set;
    }
    REQUIRE(text);
    CHECK(std::string(text.attribute("lang").value()) == "en");
    const auto rep = dash::child(text, "Representation");
    CHECK(std::string(rep.attribute("id").value()) == "subs-en");
    CHECK(std::string(dash::child(rep, "BaseURL").text().get()) == stack.node_a->url() + "/v1/blank.vtt");
  }
}
