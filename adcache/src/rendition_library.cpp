#include "adcache/rendition_library.hpp"

#include "adcache/conditioner.hpp"
#include "adcache/creative_key.hpp"
#include "adcache/library_eviction.hpp"

#include <charconv>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "manifests/hls/attributes.hpp"
#include "manifests/hls/parser.hpp"

namespace adcache {
namespace {

constexpr std::uintmax_t kMaxPlaylistBytes = 1 << 20;
// How stale the in-memory view may get: eviction is noticed within kRecheck, and a
// creative in play refreshes its use mark once per kUseResolution (a small write to a
// shared directory, not one per request).
constexpr std::chrono::seconds kRecheck{30};
constexpr std::chrono::seconds kUseResolution{60};
constexpr std::chrono::seconds kAbsentRecheck{1};
constexpr std::size_t kMaxAbsent = 10'000;

Result<std::string> read_small_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(Errc::kNotConditioned, path.string() + " is missing");
  if (size > kMaxPlaylistBytes) return fail(Errc::kBadRendition, path.string() + " is too large");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  if (!in) return fail(Errc::kBadRendition, path.string() + " could not be read");
  return body.str();
}

// Renditions name their playlists relatively ("360p/index.m3u8"): never outside the key's dir.
bool is_safe_relative(std::string_view uri) {
  return !uri.empty() && uri.front() != '/' && uri.find("..") == std::string_view::npos &&
         uri.find("://") == std::string_view::npos;
}

// A rendition file's URI made absolute: under `prefix` (the media playlist's directory
// on the ads' base URL), or as it is when a creative used as it is names its own CDN.
Result<std::string> absolute_in(std::string_view uri, const std::string& prefix, const std::string& key) {
  if (uri.starts_with("http://") || uri.starts_with("https://")) return std::string(uri);
  if (!is_safe_relative(uri)) return fail(Errc::kBadRendition, key + ": unsafe segment URI " + std::string(uri));
  return prefix + std::string(uri);
}

std::string directory_of(std::string_view uri) {
  const auto slash = uri.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(uri.substr(0, slash + 1));
}

// The entries of a rung's I-frame playlist (`uri`, relative to the creative's directory).
Result<std::vector<RenditionIFrame>> read_iframes(const std::filesystem::path& creative_dir, const std::string& key,
                                                  const std::string& uri, const std::string& prefix) {
  auto text = read_small_file(creative_dir / uri);
  if (!text) return tl::unexpected(text.error());
  auto playlist = manifests::hls::parse_media(std::move(*text));
  if (!playlist) return fail(Errc::kBadRendition, key + "/" + uri + ": " + playlist.error().detail);
  std::vector<RenditionIFrame> iframes;
  std::map<std::string, std::int64_t, std::less<>> ends;  // a range without @offset follows the last one of its file
  for (const auto& segment : playlist->segments) {
    const auto* range = segment.find(manifests::hls::kByteRange);
    if (!range || !range->value) return fail(Errc::kBadRendition, key + "/" + uri + ": an I-frame without EXT-X-BYTERANGE");
    auto file = absolute_in(segment.uri, prefix, key);
    if (!file) return tl::unexpected(file.error());
    const std::string_view value = *range->value;
    const auto at = value.find('@');
    std::int64_t length = 0;
    std::int64_t offset = 0;
    const auto length_text = value.substr(0, at);
    auto [length_end, length_ec] = std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    bool ok = length_ec == std::errc{} && length_end == length_text.data() + length_text.size() && length > 0;
    if (at != std::string_view::npos) {
      const auto offset_text = value.substr(at + 1);
      auto [offset_end, offset_ec] = std::from_chars(offset_text.data(), offset_text.data() + offset_text.size(), offset);
      ok = ok && offset_ec == std::errc{} && offset_end == offset_text.data() + offset_text.size() && offset >= 0;
    } else {
      offset = ends[*file];
    }
    ok = ok && offset <= std::numeric_limits<std::int64_t>::max() - length;  // its end must be a number too
    if (!ok) return fail(Errc::kBadRendition, key + "/" + uri + ": bad EXT-X-BYTERANGE " + std::string(value));
    ends[*file] = offset + length;
    iframes.push_back({std::move(*file), segment.duration, std::to_string(length) + "@" + std::to_string(offset)});
  }
  return iframes;
}

}  // namespace

RenditionLibrary::RenditionLibrary(std::filesystem::path dir, std::string base_url)
    : dir_(std::move(dir)), base_url_(std::move(base_url)) {}

Result<std::shared_ptr<const ConditionedCreative>> RenditionLibrary::find_for_ladder(const std::string& key,
                                                                                    std::string_view fingerprint,
                                                                                    std::string& found_key) {
  found_key = ladder_key(key, fingerprint);
  auto laddered = find(found_key);
  if (laddered || found_key == key) return laddered;
  if (auto plain = find(key)) {
    found_key = key;
    return plain;
  }
  return laddered;
}

