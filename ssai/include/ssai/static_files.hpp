#pragma once
// Files under a directory, as HTTP responses: the fixture server's media and the
// conditioned ad renditions the service serves when no CDN prefix is configured.
#include <filesystem>
#include <string>
#include <string_view>

#include "ssai/http_types.hpp"

namespace ssai {

/// The Content-Type for a media or playlist file, by its extension.
[[nodiscard]] std::string content_type_for(const std::filesystem::path& path);

/// `relative` under `root`; 404 for anything that is not a plain relative path to a
/// regular file there (no "..", no absolute paths, no directories).
[[nodiscard]] Response serve_file(const std::filesystem::path& root, std::string_view relative);

}  // namespace ssai
