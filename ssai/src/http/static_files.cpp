#include "ssai/static_files.hpp"

#include <fstream>
#include <sstream>

#include "ssai/url.hpp"

namespace ssai {

std::string content_type_for(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  if (ext == ".m3u8") return std::string(kHlsContentType);
  if (ext == ".ts") return "video/mp2t";
  if (ext == ".mp4" || ext == ".m4s") return "video/mp4";
  if (ext == ".mpd") return "application/dash+xml";
  if (ext == ".xml") return "application/xml";
  if (ext == ".json") return "application/json";
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript";
  return "application/octet-stream";
}

Response serve_file(const std::filesystem::path& root, std::string_view relative) {
  const Error missing{Errc::kNotFound, "no file " + std::string(relative)};
  if (!is_safe_content_path(relative)) return error_response(missing);
  const auto path = root / std::filesystem::path(relative);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return error_response(missing);
  std::ifstream in(path, std::ios::binary);
  if (!in) return error_response(missing);
  std::ostringstream body;
  body << in.rdbuf();
  Response response;
  response.content_type = content_type_for(path);
  response.body = body.str();
  return response;
}

}  // namespace ssai
