// Server-guided HLS, in this process over a VOD origin of its own (ten 6 s segments, a
// 30 s break at 24 s) and a pod of two conditioned ads and a slate written as a conditioning
// worker publishes them (playlists only: nothing here fetches a segment's bytes): every
// session's master imports its id into the same content playlist, which announces the
// break as an interstitial; each session's asset list is decided once and returned
// alike every time; its ads play through the segment redirect; bad requests get clear
// errors.
#include <catch2/catch.hpp>

#include <regex>

#include "guided_origin.hpp"
#include "ssai/session.hpp"
#include "support/cluster.hpp"

using test_support::Guided;
using test_support::json_of;

namespace {

// A live channel without EXT-X-PROGRAM-DATE-TIME under "channel/": its master, and its
// window from media sequence `msn`, four segments: a 12 s break on the segments numbered
// 102 and 103, the first one 5.5 s long.
void write_channel(Guided& guided, int msn) {
  const auto root = guided.origin.dir.path() / "channel";
  test_support::write_file(root / "master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=976000,RESOLUTION=640x360\n360p/index.m3u8\n");
  std::string text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:" + std::to_string(msn) + "\n";
  for (int k = msn; k < msn + 4; ++k) {
    if (k == 102) text += "#EXT-X-CUE-OUT:DURATION=12\n";
    if (k == 103 && k == msn) text += "#EXT-X-CUE-OUT-CONT:ElapsedTime=5.500,Duration=12\n";
    if (k == 104) text += "#EXT-X-CUE-IN\n";
    text += std::string("#EXTINF:") + (k == 100 ? "6.006" : k == 101 ? "5.994" : k == 102 ? "5.500" : "6.500") + ",\n";
    text += "seg" + std::to_string(k) + ".ts\n";
  }
  test_support::write_file(root / "360p" / "index.m3u8", text);
}

}  // namespace

TEST_CASE("guided: sessions share one content playlist, which marks the break as an interstitial", "[playback]") {
  Guided guided;
  const auto a = guided.start();
  const auto b = guided.start();
  CHECK(a.id != b.id);
  CHECK(a.master.find("#EXT-X-VERSION:8") != std::string::npos);
  const std::string variant = "http://127.0.0.1:8080/v1/guided/guided/content/360p/index.m3u8";
  CHECK(a.master.find(variant + "\n") != std::string::npos);
  CHECK(b.master.find(variant + "\n") != std::string::npos);
  CHECK(a.master.find("/v1/manifest/") == std::string::npos);

  const auto first = guided.service.get(variant);
  const auto again = guided.service.get(variant);
  REQUIRE(first.status == 200);
  CHECK(first.body == again.body);
  CHECK(Guided::header(first, "Cache-Control") == "public, max-age=3600");
  CHECK(first.body.find("#EXT-X-DEFINE:IMPORT=\"ssai_session\"\n") != std::string::npos);
  CHECK(first.body.find("#EXT-X-PROGRAM-DATE-TIME:2000-01-01T00:00:00.000Z\n") != std::string::npos);
  CHECK(std::regex_search(first.body, std::regex("#EXT-X-DATERANGE:ID=\"[^\"]+\",CLASS=\"com.apple.hls.interstitial\","
                                                 "START-DATE=\"2000-01-01T00:00:24.000Z\",DURATION=30.000,"
                                                 "X-ASSET-LIST=\"http://127.0.0.1:8080/v1/assets/\\{\\$ssai_session\\}/[^\"]+.json\","
                                                 "X-RESUME-OFFSET=30.000,")));
  // The content's own cue tags are not for players of guided sessions.
  CHECK(first.body.find("EXT-X-CUE-OUT") == std::string::npos);
  // The segments are the content's, for everyone.
  CHECK(first.body.find("/content/360p/seg_004.ts") != std::string::npos);
}

