#include "text_files.hpp"

#include <fstream>
#include <sstream>
#include <unistd.h>

namespace adcache {
namespace fs = std::filesystem;

Result<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::kBadRendition, path.string() + " was not written");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<void> write_atomically(const fs::path& path, const std::string& text) {
  const fs::path temp = path.parent_path() / (".tmp-" + path.filename().string() + "-" + std::to_string(getpid()));
  {
    std::ofstream out(temp, std::ios::binary);
    out << text;
    if (!out) return fail(Errc::kBadRendition, "cannot write " + temp.string());
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) return fail(Errc::kBadRendition, "cannot replace " + path.string() + ": " + ec.message());
  return {};
}

}  // namespace adcache
