// The explain lab shows ad-ops what players get: for the same configuration, content,
// ad server answer and moment, the lab's stitched manifest is byte for byte the one a
// player of a new session is served. Two differences are by design and undone here
// before comparing: a player's ad segments go through our beacon redirect (followed
// here, to the very URL the lab names), and a player's MPD names its session's reload
// URL (<Location>), which the lab, storing no session, has not.
//
// Live content is a fixed window (written once by the fixture channel's own code and
// served as a file), so that the player and the lab read the same bytes.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "manifests/hls/parser.hpp"
#include "fixtures/live.hpp"
#include "support/files.hpp"
#include "support/fixture_ads.hpp"
#include "support/http_get.hpp"
#include "support/outbound.hpp"
#include "support/process.hpp"

using test_support::http_get;
using test_support::http_request;

namespace {

constexpr const char* kToken = "lab-equals-player-token";
namespace fs = std::filesystem;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string json_string(const std::string& text) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  writer.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  return out.GetString();
}

// The fixture server over a directory of its media and VAST files (linked) and of live
// windows fixed in time; one `ssai serve` in front of it with the configurations below.
struct Stack {
  test_support::TempDir root;
  test_support::TempDir config_dir;
  std::unique_ptr<test_support::ServerProcess> fixtures;
  std::unique_ptr<test_support::ServerProcess> ssai;

  Stack() {
    const fs::path fixtures_dir = SSAI_FIXTURES_DIR;
    fs::create_directory_symlink(fixtures_dir / "media", root.path() / "media");
    fs::create_directory_symlink(fixtures_dir / "vast", root.path() / "vast");
    fixtures = std::make_unique<test_support::ServerProcess>(
        SSAI_FIXTURES_BINARY, std::vector<std::string>{"serve", "--dir", root.path().string(), "--listen", "127.0.0.1:0"});
    const std::string fx = fixtures->url();
    write_windows(fx);
    const std::string pod = fx + "/vast/pod.xml?duration=[session.avail_duration_secs]";
    const std::string slate = fx + "/media/creatives/slate.mp4";
    test_support::write_file(
        config_dir.path() / "config.json",
        "{\"listen\": \"127.0.0.1:0\", " + test_support::outbound_allowing({fx}) + ", \"admin_token\": \"" + kToken +
            "\", \"conditioning_workers\": 0, \"ad_renditions\": {\"dir\": \"" + (fixtures_dir / "media" / "ads").string() +
            "\", \"base_url\": \"" + fx + "/media/ads/\"}, \"playback_configurations\": {"
            "\"demo\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + pod + "\", \"slate_url\": \"" + slate + "\"},"
            "\"vmap\": {\"content_origin\": \"" + fx + "/media/\", \"ad_decision_server\": \"" + fx + "/vast/vmap.xml\", \"vod_ad_schedule\": \"vmap\"},"
            "\"live\": {\"content_origin\": \"" + fx + "/windows/\", \"ad_decision_server\": \"" + pod + "\", \"slate_url\": \"" + slate + "\","
            " \"unsignalled_break_ms\": 20000},"
            "\"preroll\": {\"content_origin\": \"" + fx + "/windows/\", \"ad_decision_server\": \"" + pod + "\", \"slate_url\": \"" + slate + "\","
            " \"live_preroll\": {\"ad_decision_server\": \"" + fx + "/vast/pod.xml?preroll=1\", \"max_duration_seconds\": 20}}}}\n");
    ssai = std::make_unique<test_support::ServerProcess>(
        SSAI_BINARY, std::vector<std::string>{"serve", "--config", (config_dir.path() / "config.json").string()});
  }

  // windows/<name>/master.m3u8 and index.m3u8: the fixture channel `seconds` in, as one file.
  void write_windows(const std::string& fx) {
    const auto vod = manifests::hls::parse_media(read(fs::path(SSAI_FIXTURES_DIR) / "media/content/360p/index.m3u8"));
    REQUIRE(vod);
    // The VOD's break is 24-54 s into its 60 s loop; the channel starts 36 s in.
    const std::vector<std::tuple<std::string, ssai::LiveCueDialect, double>> windows{
        {"signalled", ssai::LiveCueDialect::kCueOut, 12},       // 48 s: inside the break
        {"unsignalled", ssai::LiveCueDialect::kUnsignalled, 6},  // 42 s: an open break, no duration said
        {"none", ssai::LiveCueDialect::kNone, 0},               // no cues: the pre-roll alone
    };
    for (const auto& [name, dialect, seconds] : windows) {
      ssai::LiveChannelOptions options;
      options.dialect = dialect;
      options.segment_base = fx + "/media/content/360p/";
      auto window = ssai::live_window(*vod, seconds, options);
      REQUIRE(window);
      fs::create_directories(root.path() / "windows" / name);
      test_support::write_file(root.path() / "windows" / name / "index.m3u8", *window);
      test_support::write_file(root.path() / "windows" / name / "master.m3u8",
                               "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=976000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\"\n"
                               "index.m3u8\n");
    }
  }