TEST_CASE("guided: a session's asset list is decided once, fills the break, and its ads go through the redirect",
          "[playback]") {
  Guided guided;
  const auto a = guided.start();
  const auto playlist = guided.service.get("/v1/guided/guided/content/360p/index.m3u8");
  const auto url = Guided::asset_list_for(playlist.body, a.id);
  const auto list = guided.service.get(url);
  CHECK(Guided::header(list, "Cache-Control") == "private, no-store");
  const auto doc = json_of(list);
  REQUIRE(doc["ASSETS"].IsArray());
  REQUIRE(doc["ASSETS"].Size() >= 1);
  double total = 0;
  for (const auto& asset : doc["ASSETS"].GetArray()) {
    CHECK(std::string(asset["URI"].GetString()).find("/v1/adplaylist/" + a.id + "/") != std::string::npos);
    total += asset["DURATION"].GetDouble();
  }
  CHECK(total == Approx(30.0).margin(0.05));
  // Asked again (another rendition, another node): the same answer.
  CHECK(guided.service.get(url).body == list.body);
  // Client-side tracking knows the session's mode and the break its asset list decided.
  const auto tracking = json_of(guided.service.get("/v1/tracking/" + a.id));
  CHECK(std::string(tracking["insertionMode"].GetString()) == "guided");
  CHECK(tracking["avails"].Size() == 1);

  // The first ad: every rendition of it, each a VOD playlist through our redirect.
  const std::string ad = doc["ASSETS"][0]["URI"].GetString();
  const auto ad_master = guided.service.get(ad);
  REQUIRE(ad_master.status == 200);
  std::smatch rendition;
  REQUIRE(std::regex_search(ad_master.body, rendition, std::regex("\n([^#\n][^\n]*\\.m3u8)\n")));
  const auto ad_media = guided.service.get(ad.substr(0, ad.rfind('/') + 1) + rendition[1].str());
  REQUIRE(ad_media.status == 200);
  CHECK(ad_media.body.find("#EXT-X-ENDLIST") != std::string::npos);
  std::smatch segment;
  REQUIRE(std::regex_search(ad_media.body, segment, std::regex("http://127.0.0.1:8080(/v1/segment/" + a.id + "/[^\n]+)")));
  CHECK(guided.service.get(segment[1].str()).status == 302);
}

TEST_CASE("guided: a player joining mid-break gets the whole break, placed from its start", "[playback]") {
  Guided guided;
  const auto a = guided.start();
  const auto playlist = guided.service.get("/v1/guided/guided/content/360p/index.m3u8");
  const auto url = Guided::asset_list_for(playlist.body, a.id);
  const auto whole = guided.service.get(url);
  const auto doc = json_of(whole);
  // The whole break: the 15 s ad, the 10 s ad, then 5 s of slate.
  REQUIRE(doc["ASSETS"].Size() == 3);
  CHECK(doc["ASSETS"][0]["DURATION"].GetDouble() == Approx(15.0));
  CHECK(doc["ASSETS"][1]["DURATION"].GetDouble() == Approx(10.0));
  CHECK(doc["ASSETS"][2]["DURATION"].GetDouble() == Approx(5.0));
  CHECK(std::string(doc["ASSETS"][2]["URI"].GetString()).find("/slate.m3u8?d=5000") != std::string::npos);
  // Joining 29.5 s or 15 s in: the same list (players skip what ends before their
  // offset, placing each asset at the sum of the durations before it).
  CHECK(guided.service.get(url + "?_HLS_start_offset=29.5").body == whole.body);
  CHECK(guided.service.get(url + "?_HLS_start_offset=15").body == whole.body);
  // The slate is the break's, no longer.
  const std::string slate = doc["ASSETS"][2]["URI"].GetString();
  CHECK(guided.service.get(slate).status == 200);
  CHECK(guided.service.get(slate.substr(0, slate.find("?d=")) + "?d=31000").status == 400);
}

