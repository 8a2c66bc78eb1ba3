// Other people's MPDs (fixtures/conformance/dash): every one parses, writes back to the
// same tree, and gives the avails listed in avails.golden.
#include <catch2/catch.hpp>
#include <filesystem>

#include "manifests/dash/cues.hpp"
#include "support/avails.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;
using namespace manifests;

namespace {

const fs::path kDir = fs::path(SSAI_FIXTURES_DIR) / "conformance" / "dash";

// Elements and attributes, in document order: what "the same tree" compares.
void flatten(const pugi::xml_node& node, std::string& out) {
  for (const auto& child : node.children()) {
    if (child.type() == pugi::node_element) {
      out += "<" + std::string(child.name());
      for (const auto& a : child.attributes()) out += " " + std::string(a.name()) + "=" + a.value();
      out += ">";
      flatten(child, out);
      out += "</>";
    } else if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out += child.value();
    }
  }
}

}  // namespace

TEST_CASE("conformance MPDs parse, round-trip, and give the golden avails") {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kDir / "dash-mpd-rs")) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 15);
  std::string all;
  for (const auto& file : files) {
    INFO(file);
    const auto text = test_support::read_file(file);
    auto mpd = dash::Mpd::parse(text);
    REQUIRE(mpd);
    auto again = dash::Mpd::parse(mpd->write());
    REQUIRE(again);
    std::string before;
    std::string after;
    flatten(mpd->root().parent(), before);
    flatten(again->root().parent(), after);
    CHECK(before == after);
    all += file.filename().string() + ": " + (mpd->dynamic() ? "dynamic" : "static") + ", " +
           std::to_string(mpd->periods().size()) + " periods\n";
    all += test_support::avails_summary(dash::find_avails(*mpd));
  }
  CHECK(all == test_support::golden(kDir / "avails.golden", all));
}