Result<std::shared_ptr<const ConditionedCreative>> RenditionLibrary::find(const std::string& key) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::unique_lock lock(mutex_);
    if (auto it = loaded_.find(key); it != loaded_.end()) {
      Loaded& loaded = it->second;
      std::error_code ec;
      if (now - loaded.checked < kRecheck || std::filesystem::exists(dir_ / key / "master.m3u8", ec)) {
        loaded.checked = now;
        const bool record = now - loaded.used >= kUseResolution;
        if (record) loaded.used = now;
        auto creative = loaded.creative;
        lock.unlock();
        if (record) record_use(key);
        return creative;
      }
      loaded_.erase(it);  // evicted: it must be conditioned again
    }
    if (auto it = absent_.find(key); it != absent_.end() && now - it->second.checked < kAbsentRecheck) {
      return tl::unexpected(it->second.error);
    }
  }
  auto creative = load(key);
  if (!creative) {
    if (creative.error().code == Errc::kNotConditioned) {
      std::lock_guard lock(mutex_);
      if (absent_.size() >= kMaxAbsent) absent_.clear();
      absent_.insert_or_assign(key, Absent{creative.error(), now});
    }
    return tl::unexpected(creative.error());
  }
  auto shared = std::make_shared<const ConditionedCreative>(std::move(*creative));
  record_use(key);
  // A creative still gaining rungs is read again next time, so new rungs are seen.
  std::error_code ec;
  if (std::filesystem::exists(dir_ / key / kPartialMarker, ec)) return std::shared_ptr<const ConditionedCreative>(shared);
  std::lock_guard lock(mutex_);
  return loaded_.insert_or_assign(key, Loaded{std::move(shared), now, now}).first->second.creative;
}

void RenditionLibrary::record_use(const std::string& key) const {
  const auto marker = dir_ / key / kUsedMarker;
  std::error_code ec;
  if (!std::filesystem::exists(marker, ec)) std::ofstream(marker).flush();
  std::filesystem::last_write_time(marker, std::filesystem::file_time_type::clock::now(), ec);
}

Result<ConditionedCreative> RenditionLibrary::load(const std::string& key) const {
  if (key.empty() || key.front() == '.' || key.find('/') != std::string::npos) {
    return fail(Errc::kBadRendition, "creative key '" + key + "' is not a safe path component");
  }
  const auto creative_dir = dir_ / key;
  auto master_text = read_small_file(creative_dir / "master.m3u8");
  if (!master_text) return tl::unexpected(master_text.error());
  auto master = manifests::hls::parse_master(std::move(*master_text));
  if (!master) return fail(Errc::kBadRendition, key + "/master.m3u8: " + master.error().detail);

  ConditionedCreative creative{key, {}};
  // I-frame playlists, by the directory they share with their rung's media playlist.
  std::map<std::string, std::string, std::less<>> iframe_playlists;
  for (const auto& entry : master->entries) {
    if (entry.tag.name != manifests::hls::kIFrameStreamInf) continue;
    auto attributes = manifests::hls::AttributeList::parse(entry.tag.value.value_or(""));
    const auto uri = attributes ? attributes->text("URI") : std::nullopt;
    if (!uri || !is_safe_relative(*uri)) return fail(Errc::kBadRendition, key + ": bad EXT-X-I-FRAME-STREAM-INF");
    iframe_playlists.emplace(directory_of(*uri), *uri);
  }
  for (const auto& entry : master->entries) {
    // Variants (EXT-X-STREAM-INF and its URI line) and the audio-only rendition
    // (EXT-X-MEDIA TYPE=AUDIO with URI=).
    const bool variant = !entry.uri.empty();
    if (!variant && entry.tag.name != manifests::hls::kMedia) continue;
    auto attributes = manifests::hls::AttributeList::parse(entry.tag.value.value_or(""));
    if (!attributes) return fail(Errc::kBadRendition, key + ": " + attributes.error().detail);
    const auto media_uri = attributes->text("URI");
    if (!variant && (attributes->text("TYPE").value_or("") != "AUDIO" || !media_uri)) continue;
    const std::string uri = variant ? std::string(entry.uri) : *media_uri;
    if (!is_safe_relative(uri)) return fail(Errc::kBadRendition, key + ": unsafe rendition URI " + uri);
    auto media_text = read_small_file(creative_dir / uri);
    if (!media_text) return tl::unexpected(media_text.error());
    auto media = manifests::hls::parse_media(std::move(*media_text));
    if (!media) return fail(Errc::kBadRendition, key + "/" + uri + ": " + media.error().detail);

    Rendition rendition;
    rendition.audio_only = !variant;
    rendition.bandwidth = static_cast<int>(attributes->integer("BANDWIDTH").value_or(0));
    if (auto resolution = attributes->resolution()) {
      rendition.width = resolution->width;
      rendition.height = resolution->height;
    }
    rendition.codecs = attributes->text("CODECS").value_or("");
    const std::string prefix = base_url_ + key + "/" + directory_of(uri);
    auto absolute_uri = [&](std::string_view uri) { return absolute_in(uri, prefix, key); };
    if (const auto* map = media->segments.empty() ? nullptr : media->segments.front().find(manifests::hls::kMap)) {
      auto map_attributes = manifests::hls::AttributeList::parse(map->value.value_or(""));
      auto map_uri = map_attributes ? map_attributes->text("URI") : std::nullopt;
      if (!map_uri) return fail(Errc::kBadRendition, key + "/" + uri + ": EXT-X-MAP without a URI");
      auto init = absolute_uri(*map_uri);
      if (!init) return tl::unexpected(init.error());
      rendition.init_uri = std::move(*init);
    }
    for (const auto& segment : media->segments) {
      auto file = absolute_uri(segment.uri);
      if (!file) return tl::unexpected(file.error());
      rendition.segments.push_back({std::move(*file), segment.duration});
      rendition.duration += segment.duration;
    }
    if (rendition.segments.empty()) return fail(Errc::kBadRendition, key + "/" + uri + " has no segments");
    if (const auto iframes = iframe_playlists.find(directory_of(uri)); variant && iframes != iframe_playlists.end()) {
      auto entries = read_iframes(creative_dir, key, iframes->second, prefix);
      if (!entries) return tl::unexpected(entries.error());
      rendition.iframes = std::move(*entries);
    }
    creative.renditions.push_back(std::move(rendition));
  }
  if (creative.renditions.empty()) return fail(Errc::kBadRendition, key + "/master.m3u8 lists no renditions");
  return creative;
}

}  // namespace adcache