TEST_CASE("guided: live content without program dates is dated alike on every reload, its break kept in place",
          "[playback]") {
  using namespace std::chrono_literals;
  Guided guided;
  auto live = [&](int msn) { write_channel(guided, msn); };
  const std::string url = "/v1/guided/guided/channel/360p/index.m3u8";
  auto date_of = [](const std::string& body) {
    std::smatch date;
    REQUIRE(std::regex_search(body, date, std::regex("#EXT-X-PROGRAM-DATE-TIME:([^\n]+)\n(?:#[^\n]*\n)*[^\n]*/(seg[0-9]+)\\.ts")));
    return date[2].str() + " " + date[1].str();
  };
  auto daterange = [](const std::string& body) {
    std::smatch tag;
    REQUIRE(std::regex_search(body, tag, std::regex("#EXT-X-DATERANGE:[^\n]+")));
    return tag[0].str();
  };

  live(100);
  const auto first = guided.service.get(url);
  REQUIRE(first.status == 200);
  INFO(first.body);
  // The chain starts at 2000-01-01 plus 100 target durations.
  CHECK(date_of(first.body) == "seg100 2000-01-01T00:10:00.000Z");
  const auto brk = daterange(first.body);
  CHECK(brk.find("START-DATE=\"2000-01-01T00:10:12.000Z\",CUE=\"ONCE\",DURATION=12.000") != std::string::npos);
  CHECK(brk.find("X-RESUME-OFFSET=12.000") != std::string::npos);
  CHECK(guided.service.get(url).body == first.body);

  // Two segments later the break opens the window; one more, it began before it.
  for (const int msn : {102, 103}) {
    guided.service.clock.advance(4s);  // past the origin cache's half target duration
    live(msn);
    const auto later = guided.service.get(url);
    REQUIRE(later.status == 200);
    INFO(later.body);
    CHECK(date_of(later.body) == (msn == 102 ? "seg102 2000-01-01T00:10:12.000Z" : "seg103 2000-01-01T00:10:17.500Z"));
    CHECK(daterange(later.body) == brk);
  }
  // A session of the channel has its asset list for the break: its 10 s ad and slate.
  const auto a = guided.start("guided", "channel/master.m3u8");
  const auto assets = json_of(guided.service.get(Guided::asset_list_for(first.body, a.id)));
  REQUIRE(assets["ASSETS"].Size() == 2);
  CHECK(assets["ASSETS"][0]["DURATION"].GetDouble() == Approx(10.0));
}

