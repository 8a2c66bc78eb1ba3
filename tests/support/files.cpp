#include "support/files.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace test_support {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

TempDir::TempDir() {
  char name[] = "/tmp/ssai-test-XXXXXX";
  if (!mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
  path_ = name;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string golden(const std::filesystem::path& path, const std::string& actual) {
  const char* update = std::getenv("SSAI_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") write_file(path, actual);
  return read_file(path);
}

std::string laddered_key(const std::filesystem::path& library, const std::string& key) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(library, ec)) {
    const auto name = entry.path().filename().string();
    if (name.size() == key.size() + 9 && name.starts_with(key + "_") &&
        name.find_first_not_of("0123456789abcdef", key.size() + 1) == std::string::npos) {
      return name;
    }
  }
  return {};
}

}  // namespace test_support
