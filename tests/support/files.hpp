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

/// Golden files: compares `actual` with the file, or rewrites the file when the
/// environment has SSAI_UPDATE_GOLDEN=1 (then read the diff before committing).
[[nodiscard]] std::string golden(const std::filesystem::path& path, const std::string& actual);

}  // namespace test_support