TEST_CASE("guided: a live pre-roll is announced to every session alike and each session's asset list is its own",
          "[playback]") {
  Guided guided;
  write_channel(guided, 100);
  const auto a = guided.start("prerolled", "channel/master.m3u8");
  const auto b = guided.start("prerolled", "channel/master.m3u8");
  const std::string url = "/v1/guided/prerolled/channel/360p/index.m3u8";
  const auto playlist = guided.service.get(url);
  REQUIRE(playlist.status == 200);
  INFO(playlist.body);
  // Before the content, once, whatever the date; the content resumes where the player
  // would have joined it; at most the configured 30 s of ads.
  std::smatch preroll;
  REQUIRE(std::regex_search(playlist.body, preroll, std::regex("#EXT-X-DATERANGE:ID=\"live-preroll\"[^\n]+")));
  CHECK(preroll[0].str() ==
        "#EXT-X-DATERANGE:ID=\"live-preroll\",CLASS=\"com.apple.hls.interstitial\",START-DATE=\"2000-01-01T00:00:00.000Z\","
        "CUE=\"PRE,ONCE\",X-ASSET-LIST=\"http://127.0.0.1:8080/v1/assets/{$ssai_session}/live-preroll.json\","
        "X-RESUME-OFFSET=0.000,X-PLAYOUT-LIMIT=30.000,X-RESTRICT=\"SKIP,JUMP\",X-TIMELINE-OCCUPIES=\"POINT\","
        "X-TIMELINE-STYLE=\"HIGHLIGHT\"");
  // It stands before the first segment, and the break still follows.
  CHECK(playlist.body.find("live-preroll") < playlist.body.find("#EXTINF"));
  CHECK(playlist.body.find("ID=\"m102\"") != std::string::npos);

  // Each session's pre-roll is asked of the pre-roll ad server once, for that session.
  auto list_for = [&](const std::string& session) {
    return guided.service.get("/v1/assets/" + session + "/live-preroll.json");
  };
  const auto first = list_for(a.id);
  const auto doc = json_of(first);
  REQUIRE(doc["ASSETS"].Size() == 2);  // the pod's two ads, 25 s of the 30 allowed
  CHECK(doc["ASSETS"][0]["DURATION"].GetDouble() == Approx(15.0));
  CHECK(doc["ASSETS"][1]["DURATION"].GetDouble() == Approx(10.0));
  CHECK(std::string(doc["ASSETS"][0]["URI"].GetString()).find("/v1/adplaylist/" + a.id + "/live-preroll/0.m3u8") !=
        std::string::npos);
  CHECK(list_for(a.id).body == first.body);
  CHECK(test_support::fixture_hits(guided.service.fixtures_url(), "query:/vast/pod.xml?preroll=" + a.id) == 1);
  CHECK(list_for(b.id).status == 200);
  CHECK(test_support::fixture_hits(guided.service.fixtures_url(), "query:/vast/pod.xml?preroll=" + b.id) == 1);
  // Its ads play through the segment redirect, like every guided ad.
  const std::string ad_url = doc["ASSETS"][0]["URI"].GetString();
  const auto ad = guided.service.get(ad_url);
  REQUIRE(ad.status == 200);
  std::smatch rendition;
  REQUIRE(std::regex_search(ad.body, rendition, std::regex("\\n([^#\\n][^\\n]*\\.m3u8)")));
  const auto media = guided.service.get(ad_url.substr(0, ad_url.rfind('/') + 1) + rendition[1].str());
  REQUIRE(media.status == 200);
  CHECK(media.body.find("/v1/segment/" + a.id + "/live-preroll/") != std::string::npos);

  // VOD content has no live pre-roll; a configuration without one announces none.
  CHECK(guided.service.get("/v1/guided/prerolled/content/360p/index.m3u8").body.find("live-preroll") == std::string::npos);
  CHECK(guided.service.get("/v1/guided/guided/channel/360p/index.m3u8").body.find("live-preroll") == std::string::npos);
}

TEST_CASE("guided: a break with no ad and no slate ready fails its asset list, so that players play its content",
          "[playback]") {
  Guided guided;
  const auto master = guided.service.get("/v1/master/bare/content/master.m3u8");
  std::smatch id;
  REQUIRE(std::regex_search(master.body, id, std::regex("VALUE=\"([0-9a-f]{32})\"")));
  const auto playlist = guided.service.get("/v1/guided/bare/content/360p/index.m3u8");
  const auto list = guided.service.get(Guided::asset_list_for(playlist.body, id[1].str()));
  // Never an empty list: it would skip the content under the break as well.
  CHECK(list.status == 404);
  CHECK(list.body.find("the content plays") != std::string::npos);
  CHECK(Guided::header(list, "Cache-Control") == "private, no-store");
}

TEST_CASE("guided: a break the ad server leaves empty is slate, the whole break", "[playback]") {
  Guided guided;
  const auto a = guided.start("unfilled");
  const auto playlist = guided.service.get("/v1/guided/unfilled/content/360p/index.m3u8");
  const auto url = Guided::asset_list_for(playlist.body, a.id);
  const auto fresh = guided.service.get(url);
  const auto doc = json_of(fresh);
  REQUIRE(doc["ASSETS"].Size() == 1);
  CHECK(std::string(doc["ASSETS"][0]["URI"].GetString()).find("/slate.m3u8?d=30000") != std::string::npos);
  CHECK(doc["ASSETS"][0]["DURATION"].GetDouble() == Approx(30.0));
  // The same once stored (the first answer came from a fresh decision).
  CHECK(guided.service.get(url).body == fresh.body);
}

TEST_CASE("guided: a break below the personalization threshold plays its content, asking no ad server", "[playback]") {
  Guided guided;
  const auto a = guided.start("short");
  // The shared playlist announces no interstitial for it...
  const auto playlist = guided.service.get("/v1/guided/short/content/360p/index.m3u8");
  REQUIRE(playlist.status == 200);
  CHECK(playlist.body.find("com.apple.hls.interstitial") == std::string::npos);
  // ...and its asset list, asked all the same (the break at 24 s), is refused.
  const auto list = guided.service.get("/v1/assets/" + a.id + "/t24000.json");
  CHECK(list.status == 404);
  CHECK(test_support::fixture_hits(guided.service.fixtures_url(), "/vast/pod.xml") == 0);
}

