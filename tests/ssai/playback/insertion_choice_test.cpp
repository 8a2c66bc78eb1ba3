// Guided or stitched, decided once when a session starts: what the configuration allows,
// what the player asked (MediaTailor's GUIDED / STITCHED), and the players known not to
// handle interstitials.
#include <catch2/catch.hpp>

#include "playback/insertion_choice.hpp"

namespace {

ssai::PlaybackConfiguration config(ssai::InsertionMode mode) {
  ssai::PlaybackConfiguration c;
  c.name = "demo";
  c.insertion_mode = mode;
  c.stitched_user_agents = {"Tizen", "Web0S"};
  return c;
}

constexpr std::string_view kChrome = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0";
constexpr std::string_view kTizen = "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) SamsungBrowser/4.0";

}  // namespace

TEST_CASE("insertion choice: stitched and guided configurations refuse the other mode", "[playback]") {
  const auto stitched = config(ssai::InsertionMode::kStitched);
  CHECK(ssai::choose_guided(stitched, std::nullopt, kChrome).value() == false);
  CHECK(ssai::choose_guided(stitched, "stitched", kChrome).value() == false);
  CHECK(ssai::choose_guided(stitched, "GUIDED", kChrome).error().code == ssai::Errc::kBadRequest);
  const auto guided = config(ssai::InsertionMode::kGuided);
  CHECK(ssai::choose_guided(guided, std::nullopt, kChrome).value() == true);
  CHECK(ssai::choose_guided(guided, "STITCHED", kChrome).error().code == ssai::Errc::kBadRequest);
}

TEST_CASE("insertion choice: player_select honours the request, the default, and the stitched players", "[playback]") {
  auto select = config(ssai::InsertionMode::kPlayerSelect);
  CHECK(ssai::choose_guided(select, std::nullopt, kChrome).value() == false);  // MediaTailor's default
  CHECK(ssai::choose_guided(select, "GUIDED", kChrome).value() == true);
  CHECK(ssai::choose_guided(select, "guided", kChrome).value() == true);
  CHECK(ssai::choose_guided(select, "STITCHED", kChrome).value() == false);
  // A TV known not to play interstitials is stitched whatever it asks.
  CHECK(ssai::choose_guided(select, "GUIDED", kTizen).value() == false);
  select.player_select_default = ssai::InsertionMode::kGuided;
  CHECK(ssai::choose_guided(select, std::nullopt, kChrome).value() == true);
  CHECK(ssai::choose_guided(select, std::nullopt, kTizen).value() == false);
  CHECK(ssai::choose_guided(select, "sometimes", kChrome).error().code == ssai::Errc::kBadRequest);
}