  // The lab's manifest for `content` under `config`.
  [[nodiscard]] std::string lab(const std::string& config, const std::string& content) const {
    const auto answer = http_request({"POST", ssai->url() + "/v1/explain", {std::string("Authorization: Bearer ") + kToken},
                                      R"({"config": ")" + config + R"(", "content": )" + json_string(content) + "}"});
    INFO(answer.body);
    REQUIRE(answer.status == 200);
    rapidjson::Document doc;
    doc.Parse(answer.body.c_str());
    REQUIRE(doc.IsObject());
    REQUIRE(doc.HasMember("manifest"));
    return doc["manifest"].GetString();
  }

  // What a player of a new HLS session gets for its first variant.
  [[nodiscard]] std::string player_hls(const std::string& config, const std::string& master_path) const {
    const auto variants = test_support::variant_urls(ssai->url() + "/v1/master/" + config + "/" + master_path);
    REQUIRE_FALSE(variants.empty());
    const auto playlist = http_get(variants.front());
    INFO(variants.front() + ": " + playlist.body + "\n" + ssai->log());
    REQUIRE(playlist.status == 200);
    return follow_redirects(playlist.body);
  }

  [[nodiscard]] std::string player_dash(const std::string& config, const std::string& mpd_path) const {
    const auto mpd = http_get(ssai->url() + "/v1/dash/" + config + "/" + mpd_path);
    REQUIRE(mpd.status == 200);
    // The session's reload URL, which the lab has not.
    const std::string text = std::regex_replace(mpd.body, std::regex(R"(\n\s*<Location>[^<]*</Location>)"), "");
    return follow_redirects(text);
  }

  // Every URL of our beacon redirect replaced by where it redirects.
  [[nodiscard]] std::string follow_redirects(const std::string& text) const {
    const std::regex redirect(R"(http://127\.0\.0\.1:\d+/v1/segment/[^\s"<]+)");
    std::string out;
    std::size_t last = 0;
    std::size_t followed = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), redirect); it != std::sregex_iterator(); ++it) {
      std::string url = it->str();
      url = std::regex_replace(url, std::regex("&amp;"), "&");
      const auto answer = http_get(url);
      INFO(url + ": " + answer.body + "\n" + ssai->log());
      REQUIRE(answer.status == 302);
      out += text.substr(last, static_cast<std::size_t>(it->position()) - last) + answer.location;
      last = static_cast<std::size_t>(it->position() + it->length());
      ++followed;
    }
    CHECK(followed > 0);  // the comparison covers ads, not content alone
    return out + text.substr(last);
  }
};

}  // namespace

// What a player asks for and what the lab is given, for one configuration and content.
struct Case {
  const char* name;
  const char* config;
  const char* player;  ///< the master (HLS) or MPD (DASH) a player starts from
  const char* lab;     ///< the media playlist or MPD the lab is given
  bool dash = false;
};

void check_cases(const std::vector<Case>& cases) {
  Stack stack;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto player = c.dash ? stack.player_dash(c.config, c.player) : stack.player_hls(c.config, c.player);
      CHECK(player == stack.lab(c.config, c.lab));
    }
  }
}

TEST_CASE("lab equals player: HLS VOD with cues, HLS VOD by VMAP, and DASH VOD") {
  check_cases({
      {"HLS VOD with cues", "demo", "content/master.m3u8", "content/360p/index.m3u8"},
      {"HLS VOD scheduled by VMAP", "vmap", "content/master.m3u8", "content/360p/index.m3u8"},
      {"DASH VOD, $Number$", "demo", "dash/number/manifest.mpd", "dash/number/manifest.mpd", true},
      {"DASH VOD, SegmentTimeline", "demo", "dash/timeline/manifest.mpd", "dash/timeline/manifest.mpd", true},
  });
}

TEST_CASE("lab equals player: HLS live with a signalled break, an unsignalled break, and a live pre-roll") {
  check_cases({
      {"a signalled break under way", "live", "signalled/master.m3u8", "signalled/index.m3u8"},
      {"an unsignalled break, planned for the configured length", "live", "unsignalled/master.m3u8", "unsignalled/index.m3u8"},
      {"a live pre-roll where the player joined", "preroll", "none/master.m3u8", "none/index.m3u8"},
  });
}