TEST_CASE("guided: a slate playlist is for a break its asset list decided, and never asks the ad server", "[playback]") {
  Guided guided;
  const auto a = guided.start();
  const auto playlist = guided.service.get("/v1/guided/guided/content/360p/index.m3u8");
  const auto url = Guided::asset_list_for(playlist.body, a.id);
  const std::string avail = url.substr(url.rfind('/') + 1, url.size() - url.rfind('/') - 1 - 5);
  const std::string slate = "/v1/adplaylist/" + a.id + "/" + avail + "/slate.m3u8?d=5000";
  const std::string ad_request = "query:/vast/pod.xml?session=" + a.id;
  // Before the asset list: no decision, no slate, and no ad request made for it.
  CHECK(guided.service.get(slate).status == 404);
  CHECK(test_support::fixture_hits(guided.service.fixtures_url(), ad_request) == 0);
  REQUIRE(guided.service.get(url).status == 200);
  CHECK(test_support::fixture_hits(guided.service.fixtures_url(), ad_request) == 1);
  CHECK(guided.service.get(slate).status == 200);
  CHECK(test_support::fixture_hits(guided.service.fixtures_url(), ad_request) == 1);
}

TEST_CASE("guided: a VMAP schedule's breaks are interstitials of the shared playlist, each session's asset lists its own",
          "[playback]") {
  Guided guided;
  const auto a = guided.start("scheduled");
  const auto b = guided.start("scheduled");
  const std::string variant = "/v1/guided/scheduled/content/360p/index.m3u8";
  const auto playlist = guided.service.get(variant);
  REQUIRE(playlist.status == 200);
  CHECK(guided.service.get(variant).body == playlist.body);
  // The schedule was asked once, with no session, for every session's playlist.
  CHECK(test_support::fixture_hits(guided.service.fixtures_url(), "query:/vast/schedule.xml?session=") == 1);
  // Pre-roll at the start, mid-roll at half time (30 s), post-roll at the end; the
  // content's own cue is not a break when a schedule places them.
  std::smatch pre;
  REQUIRE(std::regex_search(playlist.body, pre, std::regex("#EXT-X-DATERANGE:ID=\"v1\",[^\n]*CUE=\"PRE\"")));
  CHECK(std::regex_search(playlist.body, std::regex("#EXT-X-DATERANGE:ID=\"v2\",[^\n]*START-DATE=\"2000-01-01T00:00:30.000Z\"")));
  CHECK(std::regex_search(playlist.body, std::regex("#EXT-X-DATERANGE:ID=\"v3\",[^\n]*CUE=\"POST\"")));
  // Three breaks, no more: the content's own cue at 24 s is not one.
  std::size_t dateranges = 0;
  for (auto at = playlist.body.find("#EXT-X-DATERANGE:"); at != std::string::npos;
       at = playlist.body.find("#EXT-X-DATERANGE:", at + 1)) {
    ++dateranges;
  }
  CHECK(dateranges == 3);
  CHECK(playlist.body.find("X-ASSET-LIST=\"http://127.0.0.1:8080/v1/assets/{$ssai_session}/v1.json\"") != std::string::npos);

  // Each session's asset list is its own VMAP's break: the pod before, the 10 s ad mid.
  const auto pre_roll_response = guided.service.get("/v1/assets/" + a.id + "/v1.json");
  INFO(pre_roll_response.body);
  const auto pre_roll = json_of(pre_roll_response);
  REQUIRE(pre_roll["ASSETS"].Size() == 2);
  CHECK(pre_roll["ASSETS"][0]["DURATION"].GetDouble() == Approx(15.0));
  CHECK(pre_roll["ASSETS"][1]["DURATION"].GetDouble() == Approx(10.0));
  const auto mid_roll_response = guided.service.get("/v1/assets/" + b.id + "/v2.json");
  INFO(mid_roll_response.body);
  const auto mid_roll = json_of(mid_roll_response);
  REQUIRE(mid_roll["ASSETS"].Size() == 1);
  CHECK(mid_roll["ASSETS"][0]["DURATION"].GetDouble() == Approx(10.0));
  CHECK(test_support::fixture_hits(guided.service.fixtures_url(), "query:/vast/schedule.xml?session=" + a.id) == 1);
  CHECK(test_support::fixture_hits(guided.service.fixtures_url(), "query:/vast/schedule.xml?session=" + b.id) == 1);
  // A break the schedule does not have is not the session's.
  CHECK(guided.service.get("/v1/assets/" + a.id + "/v4.json").status == 404);
}

