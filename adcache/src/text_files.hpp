#pragma once
// Whole small text files, read and replaced atomically (playlists of conditioned rungs).
#include <filesystem>
#include <string>

#include "adcache/error.hpp"

namespace adcache {

[[nodiscard]] Result<std::string> read_text(const std::filesystem::path& path);
/// Replaces a file in one rename, so readers see the old text or the new, never half.
[[nodiscard]] Result<void> write_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace adcache
