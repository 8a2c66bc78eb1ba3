#include "adcache/ladder_spec.hpp"

#include "manifests/stable_hash.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "manifests/dash/cues.hpp"
#include "manifests/dash/segments.hpp"
#include "manifests/hls/attributes.hpp"
#include "manifests/hls/parser.hpp"

namespace adcache {
namespace {

constexpr int kAudioAllowance = 128'000;  // what of a variant's BANDWIDTH is audio and muxing

// "avc1.PPCCLL": profile_idc and level_idc in hex (RFC 6381).
void read_avc(std::string_view codecs, Rung& rung) {
  const auto at = codecs.find("avc1.");
  if (at == std::string_view::npos || at + 11 > codecs.size()) return;
  unsigned profile = 0;
  unsigned level = 0;
  std::from_chars(codecs.data() + at + 5, codecs.data() + at + 7, profile, 16);
  std::from_chars(codecs.data() + at + 9, codecs.data() + at + 11, level, 16);
  rung.h264_profile = profile == 0x42 ? "baseline" : profile == 0x64 ? "high" : "main";
  if (level >= 10) rung.h264_level = std::to_string(level / 10) + "." + std::to_string(level % 10);
}

std::optional<double> parse_frame_rate(std::string_view text) {
  // "25", "29.97" or "30000/1001".
  const auto slash = text.find('/');
  double num = 0;
  double den = 1;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + std::min(slash, text.size()), num);
  if (ec != std::errc{}) return std::nullopt;
  if (slash != std::string_view::npos) {
    auto [p2, e2] = std::from_chars(text.data() + slash + 1, text.data() + text.size(), den);
    if (e2 != std::errc{} || den <= 0) return std::nullopt;
  }
  const double fps = num / den;
  return fps > 0 && fps <= 120 ? std::optional(fps) : std::nullopt;
}

void add_rung(LadderSpec& spec, Rung rung) {
  if (std::none_of(spec.rungs.begin(), spec.rungs.end(), [&](const Rung& r) { return r.name == rung.name; })) {
    spec.rungs.push_back(std::move(rung));
  }
}

// An attribute of the representation, else of its adaptation set.
std::string_view inherited(const pugi::xml_node& representation, const char* name) {
  if (auto own = representation.attribute(name)) return own.value();
  return representation.parent().attribute(name).value();
}

}  // namespace

std::string ladder_fingerprint(const LadderSpec& ladder) {
  std::string canonical = std::to_string(ladder.segment_seconds) + (ladder.fmp4 ? "|fmp4" : "|ts") +
                          (ladder.demuxed ? "|demuxed" : "|muxed") + (ladder.iframes ? "|iframes" : "");
  for (const auto& rung : ladder.rungs) {
    canonical += "|" + std::to_string(rung.width) + "x" + std::to_string(rung.height) + "@" +
                 std::to_string(rung.video_bitrate) + "/" + std::to_string(rung.bandwidth) + "," +
                 std::to_string(static_cast<int>(rung.frame_rate * 1000)) + "," + rung.codecs + "," + rung.h264_profile +
                 "," + rung.h264_level;
  }
  std::uint64_t hash = manifests::fnv1a_64(canonical);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[hash & 0xf];
    hash >>= 4;
  }
  return out;
}

