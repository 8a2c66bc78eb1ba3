// Server-guided DASH, in this process over the guided tests' origin (guided_origin.hpp):
// a guided session is sent to the one shared MPD, its id in the URL's query; that MPD
// is the same bytes for every session and announces the break as an Alternative MPD
// event; the player's request for the alternative MPD (the query added, as
// urn:mpeg:dash:urlparam:2025 says) gets this session's ads as a static MPD, decided
// once, segments through the redirect; bad requests get clear errors.
#include <catch2/catch.hpp>

#include <regex>

#include "guided_origin.hpp"
#include "ssai/session.hpp"

using test_support::Guided;
using test_support::json_of;

namespace {

// A guided DASH session: where its start redirects the player (the shared MPD's URL).
std::string start_dash(Guided& guided, const std::string& config = "guided") {
  const auto started = guided.service.get("/v1/dash/" + config + "/content/dash/manifest.mpd");
  REQUIRE(started.status == 302);
  CHECK(Guided::header(started, "Cache-Control") == "private, no-store");
  return Guided::header(started, "Location");
}

std::string session_of(const std::string& mpd_url) {
  std::smatch id;
  REQUIRE(std::regex_search(mpd_url, id, std::regex("\\?ssai_session=([0-9a-f]{32})$")));
  return id[1].str();
}

// The alternative MPD URL the shared MPD names for the break, with the query a player adds.
std::string alternative_for(const std::string& mpd, const std::string& mpd_url) {
  std::smatch uri;
  REQUIRE(std::regex_search(mpd, uri, std::regex("<ReplacePresentation uri=\"([^\"]+)\"")));
  return uri[1].str() + mpd_url.substr(mpd_url.find('?'));
}

}  // namespace

