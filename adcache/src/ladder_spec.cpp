#include "adcache/ladder_spec.hpp"

#include <algorithm>
#include <charconv>

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

}  // namespace

Result<LadderSpec> ladder_from_playlists(std::string master_text, std::string media_text) {
  auto master = manifests::hls::parse_master(std::move(master_text));
  if (!master) return fail(Errc::kBadRendition, "content master playlist: " + master.error().detail);
  auto media = manifests::hls::parse_media(std::move(media_text));
  if (!media) return fail(Errc::kBadRendition, "content media playlist: " + media.error().detail);
  LadderSpec spec;
  spec.segment_seconds = static_cast<int>(std::max<std::int64_t>(1, media->target_duration));
  for (const auto& segment : media->segments) spec.fmp4 |= segment.find(manifests::hls::kMap) != nullptr;
  for (const auto& entry : master->entries) {
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
    if (auto rate = attributes->text("FRAME-RATE")) {
      double fps = 0;
      auto [ptr, ec] = std::from_chars(rate->data(), rate->data() + rate->size(), fps);
      if (ec == std::errc{} && fps > 0 && fps <= 120) rung.frame_rate = fps;
    }
    if (std::none_of(spec.rungs.begin(), spec.rungs.end(), [&](const Rung& r) { return r.name == rung.name; })) {
      spec.rungs.push_back(std::move(rung));
    }
  }
  if (spec.rungs.empty()) return fail(Errc::kBadRendition, "the content master lists no video variants");
  std::sort(spec.rungs.begin(), spec.rungs.end(), [](const Rung& a, const Rung& b) { return a.bandwidth < b.bandwidth; });
  return spec;
}

}  // namespace adcache
