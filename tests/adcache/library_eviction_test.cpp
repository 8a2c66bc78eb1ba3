#include "adcache/library_eviction.hpp"

#include <catch2/catch.hpp>

#include "support/files.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// A creative of `kib` KiB whose last use was `age` ago.
void write_creative(const fs::path& root, const std::string& key, std::size_t kib, std::chrono::seconds age) {
  test_support::write_file(root / key / "master.m3u8", "#EXTM3U\n");
  test_support::write_file(root / key / "360p" / "seg_000.ts", std::string(kib * 1024, 'x'));
  test_support::write_file(root / key / adcache::kUsedMarker, "");
  fs::last_write_time(root / key / adcache::kUsedMarker, fs::file_time_type::clock::now() - age);
}

}  // namespace

TEST_CASE("over its cap, the library drops the least recently used creatives first and forgets their jobs") {
  test_support::TempDir dir;
  write_creative(dir.path(), "old", 100, 5h);
  write_creative(dir.path(), "older", 100, 9h);
  write_creative(dir.path(), "fresh", 100, 2h);
  write_creative(dir.path(), "playing", 100, 10s);
  write_creative(dir.path(), "pinned", 100, 20h);
  test_support::write_file(dir.path() / ".tmp-staging@1" / "x.ts", std::string(500 * 1024, 'x'));  // not counted, not touched
  std::vector<std::string> forgotten;
  const auto report = adcache::evict_least_recently_used(
      dir.path(), 320 * 1024, 1h, [](const std::string& key) { return key == "pinned"; },
      [&](const std::string& key) { forgotten.push_back(key); });
  CHECK(report.evicted == std::vector<std::string>{"older", "old"});
  CHECK(forgotten == report.evicted);
  CHECK(report.bytes_after <= 320 * 1024);
  CHECK_FALSE(fs::exists(dir.path() / "older"));
  CHECK_FALSE(fs::exists(dir.path() / "old"));
  for (const char* kept : {"fresh", "playing", "pinned", ".tmp-staging@1"}) CHECK(fs::exists(dir.path() / kept));
  for (const auto& entry : fs::directory_iterator(dir.path())) CHECK_FALSE(entry.path().filename().string().starts_with(".old-"));
}

TEST_CASE("a creative used within the recent window is kept even when the cap is exceeded") {
  test_support::TempDir dir;
  write_creative(dir.path(), "a", 100, 1min);
  write_creative(dir.path(), "b", 100, 2min);
  const auto report = adcache::evict_least_recently_used(
      dir.path(), 10 * 1024, 1h, [](const std::string&) { return false; }, [](const std::string&) {});
  CHECK(report.evicted.empty());
  CHECK(report.bytes_after > 10 * 1024);
}

TEST_CASE("under its cap nothing is removed") {
  test_support::TempDir dir;
  write_creative(dir.path(), "a", 10, 10h);
  const auto report = adcache::evict_least_recently_used(
      dir.path(), 1 << 20, 1h, [](const std::string&) { return false; }, [](const std::string&) {});
  CHECK(report.evicted.empty());
  CHECK(fs::exists(dir.path() / "a"));
}
