#include "support/live_reload.hpp"

#include <catch2/catch.hpp>
#include <regex>

#include "manifests/hls/parser.hpp"
#include "support/http_get.hpp"

namespace test_support {

Reload fetch_reload(const std::string& url) {
  const auto response = http_get(url);
  REQUIRE(response.status == 200);
  auto playlist = manifests::hls::parse_media(response.body);
  REQUIRE(playlist);
  Reload reload{playlist->media_sequence, playlist->discontinuity_sequence, playlist->endlist, {}};
  static const std::regex kHost("^http://127\\.0\\.0\\.1:[0-9]+");
  for (const auto& s : playlist->segments) {
    reload.entries.push_back({std::regex_replace(std::string(s.uri), kHost, ""), s.duration, s.discontinuity()});
  }
  return reload;
}

void check_continues(const Reload& before, const Reload& after) {
  const auto left = after.media_sequence - before.media_sequence;
  REQUIRE(left >= 0);
  REQUIRE(static_cast<std::size_t>(left) <= before.entries.size());
  std::int64_t discontinuities_left = 0;
  for (std::int64_t i = 0; i < left; ++i) discontinuities_left += before.entries[static_cast<std::size_t>(i)].discontinuity;
  CHECK(after.discontinuity_sequence == before.discontinuity_sequence + discontinuities_left);
  for (std::size_t i = static_cast<std::size_t>(left); i < before.entries.size(); ++i) {
    INFO("entry " << i << " of the reload at media sequence " << before.media_sequence);
    REQUIRE(i - static_cast<std::size_t>(left) < after.entries.size());
    CHECK(after.entries[i - static_cast<std::size_t>(left)] == before.entries[i]);
  }
}

std::string entry_kinds(const std::vector<Entry>& entries) {
  std::string kinds;
  for (const auto& entry : entries) {
    if (entry.discontinuity) kinds += '|';
    kinds += entry.uri.starts_with("/v1/segment/")              ? 'a'
             : entry.uri.starts_with("/v1/blank.vtt")           ? 'b'
             : entry.uri.find("/slate/") != std::string::npos ? 's'
             : entry.uri.find("/ads/") != std::string::npos   ? 'd'
                                                               : 'c';
  }
  return kinds;
}

}  // namespace test_support
