#pragma once
#include <filesystem>
#include <string>

namespace test_support {

[[nodiscard]] std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);
/// A fresh directory under /tmp, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// The name under which the service keeps `key` conditioned to a content's ladder
/// (adcache::ladder_key: the key, '_', 8 hex digits), as found in `library`; empty when
/// there is none.
[[nodiscard]] std::string laddered_key(const std::filesystem::path& library, const std::string& key);

/// Golden files: compares `actual` with the file, or rewrites the file when the
/// environment has SSAI_UPDATE_GOLDEN=1 (then read the diff before committing).
[[nodiscard]] std::string golden(const std::filesystem::path& path, const std::string& actual);

}  // namespace test_support