TEST_CASE("guided: unknown sessions, breaks and offsets, and stitched ones, get clear errors", "[playback]") {
  Guided guided;
  const auto a = guided.start();
  const auto playlist = guided.service.get("/v1/guided/guided/content/360p/index.m3u8");
  const auto url = Guided::asset_list_for(playlist.body, a.id);
  CHECK(guided.service.get(std::regex_replace(url, std::regex(a.id), ssai::new_session_id())).status == 404);
  CHECK(guided.service.get("/v1/assets/" + a.id + "/no-such-break.json").status == 404);
  CHECK(guided.service.get(url + "?_HLS_start_offset=abc").status == 400);
  CHECK(guided.service.get(url + "?_HLS_start_offset=-1").status == 400);
  CHECK(guided.service.get("/v1/adplaylist/" + a.id + "/x/slate.m3u8?d=99999999").status == 400);
  // A stitched configuration has no shared playlists; a stitched session no asset lists.
  CHECK(guided.service.get("/v1/guided/stitched/content/360p/index.m3u8").status == 404);
  CHECK(guided.service.get("/v1/guided/guided/../secret.m3u8").status == 400);
  const auto stitched = guided.service.get("/v1/master/stitched/content/master.m3u8");
  std::smatch id;
  REQUIRE(std::regex_search(stitched.body, id, std::regex("/v1/manifest/([0-9a-f]{32})/")));
  CHECK(guided.service.get("/v1/assets/" + id[1].str() + "/x.json").status == 404);
}


TEST_CASE("guided: a player_select configuration gives each session the mode its player asks for", "[playback]") {
  Guided guided;
  const auto asked = guided.service.get("/v1/master/select/content/master.m3u8?aws.insertionMode=GUIDED");
  REQUIRE(asked.status == 200);
  CHECK(asked.body.find("#EXT-X-DEFINE:NAME=\"ssai_session\"") != std::string::npos);
  CHECK(asked.body.find("/v1/guided/select/content/360p/index.m3u8") != std::string::npos);
  const auto plain = guided.service.get("/v1/master/select/content/master.m3u8");
  REQUIRE(plain.status == 200);
  CHECK(plain.body.find("/v1/manifest/") != std::string::npos);  // stitched, MediaTailor's default
  // Explicit sessions ask in the body, and are told what they got.
  const auto posted = guided.service.request("POST", "/v1/session/select/content/master.m3u8", R"({"insertionMode": "GUIDED"})");
  CHECK(json_of(posted)["insertionMode"].GetString() == std::string("GUIDED"));
  // A stitched configuration refuses a guided session; a bad mode is a bad request.
  CHECK(guided.service.get("/v1/master/stitched/content/master.m3u8?aws.insertionMode=GUIDED").status == 400);
  CHECK(guided.service.get("/v1/master/select/content/master.m3u8?aws.insertionMode=SOMETIMES").status == 400);
  // The node counts its sessions by mode: two guided (the query, the body), one stitched.
  const auto metrics = guided.service.get("/metrics").body;
  CHECK(metrics.find("ssai_sessions_started_total{mode=\"guided\"} 2") != std::string::npos);
  CHECK(metrics.find("ssai_sessions_started_total{mode=\"stitched\"} 1") != std::string::npos);
}
