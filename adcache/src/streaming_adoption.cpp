#include "adcache/streaming_adoption.hpp"

#include <charconv>
#include <cmath>

#include "manifests/hls/attributes.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/uris.hpp"
#include "manifests/hls/writer.hpp"

namespace adcache {
namespace {

namespace hls = manifests::hls;

struct Variant {
  std::string url;
  int width = 0;
  int height = 0;
  std::int64_t bandwidth = 0;
  std::string codecs;
  double frame_rate = 0;
};

Result<std::vector<Variant>> variants_of(const std::string& master_text, const std::string& master_url) {
  auto master = hls::parse_master(master_text);
  if (!master) return fail(Errc::kUnusable, "its HLS master is unreadable: " + master.error().detail);
  std::vector<Variant> out;
  for (const auto& entry : master->entries) {
    if (entry.uri.empty()) continue;
    auto attributes = hls::AttributeList::parse(entry.tag.value.value_or(""));
    if (!attributes) continue;
    auto url = hls::resolve_uri(master_url, entry.uri);
    const auto resolution = attributes->resolution();
    if (!url || !resolution) continue;
    Variant v{*url, resolution->width, resolution->height, attributes->integer("BANDWIDTH").value_or(0),
              attributes->text("CODECS").value_or(""), 0};
    if (auto rate = attributes->text("FRAME-RATE")) std::from_chars(rate->data(), rate->data() + rate->size(), v.frame_rate);
    out.push_back(std::move(v));
  }
  return out;
}

// The media playlist as we would publish it, or why it does not fit.
Result<std::string> fitting_media(const LadderSpec& ladder, const Variant& variant, std::string text) {
  auto media = hls::parse_media(std::move(text));
  if (!media) return fail(Errc::kUnusable, variant.url + " is unreadable: " + media.error().detail);
  if (!media->endlist) return fail(Errc::kUnusable, variant.url + " is not complete (no EXT-X-ENDLIST)");
  if (media->segments.empty()) return fail(Errc::kUnusable, variant.url + " has no segments");
  const manifests::Ticks longest{static_cast<std::int64_t>(ladder.segment_seconds) * 90000 + 45000};
  for (const auto& segment : media->segments) {
    if (segment.find(hls::kMap)) return fail(Errc::kUnusable, variant.url + " is fMP4; only MPEG-TS rendition sets are used as they are");
    if (const auto* key = segment.find(hls::kKey); key && key->value && key->value->find("METHOD=NONE") == std::string_view::npos) {
      return fail(Errc::kUnusable, variant.url + " is encrypted");
    }
    if (segment.duration > longest) {
      return fail(Errc::kUnusable, variant.url + " has segments longer than the content's " + std::to_string(ladder.segment_seconds) + " s");
    }
  }
  if (auto absolute = hls::make_uris_absolute(*media, variant.url); !absolute) {
    return fail(Errc::kUnusable, variant.url + ": " + absolute.error().detail);
  }
  return hls::write(*media);
}

}  // namespace

Result<Adoption> adopt_streaming(const LadderSpec& ladder, const std::string& master_url, const FetchText& fetch) {
  if (ladder.fmp4) return fail(Errc::kUnusable, "the content is fMP4; only MPEG-TS rendition sets are used as they are");
  auto master_text = fetch(master_url);
  if (!master_text) return tl::unexpected(master_text.error());
  auto variants = variants_of(*master_text, master_url);
  if (!variants) return tl::unexpected(variants.error());
  Adoption adoption;
  std::string master = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n";
  for (const auto& rung : ladder.rungs) {
    const Variant* match = nullptr;
    for (const auto& v : *variants) {
      if (v.width == rung.width && v.height == rung.height) match = &v;
    }
    if (!match) return fail(Errc::kUnusable, "it has no " + std::to_string(rung.width) + "x" + std::to_string(rung.height) + " variant");
    if (match->frame_rate > 0 && std::abs(match->frame_rate - rung.frame_rate) > 0.01) {
      return fail(Errc::kUnusable, "its " + rung.name + " variant runs at a different frame rate than the content");
    }
    if (!match->codecs.empty() && (match->codecs.find("avc1") == std::string::npos || match->codecs.find("mp4a") == std::string::npos)) {
      return fail(Errc::kUnusable, "its " + rung.name + " variant is not H.264 with AAC (" + match->codecs + ")");
    }
    auto media_text = fetch(match->url);
    if (!media_text) return tl::unexpected(media_text.error());
    auto media = fitting_media(ladder, *match, std::move(*media_text));
    if (!media) return tl::unexpected(media.error());
    adoption.files.emplace_back(rung.name + "/index.m3u8", std::move(*media));
    adoption.rung_names.push_back(rung.name);
    master += "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(match->bandwidth > 0 ? match->bandwidth : rung.bandwidth) +
              ",RESOLUTION=" + std::to_string(rung.width) + "x" + std::to_string(rung.height) +
              (match->codecs.empty() ? std::string() : ",CODECS=\"" + match->codecs + "\"") + "\n" + rung.name + "/index.m3u8\n";
  }
  adoption.files.emplace_back("master.m3u8", std::move(master));
  return adoption;
}

}  // namespace adcache
