#include "adcache/library_eviction.hpp"

#include <algorithm>
#include <unistd.h>

namespace adcache {
namespace {

namespace fs = std::filesystem;

struct Entry {
  std::string key;
  std::uintmax_t bytes = 0;
  fs::file_time_type last_used{};
};

std::uintmax_t tree_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

fs::file_time_type last_use(const fs::path& creative) {
  std::error_code ec;
  for (const char* name : {kUsedMarker, "master.m3u8"}) {
    const auto time = fs::last_write_time(creative / name, ec);
    if (!ec) return time;
  }
  return fs::last_write_time(creative, ec);
}

}  // namespace

EvictionReport evict_least_recently_used(const fs::path& library, std::uintmax_t max_bytes, std::chrono::seconds recent,
                                         const std::function<bool(const std::string&)>& spare,
                                         const std::function<void(const std::string&)>& evicted) {
  EvictionReport report;
  std::vector<Entry> entries;
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(library, ec)) {
    const std::string name = item.path().filename().string();
    // Staging and links (a slate shared from elsewhere) are not the library's to remove.
    if (name.starts_with('.') || item.is_symlink(ec) || !item.is_directory(ec)) continue;
    entries.push_back({name, tree_bytes(item.path()), last_use(item.path())});
    report.bytes_before += entries.back().bytes;
  }
  report.bytes_after = report.bytes_before;
  if (report.bytes_before <= max_bytes) return report;
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.last_used < b.last_used; });
  const auto cutoff = fs::file_time_type::clock::now() - recent;
  for (const auto& entry : entries) {
    if (report.bytes_after <= max_bytes) break;
    if (entry.last_used >= cutoff || spare(entry.key)) continue;
    // Out of sight in one rename, then deleted: a reader sees all of it or none.
    const fs::path doomed = library / (".old-" + entry.key + "@" + std::to_string(getpid()));
    fs::rename(library / entry.key, doomed, ec);
    if (ec) continue;
    fs::remove_all(doomed, ec);
    report.bytes_after -= entry.bytes;
    report.evicted.push_back(entry.key);
    evicted(entry.key);
  }
  return report;
}

}  // namespace adcache