Result<LadderSpec> ladder_from_playlists(std::string master_text, std::string media_text) {
  auto master = manifests::hls::parse_master(std::move(master_text));
  if (!master) return fail(Errc::kBadRendition, "content master playlist: " + master.error().detail);
  auto media = manifests::hls::parse_media(std::move(media_text));
  if (!media) return fail(Errc::kBadRendition, "content media playlist: " + media.error().detail);
  LadderSpec spec;
  spec.segment_seconds = static_cast<int>(std::max<std::int64_t>(1, media->target_duration));
  for (const auto& segment : media->segments) spec.fmp4 |= segment.find(manifests::hls::kMap) != nullptr;
  for (const auto& entry : master->entries) {
    spec.iframes |= entry.tag.name == manifests::hls::kIFrameStreamInf;
    if (entry.uri.empty()) continue;
    auto attributes = manifests::hls::AttributeList::parse(entry.tag.value.value_or(""));
    if (!attributes) continue;
    auto resolution = attributes->resolution();
    if (!resolution) continue;  // audio-only variants get no video rung
    Rung rung;
    rung.width = resolution->width & ~1;
    rung.height = resolution->height & ~1;
    rung.name = std::to_string(rung.height) + "p";
    rung.bandwidth = static_cast<int>(attributes->integer("AVERAGE-BANDWIDTH").value_or(attributes->integer("BANDWIDTH").value_or(0)));
    rung.video_bitrate = std::max(200'000, rung.bandwidth - kAudioAllowance);
    rung.codecs = attributes->text("CODECS").value_or("");
    read_avc(rung.codecs, rung);
    if (auto rate = attributes->text("FRAME-RATE")) rung.frame_rate = parse_frame_rate(*rate).value_or(rung.frame_rate);
    add_rung(spec, std::move(rung));
  }
  if (spec.rungs.empty()) return fail(Errc::kBadRendition, "the content master lists no video variants");
  std::sort(spec.rungs.begin(), spec.rungs.end(), [](const Rung& a, const Rung& b) { return a.bandwidth < b.bandwidth; });
  return spec;
}

Result<LadderSpec> ladder_from_mpd(std::string_view mpd_text) {
  namespace dash = manifests::dash;
  auto mpd = dash::Mpd::parse(mpd_text);
  if (!mpd) return fail(Errc::kBadRendition, "content MPD: " + mpd.error().detail);
  const auto periods = mpd->periods();
  if (periods.empty()) return fail(Errc::kBadRendition, "the content MPD has no Period");
  const auto& period = periods.front();
  LadderSpec spec;
  spec.fmp4 = true;
  spec.demuxed = true;
  const auto reference = dash::reference_representation(period.node);
  if (const auto info = dash::segment_info(reference, period.duration); info.timescale > 0) {
    const auto segments = dash::list_segments(info, period.duration, 1);
    if (!segments.empty()) {
      const auto seconds = dash::to_ticks(segments.front().duration, info.timescale).count() / 90000.0;
      spec.segment_seconds = std::max(1, static_cast<int>(seconds + 0.5));
    }
  }
  std::string audio_codecs;
  for (const auto& set : dash::children(period.node, "AdaptationSet")) {
    const auto kind = dash::content_kind(set);
    if (kind != dash::ContentKind::kVideo && kind != dash::ContentKind::kAudio) continue;  // text, images: no rungs
    for (const auto& representation : dash::children(set, "Representation")) {
      if (kind == dash::ContentKind::kAudio) {
        if (!audio_codecs.empty()) continue;  // the first audio representation speaks for all
        audio_codecs = inherited(representation, "codecs");
        if (auto rate = dash::uint_attribute(representation, "audioSamplingRate"); rate && *rate >= 8000 && *rate <= 96000) {
          spec.audio_sample_rate = static_cast<int>(*rate);
        }
        auto channels = dash::child(representation, "AudioChannelConfiguration");
        if (!channels) channels = dash::child(set, "AudioChannelConfiguration");
        if (auto value = dash::uint_attribute(channels, "value"); value && *value >= 1) {
          spec.audio_channels = static_cast<int>(std::min<std::uint64_t>(*value, 2));
        }
        if (auto bandwidth = dash::uint_attribute(representation, "bandwidth"); bandwidth && *bandwidth >= 32000) {
          spec.audio_bitrate = static_cast<int>(std::min<std::uint64_t>(*bandwidth, 320000));
        }
        continue;
      }
      const auto width = dash::uint_attribute(representation, "width");
      const auto height = dash::uint_attribute(representation, "height");
      if (!width || !height || *width > 8192 || *height > 8192) continue;
      Rung rung;
      rung.width = static_cast<int>(*width) & ~1;
      rung.height = static_cast<int>(*height) & ~1;
      rung.name = std::to_string(rung.height) + "p";
      rung.bandwidth = static_cast<int>(std::min<std::uint64_t>(dash::uint_attribute(representation, "bandwidth").value_or(0), 100'000'000));
      // DASH bandwidth is the video alone.
      rung.video_bitrate = std::max(200'000, rung.bandwidth);
      rung.codecs = inherited(representation, "codecs");
      read_avc(rung.codecs, rung);
      if (auto rate = parse_frame_rate(inherited(representation, "frameRate"))) rung.frame_rate = *rate;
      add_rung(spec, std::move(rung));
    }
  }
  if (spec.rungs.empty()) return fail(Errc::kBadRendition, "the content MPD has no video representations");
  std::sort(spec.rungs.begin(), spec.rungs.end(), [](const Rung& a, const Rung& b) { return a.bandwidth < b.bandwidth; });
  // The variants of the creative's HLS master name both codecs, as HLS requires.
  for (auto& rung : spec.rungs) {
    if (!audio_codecs.empty() && !rung.codecs.empty()) rung.codecs += "," + audio_codecs;
  }
  return spec;
}

}  // namespace adcache
