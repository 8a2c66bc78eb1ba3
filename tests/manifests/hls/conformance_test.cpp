// Other people's HLS playlists (fixtures/conformance/hls): every one parses, writes back
// losslessly, and gives the avails listed in avails.golden.
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>

#include "manifests/hls/cues.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/writer.hpp"
#include "support/avails.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;
using namespace manifests;

namespace {

const fs::path kDir = fs::path(SSAI_FIXTURES_DIR) / "conformance" / "hls";

std::vector<fs::path> playlists() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(kDir)) {
    if (entry.path().extension() == ".m3u8") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Lines as a player sees them: CR and surrounding blanks gone, blank lines dropped.
std::string canonical_lines(const std::string& text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos) out += line.substr(first) + "\n";
    pos = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("conformance playlists parse, round-trip, and give the golden avails") {
  const auto files = playlists();
  REQUIRE(files.size() >= 20);
  std::string all;
  for (const auto& file : files) {
    INFO(file);
    const auto text = test_support::read_file(file);
    const auto name = fs::relative(file, kDir).string();
    if (hls::is_master(text)) {
      auto master = hls::parse_master(text);
      REQUIRE(master);
      CHECK(hls::write(*master) == canonical_lines(text));
      all += name + ": master, " + std::to_string(master->entries.size()) + " lines\n";
      continue;
    }
    auto media = hls::parse_media(text);
    if (!media) {
      all += name + ": refused: " + media.error().detail + "\n";
      continue;
    }
    const auto written = hls::write(*media);
    // Lossless: an input the parser had nothing to tolerate in comes back as the same
    // lines (byte for byte once CRs and blank lines are gone); the rest is written the
    // way the parser understood it, which parses back to the same playlist.
    if (media->warnings.empty()) CHECK(written == canonical_lines(text));
    auto again = hls::parse_media(written);
    REQUIRE(again);
    CHECK(hls::write(*again) == written);
    all += name + ": " + std::to_string(media->segments.size()) + " segments\n";
    for (const auto& w : media->warnings) all += "  parse warning: " + w + "\n";
    all += test_support::avails_summary(hls::find_avails(*media));
  }
  CHECK(all == test_support::golden(kDir / "avails.golden", all));
}