TEST_CASE("guided DASH: sessions share one MPD that announces the break as an Alternative MPD event", "[playback]") {
  Guided guided;
  const auto a = start_dash(guided);
  const auto b = start_dash(guided);
  CHECK(a.starts_with("http://127.0.0.1:8080/v1/guided/guided/content/dash/manifest.mpd?ssai_session="));
  CHECK(session_of(a) != session_of(b));
  const auto first = guided.service.get(a);
  const auto second = guided.service.get(b);
  REQUIRE(first.status == 200);
  CHECK(first.body == second.body);
  CHECK(first.content_type == "application/dash+xml");
  CHECK(Guided::header(first, "Cache-Control") == "public, max-age=3600");
  CHECK(first.body.find("ssai_session") == std::string::npos);
  CHECK(first.body.find(R"(<EventStream schemeIdUri="urn:mpeg:dash:event:alternativeMPD:replace:2025" timescale="90000">)") !=
        std::string::npos);
  CHECK(first.body.find(R"(<Event presentationTime="2160000" duration="2700000")") != std::string::npos);
  CHECK(first.body.find(R"(<ReplacePresentation uri="http://127.0.0.1:8080/v1/altmpd/d1.mpd" returnOffset="2700000")") !=
        std::string::npos);
  // The content's own SCTE-35 events are not for guided players; no Location (each
  // player reloads the URL that names its session).
  CHECK(first.body.find("scte35") == std::string::npos);
  CHECK(first.body.find("<Location>") == std::string::npos);
  // Explicit sessions are told the shared MPD's URL.
  const auto posted = json_of(guided.service.request("POST", "/v1/session/guided/content/dash/manifest.mpd"));
  CHECK(std::string(posted["manifestUrl"].GetString()).find("/v1/guided/guided/content/dash/manifest.mpd?ssai_session=") !=
        std::string::npos);
  CHECK(std::string(posted["insertionMode"].GetString()) == "GUIDED");
}

TEST_CASE("guided DASH: the alternative MPD is the session's ads, decided once, through the redirect", "[playback]") {
  Guided guided;
  const auto url = start_dash(guided);
  const auto id = session_of(url);
  const auto alternative = alternative_for(guided.service.get(url).body, url);
  const auto ads = guided.service.get(alternative);
  REQUIRE(ads.status == 200);
  CHECK(ads.content_type == "application/dash+xml");
  CHECK(Guided::header(ads, "Cache-Control") == "private, no-store");
  CHECK(ads.body.find(R"(type="static")") != std::string::npos);
  // The pod's two ads, 15 s and 10 s; no DASH slate is conditioned here, so nothing after.
  CHECK(ads.body.find(R"(mediaPresentationDuration="PT25S")") != std::string::npos);
  CHECK(ads.body.find(R"(<Period id="d1-ad0" duration="PT15S" start="PT0S">)") != std::string::npos);
  CHECK(ads.body.find(R"(start="PT15S")") != std::string::npos);
  std::smatch segment;
  REQUIRE(std::regex_search(ads.body, segment, std::regex("http://127.0.0.1:8080(/v1/segment/" + id + "/d1/0/[^\"]+)\"")));
  CHECK(guided.service.get(std::regex_replace(segment[1].str(), std::regex("&amp;"), "&")).status == 302);
  // Asked again: the same answer (the decision is stored).
  CHECK(guided.service.get(alternative).body == ads.body);
}

TEST_CASE("guided DASH: alternative MPD requests without a session, for an unknown one, or an HLS one, are refused",
          "[playback]") {
  Guided guided;
  const auto url = start_dash(guided);
  const auto alternative = alternative_for(guided.service.get(url).body, url);
  const auto bare = alternative.substr(0, alternative.find('?'));
  const auto missing = guided.service.get(bare);
  CHECK(missing.status == 400);
  CHECK(missing.body.find("urlparam:2025") != std::string::npos);
  CHECK(guided.service.get(bare + "?ssai_session=" + ssai::new_session_id()).status == 404);
  CHECK(guided.service.get("/v1/altmpd/no-such-break.mpd" + url.substr(url.find('?'))).status == 404);
  CHECK(guided.service.get("/v1/altmpd/a/b.mpd" + url.substr(url.find('?'))).status == 404);
  const auto hls = guided.start();
  CHECK(guided.service.get(bare + "?ssai_session=" + hls.id).status == 404);
  // And a DASH session has no HLS asset lists.
  CHECK(guided.service.get("/v1/assets/" + session_of(url) + "/d1.json").status == 404);
}

TEST_CASE("guided DASH: a break the ad server leaves empty, with no DASH slate, has no alternative MPD, so its content plays",
          "[playback]") {
  Guided guided;
  const auto url = start_dash(guided, "unfilled");
  const auto alternative = guided.service.get(alternative_for(guided.service.get(url).body, url));
  CHECK(alternative.status == 404);
  CHECK(alternative.body.find("the content plays") != std::string::npos);
}

TEST_CASE("guided DASH: a VMAP schedule's breaks are inserted events of the shared MPD, each session's its own ads",
          "[playback]") {
  Guided guided;
  const auto a = start_dash(guided, "scheduled");
  const auto b = start_dash(guided, "scheduled");
  const auto mpd = guided.service.get(a);
  REQUIRE(mpd.status == 200);
  CHECK(guided.service.get(b).body == mpd.body);
  // Three breaks inserted (pre, half time, post); the content's own splice is not one.
  CHECK(mpd.body.find(R"(schemeIdUri="urn:mpeg:dash:event:alternativeMPD:insert:2025")") != std::string::npos);
  CHECK(mpd.body.find("alternativeMPD:replace:2025") == std::string::npos);
  for (const char* id : {"v1", "v2", "v3"}) {
    CHECK(mpd.body.find("/v1/altmpd/" + std::string(id) + ".mpd\"") != std::string::npos);
  }
  // The half-time break is the session's VMAP's: its one 10 s ad.
  const auto mid = guided.service.get("/v1/altmpd/v2.mpd" + b.substr(b.find('?')));
  REQUIRE(mid.status == 200);
  CHECK(mid.body.find(R"(duration="PT10S")") != std::string::npos);
  CHECK(mid.body.find("PT15S") == std::string::npos);
}
