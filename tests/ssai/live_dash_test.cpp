// A live DASH session followed over 30 updates, in process and deterministic: the
// fixture channel's MPD every 3 s of its clock, each break filled with a 15 s and a 10 s
// ad and 5 s of slate as the service fills them. The stitched MPDs are the golden file;
// on the way, no period once listed may change its place, length or (ads) content.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

#include "manifests/dash/cues.hpp"
#include "manifests/dash/sample_mpd.hpp"
#include "manifests/dash/stitch.hpp"
#include "ssai/fixture_live.hpp"
#include "support/files.hpp"

namespace dash = manifests::dash;
using manifests::Ticks;

namespace {

constexpr Ticks kSecond{90000};
constexpr std::int64_t kAvailabilityStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

dash::InsertedPeriod ad_period(const std::string& id, int seconds) {
  dash::AdRepresentation video{"ad-v", 800000, 640, 360, "avc1.4d401e", 0, "https://ads.example/" + id + "/init.mp4", {}};
  for (int at = 0; at < seconds; at += 5) {
    video.segments.push_back({"https://ads.example/" + id + "/" + std::to_string(at / 5) + ".m4s", kSecond * std::min(5, seconds - at)});
  }
  return {id, kSecond * seconds, {{"video", "video/mp4", "", {video}}}};
}

std::string period_text(const pugi::xml_node& period) {
  std::ostringstream text;
  period.print(text);
  return text.str();
}

}  // namespace

TEST_CASE("live DASH followed over 30 updates: never a period changed, and the golden file") {
  auto vod = dash::Mpd::parse(dash_samples::vod_mpd());
  REQUIRE(vod);
  std::string all;
  std::map<std::string, std::pair<Ticks, std::optional<Ticks>>> timing;
  std::map<std::string, std::string> ads;
  std::size_t breaks_filled = 0;
  for (int n = 0; n < 30; ++n) {
    INFO("update " << n);
    auto text = ssai::live_mpd(*vod, 3.0 * n, kAvailabilityStart);
    REQUIRE(text);
    auto live = dash::Mpd::parse(*text);
    REQUIRE(live);
    std::vector<dash::PeriodBreak> breaks;
    for (const auto& avail : dash::find_avails(*live).avails) {
      if (avail.duration.count() <= 0) continue;
      breaks.push_back({avail.id, avail.start, avail.duration,
                        {ad_period(avail.id + "-ad0", 15), ad_period(avail.id + "-ad1", 10), ad_period(avail.id + "-slate", 5)}});
    }
    breaks_filled = std::max(breaks_filled, breaks.size());
    const Ticks live_edge = kSecond * 36 + kSecond * (3 * n);
    auto stitched = dash::stitch(*live, breaks, {false, live_edge});
    REQUIRE(stitched);
    const auto periods = stitched->periods();
    REQUIRE_FALSE(periods.empty());
    for (std::size_t i = 0; i < periods.size(); ++i) {
      const std::string id = periods[i].node.attribute("id").value();
      INFO("period " << id);
      CHECK(periods[i].start <= live_edge);  // announced once begun
      if (i + 1 < periods.size()) CHECK(periods[i].duration);  // only the last is open
      auto [seen, added] = timing.emplace(id, std::pair{periods[i].start, periods[i].duration});
      CHECK(seen->second.first == periods[i].start);
      if (seen->second.second && periods[i].duration) CHECK(*seen->second.second == *periods[i].duration);
      if (!seen->second.second) seen->second.second = periods[i].duration;
      if (id.find("-ad") != std::string::npos || id.ends_with("-slate")) {
        auto [ad, new_ad] = ads.emplace(id, period_text(periods[i].node));
        CHECK(ad->second == period_text(periods[i].node));
      }
    }
    all += "<!-- update " + std::to_string(n) + " -->\n" + stitched->write();
  }
  CHECK(breaks_filled >= 1);
  CHECK(ads.size() >= 6);  // two breaks' ads and slate were listed along the way
  CHECK(all == test_support::golden(std::filesystem::path(SSAI_FIXTURES_DIR) / "golden" / "live" / "thirty_dash_updates.mpd", all));
}
