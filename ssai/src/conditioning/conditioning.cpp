#include "ssai/conditioning.hpp"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "manifests/hls/parser.hpp"
#include "manifests/hls/uris.hpp"
#include "adcache/library_eviction.hpp"
#include "adcache/streaming_adoption.hpp"
#include "common/json_io.hpp"
#include "manifests/time.hpp"
#include "ssai/fetcher.hpp"
#include "ssai/log.hpp"
#include "ssai/transcode_profile.hpp"

namespace ssai {
namespace {

namespace fs = std::filesystem;
constexpr std::size_t kMaxCreativeBytes = 512u << 20;
constexpr std::size_t kMaxPlaylistBytes = 2u << 20;

bool is_url(const std::string& s) { return s.starts_with("http://") || s.starts_with("https://"); }

// A URL fetched under `policy`; a local file only where the policy reads local files (the
// CLI): a worker never reads a path an ad server named.
adcache::Result<std::string> read_source(const std::string& source, std::size_t max_bytes, std::chrono::seconds timeout,
                                         const OutboundPolicy& policy) {
  if (is_url(source) || !policy.reads_local_files()) {
    FetchOptions options;
    options.max_bytes = max_bytes;
    options.timeout = timeout;
    auto response = Fetcher::get_blocking(source, options, policy);
    if (!response) return adcache::fail(adcache::Errc::kUnusable, "cannot download " + source + ": " + response.error().detail);
    if (response->status != 200) {
      return adcache::fail(adcache::Errc::kUnusable, "cannot download " + source + ": HTTP " + std::to_string(response->status));
    }
    return std::move(response->body);
  }
  std::ifstream in(source, std::ios::binary);
  if (!in) return adcache::fail(adcache::Errc::kUnusable, "cannot read " + source);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A temporary file of this process, removed when it goes out of scope.
class TempFile {
 public:
  TempFile() {
    static std::atomic<unsigned> counter{0};
    path_ = fs::temp_directory_path() / ("ssai-download-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
  }
  ~TempFile() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// ffmpeg and ffprobe read local files only (adcache::local_input_options): a URL is
// downloaded under the policy first, into `file`. Returns the path to give them.
adcache::Result<fs::path> local_copy(const std::string& source, std::size_t max_bytes, std::chrono::seconds timeout,
                                     const OutboundPolicy& policy, const TempFile& file) {
  if (!is_url(source) && policy.reads_local_files()) return fs::path(source);
  auto body = read_source(source, max_bytes, timeout, policy);
  if (!body) return tl::unexpected(body.error());
  std::ofstream out(file.path(), std::ios::binary);
  out << *body;
  if (!out) return adcache::fail(adcache::Errc::kUnusable, "cannot write " + file.path().string());
  return file.path();
}

// The creative's own HLS rendition set, published as it is when it fits the ladder.
adcache::Result<adcache::ConditionReport> adopt(const adcache::ConditioningJob& job, const adcache::LadderSpec& ladder,
                                                const fs::path& library, const OutboundPolicy& policy) {
  const auto started = std::chrono::steady_clock::now();
  auto adoption = adcache::adopt_streaming(ladder, job.streaming_url, [&policy](const std::string& url) {
    return read_source(url, kMaxPlaylistBytes, std::chrono::seconds(10), policy);
  });
  if (!adoption) return tl::unexpected(adoption.error());
  if (auto published = adcache::publish_files(library, job.key, adoption->files); !published) {
    return tl::unexpected(published.error());
  }
  adcache::ConditionReport report;
  report.key = job.key;
  report.changes.push_back("none: the creative's own HLS renditions (" + job.streaming_url + ") fit the ladder and are used as they are");
  for (const auto& name : adoption->rung_names) report.rungs.push_back({name, 0, 0, 0, {}});
  for (auto& rung : report.rungs) {
    for (const auto& spec : ladder.rungs) {
      if (spec.name == rung.name) {
        rung.width = spec.width;
        rung.height = spec.height;
      }
    }
  }
  report.seconds_taken = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

// Beside the renditions, for ad-ops (GET /v1/creatives/{key}); replaced in one rename.
void write_report(const fs::path& creative_dir, const std::string& json) {
  const auto temp = creative_dir / (std::string(".tmp-") + kReportFile + "-" + std::to_string(getpid()));
  {
    std::ofstream out(temp, std::ios::binary);
    out << json;
  }
  std::error_code ec;
  fs::rename(temp, creative_dir / kReportFile, ec);
  if (ec) log::warn("adcache", "cannot write " + (creative_dir / kReportFile).string() + ": " + ec.message());
}

// Creatives used in the last hour are spared: sessions may still be in their breaks. (A
// slate unused for longer is conditioned again on demand, like any creative.)
constexpr std::chrono::hours kRecentUse{1};

void evict_to_cap(const fs::path& library, std::uintmax_t max_bytes, const std::string& just_published, adcache::JobStore& jobs) {
  auto report = adcache::evict_least_recently_used(
      library, max_bytes, kRecentUse,
      [&just_published](const std::string& key) { return key == just_published; },
      [&jobs](const std::string& key) {
        if (auto forgotten = jobs.forget(key); !forgotten) log::warn("adcache", "evicted " + key + " but cannot forget its job: " + forgotten.error().detail);
      });
  for (const auto& key : report.evicted) log::info("adcache", "evicted " + key + " (least recently used)");
  if (report.bytes_after > max_bytes) {
    log::warn("adcache", "renditions take " + std::to_string(report.bytes_after >> 20) + " MiB, over the cap of " +
                             std::to_string(max_bytes >> 20) + " MiB, and all of it was used within the hour");
  }
}

// What the ladder is read from: the MPD, or the master and its first variant's playlist.
struct ContentTexts {
  std::string master;
  std::string media;      ///< empty for DASH
  std::string media_url;  ///< where the media playlist came from (its segments are relative to it)
};

adcache::Result<ContentTexts> read_content(const std::string& master_source, const OutboundPolicy& policy) {
  auto master_text = read_source(master_source, kMaxPlaylistBytes, std::chrono::seconds(10), policy);
  if (!master_text) return tl::unexpected(master_text.error());
  if (master_text->find("<MPD") != std::string::npos) return ContentTexts{std::move(*master_text), {}, {}};
  auto master = manifests::hls::parse_master(*master_text);
  if (!master) return adcache::fail(adcache::Errc::kBadRendition, "content master: " + master.error().detail);
  std::string first_variant;
  for (const auto& entry : master->entries) {
    if (!entry.uri.empty()) {
      first_variant = std::string(entry.uri);
      break;
    }
  }
  const std::string base = is_url(master_source) ? master_source : "file://" + fs::absolute(master_source).string();
  auto variant = manifests::hls::resolve_uri(base, first_variant);
  if (!variant) return adcache::fail(adcache::Errc::kBadRendition, "the content master has no usable variant");
  auto media_text = read_source(variant->starts_with("file://") ? variant->substr(7) : *variant, kMaxPlaylistBytes,
                                std::chrono::seconds(10), policy);
  if (!media_text) return tl::unexpected(media_text.error());
  return ContentTexts{std::move(*master_text), std::move(*media_text), *variant};
}

// A transcode profile named by a job ("profile:" and its JSON) or given as a .json file
// (`ssai condition --ladder profile.json`); nullopt when `source` is content.
std::optional<adcache::Result<adcache::LadderSpec>> profile_ladder(const std::string& source, const OutboundPolicy& policy) {
  std::string json(profile_of_source(source));
  if (json.empty() && source.ends_with(".json") && !is_url(source)) {
    auto text = read_source(source, kMaxPlaylistBytes, std::chrono::seconds(10), policy);
    if (!text) return adcache::Result<adcache::LadderSpec>(tl::unexpected(text.error()));
    json = std::move(*text);
  }
  if (json.empty()) return std::nullopt;
  auto ladder = parse_transcode_profile(json, "transcode profile");
  if (!ladder) return adcache::Result<adcache::LadderSpec>(adcache::fail(adcache::Errc::kBadRendition, ladder.error().detail));
  return adcache::Result<adcache::LadderSpec>(std::move(*ladder));
}

adcache::Result<adcache::LadderSpec> ladder_of(const ContentTexts& texts) {
  if (texts.media_url.empty()) return adcache::ladder_from_mpd(texts.master);
  return adcache::ladder_from_playlists(texts.master, texts.media);
}

}  // namespace

adcache::Result<std::string> read_ladder_fingerprint(const std::string& master_source, const OutboundPolicy& policy) {
  if (auto profile = profile_ladder(master_source, policy)) {
    if (!*profile) return tl::unexpected(profile->error());
    return adcache::ladder_fingerprint(**profile);
  }
  auto texts = read_content(master_source, policy);
  if (!texts) return tl::unexpected(texts.error());
  auto ladder = ladder_of(*texts);
  if (!ladder) return tl::unexpected(ladder.error());
  return adcache::ladder_fingerprint(*ladder);
}

adcache::Result<adcache::LadderSpec> read_ladder(const std::string& master_source, const OutboundPolicy& policy) {
  if (auto profile = profile_ladder(master_source, policy)) return *profile;
  auto texts = read_content(master_source, policy);
  if (!texts) return tl::unexpected(texts.error());
  auto ladder = ladder_of(*texts);
  // DASH content: its MPD says everything, the audio format included.
  if (!ladder || texts->media_url.empty()) return ladder;
  // The content's audio format, from its first segment (its init segment for fMP4).
  const std::string* variant = &texts->media_url;
  auto media = manifests::hls::parse_media(std::move(texts->media));
  if (media && !media->segments.empty()) {
    std::string sample = std::string(media->segments.front().uri);
    if (const auto* map = media->segments.front().find(manifests::hls::kMap); map && map->value) {
      const std::string_view value = *map->value;
      const auto open = value.find("URI=\"");
      if (open != std::string_view::npos) sample = std::string(value.substr(open + 5, value.find('"', open + 5) - open - 5));
    }
    if (auto resolved = manifests::hls::resolve_uri(*variant, sample)) {
      const std::string target = resolved->starts_with("file://") ? resolved->substr(7) : *resolved;
      const TempFile download;
      auto local = local_copy(target, kMaxCreativeBytes, std::chrono::seconds(30), policy, download);
      auto probed = local ? adcache::probe(*local, std::chrono::seconds(10)) : adcache::Result<adcache::ProbeResult>(tl::unexpected(local.error()));
      if (probed && probed->has_audio) {
        ladder->audio_sample_rate = probed->sample_rate;
        ladder->audio_channels = std::clamp(probed->channels, 1, 2);
      }
    }
  }
  return ladder;
}

adcache::Result<adcache::ConditionReport> condition_source(const std::string& media_source,
                                                           const adcache::ConditionOptions& options,
                                                           const OutboundPolicy& policy) {
  const TempFile download;
  auto local = local_copy(media_source, kMaxCreativeBytes, std::chrono::seconds(120), policy, download);
  if (!local) return tl::unexpected(local.error());
  return adcache::condition(*local, options);
}

adcache::ConditioningQueue::Work conditioning_work(const ServiceConfig& config, adcache::JobStore& jobs) {
  return [library = config.ad_renditions_dir, max_bytes = config.ad_renditions_max_bytes, policy = config.outbound,
          &jobs](const adcache::ConditioningJob& job) -> adcache::Result<adcache::ConditionReport> {
    log::info("adcache", "conditioning " + job.key + " from " + job.media_url);
    auto ladder = read_ladder(job.ladder_url, policy);
    if (!ladder) {
      log::warn("adcache", job.key + " failed: " + ladder.error().detail);
      return tl::unexpected(ladder.error());
    }
    if (!job.streaming_url.empty()) {
      auto adopted = adopt(job, *ladder, library, policy);
      if (adopted) {
        log::info("adcache", job.key + " ready: its own HLS renditions fit the ladder, used without a transcode");
        write_report(library / job.key, condition_report_json(*adopted, library / job.key));
        if (max_bytes > 0) evict_to_cap(library, max_bytes, job.key, jobs);
        return adopted;
      }
      log::info("adcache", job.key + ": its HLS renditions cannot be used as they are (" + adopted.error().detail +
                               (job.media_url.empty() ? ")" : "), transcoding " + job.media_url));
      if (job.media_url.empty()) return tl::unexpected(adopted.error());
    }
    adcache::ConditionOptions options;
    options.key = job.key;
    options.ladder = std::move(*ladder);
    if (job.slate) options.ladder.segment_seconds = 1;
    options.library_dir = library;
    auto report = condition_source(job.media_url, options, policy);
    if (report) {
      log::info("adcache", job.key + " ready in " + std::to_string(static_cast<int>(report->seconds_taken)) + " s");
      write_report(library / job.key, condition_report_json(*report, library / job.key));
      if (max_bytes > 0) evict_to_cap(library, max_bytes, job.key, jobs);
    } else {
      log::warn("adcache", job.key + " failed: " + report.error().detail);
    }
    return report;
  };
}

std::string condition_report_json(const adcache::ConditionReport& report, const fs::path& published) {
  JsonWriter w;
  w.begin_object();
  w.field("key", report.key);
  w.field("published", published.string());
  w.key("input");
  w.begin_object();
  w.field("duration_seconds", report.input.duration_seconds);
  w.field("video_codec", report.input.video_codec);
  w.field("width", report.input.width);
  w.field("height", report.input.height);
  w.field("frame_rate", report.input.frame_rate);
  w.field("has_audio", report.input.has_audio);
  w.field("sample_rate", report.input.sample_rate);
  w.field("channels", report.input.channels);
  w.end_object();
  if (report.loudness_before) w.field("loudness_before_lufs", *report.loudness_before);
  if (report.loudness_after) w.field("loudness_after_lufs", *report.loudness_after);
  w.key("changes");
  w.begin_array();
  for (const auto& c : report.changes) w.value(c);
  w.end_array();
  auto rendition = [&w](const adcache::RungReport& r) {
    w.begin_object();
    w.field("name", r.name);
    w.field("width", r.width);
    w.field("height", r.height);
    w.field("segments", r.segments);
    w.field("duration_seconds", manifests::format_seconds(r.duration));
    w.end_object();
  };
  w.key("rungs");
  w.begin_array();
  for (const auto& r : report.rungs) rendition(r);
  w.end_array();
  if (report.audio) {
    w.key("audio");
    rendition(*report.audio);
  }
  w.field("seconds_taken", report.seconds_taken);
  w.end_object();
  return w.take();
}

adcache::ConditioningQueue::Options conditioning_options(const ServiceConfig& config) {
  adcache::ConditioningQueue::Options options;
  options.workers = static_cast<std::size_t>(config.conditioning_workers);
  options.lease = config.conditioning_lease;
  return options;
}

}  // namespace ssai
