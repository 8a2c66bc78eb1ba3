#include "adcache/creative_key.hpp"

#include <algorithm>
#include <cctype>

namespace adcache {
namespace {

constexpr std::size_t kMaxKeyLength = 128;

std::string sanitize(std::string_view raw) {
  std::string key;
  for (char c : raw.substr(0, kMaxKeyLength)) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.';
    key.push_back(safe ? c : '_');
  }
  if (!key.empty() && key.front() == '.') key.front() = '_';  // never "." or ".."
  return key;
}

bool is_interactive(const vast::MediaFile& file) {
  return !file.api_framework.empty() || file.type == "application/javascript" ||
         file.type == "application/x-shockwave-flash";
}

}  // namespace

const vast::MediaFile* source_media_file(const vast::Creative& creative) {
  if (!creative.linear) return nullptr;
  const vast::MediaFile* best = nullptr;
  for (const auto& file : creative.linear->media_files) {
    if (is_interactive(file) || file.type.rfind("video/", 0) != 0) continue;
    if (!best || (best->delivery != "progressive" && file.delivery == "progressive") ||
        (file.delivery == best->delivery && file.height * 10'000 + file.bitrate > best->height * 10'000 + best->bitrate)) {
      best = &file;
    }
  }
  return best;
}

const vast::MediaFile* streaming_media_file(const vast::Creative& creative) {
  if (!creative.linear) return nullptr;
  for (const auto& file : creative.linear->media_files) {
    std::string type = file.type;
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!is_interactive(file) && (type == "application/x-mpegurl" || type == "application/vnd.apple.mpegurl")) return &file;
  }
  return nullptr;
}

std::string dash_key(std::string_view key) { return std::string(key) + ".dash"; }

std::string ladder_key(std::string_view key, std::string_view fingerprint) {
  if (fingerprint.empty()) return std::string(key);
  return std::string(key) + "_" + std::string(fingerprint);
}

std::string key_from_url(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  const auto slash = url.rfind('/');
  auto name = slash == std::string_view::npos ? url : url.substr(slash + 1);
  name = name.substr(0, name.rfind('.'));
  return sanitize(name);
}

Result<std::string> creative_key(const vast::Creative& creative) {
  if (auto universal = creative.universal_ad_id()) return sanitize(*universal);
  if (!creative.ad_id.empty()) return sanitize(creative.ad_id);
  const auto* file = source_media_file(creative);
  if (!file) file = streaming_media_file(creative);
  if (!file) return fail(Errc::kUnusable, "creative '" + creative.id + "' has no playable video media file");
  auto key = key_from_url(file->uri);
  if (key.empty()) return fail(Errc::kUnusable, "creative '" + creative.id + "' media file URL has no name");
  return key;
}

}  // namespace adcache
