// What fills one break for one media playlist: each ad's rendition closest to the
// variant (or its audio alone, for an alternate audio rendition), through our segment
// redirect, then slate to the break's end. Subtitle renditions get blank WebVTT segments
// of the same durations, so every rendition keeps the same timeline.
#include <charconv>
#include <functional>

#include "adcache/creative_key.hpp"
#include "adcache/ladder.hpp"
#include "ssai/log.hpp"
#include "pipeline/break_filler.hpp"
#include "vast/macros.hpp"

namespace ssai {
using manifests::Ticks;

namespace {

// A pin lists the rendition used for each ad then the slate's, e.g. "1.-.0.s2" (ad 1
// had vanished): a live break keeps the renditions it started with while rungs that
// finish conditioning mid-break are published.
constexpr char kVanished = '-';

class PinReader {
 public:
  explicit PinReader(const std::string* pin) : rest_(pin ? std::string_view(*pin) : std::string_view{}) {}

  /// The next ad's pinned rendition: nullopt when not pinned (or the pin is unreadable).
  std::optional<std::size_t> next() {
    const auto dot = rest_.find('.');
    const auto word = rest_.substr(0, dot);
    rest_ = dot == std::string_view::npos ? std::string_view{} : rest_.substr(dot + 1);
    return number(word);
  }

  std::optional<std::size_t> slate() const {
    return rest_.starts_with('s') ? number(rest_.substr(1)) : std::nullopt;
  }

 private:
  static std::optional<std::size_t> number(std::string_view word) {
    std::size_t value = 0;
    auto [ptr, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
    if (word.empty() || ec != std::errc{} || ptr != word.data() + word.size()) return std::nullopt;
    return value;
  }

  std::string_view rest_;
};

// Null when the creative has nothing for this kind of playlist (its audio alone, for a
// creative conditioned before those were made).
const adcache::Rendition* rendition_for(const adcache::ConditionedCreative& creative, const adcache::VariantTraits& variant,
                                        MediaKind kind, std::optional<std::size_t> pinned) {
  if (kind == MediaKind::kAudio) return adcache::audio_rendition(creative);
  if (kind == MediaKind::kSubtitles) {
    // Blank text timed like the audio, which the subtitles' players also hear.
    const auto* audio = adcache::audio_rendition(creative);
    return audio ? audio : &adcache::pick_rendition(creative, variant);
  }
  if (pinned && *pinned < creative.renditions.size()) return &creative.renditions[*pinned];
  return &adcache::pick_rendition(creative, variant);
}

// An I-frame playlist's run for one rendition lasting `length` (the slate loops): its
// I-frames straight on the CDN (trick play fires no beacons), or, for a rendition made
// without them, one gap that keeps the time.
std::vector<manifests::hls::InsertedSegment> iframe_run(const adcache::Rendition& rendition, Ticks length, bool loop,
                                                        const std::function<std::string(const std::string&)>& on_cdn) {
  std::vector<manifests::hls::InsertedSegment> run;
  const std::string map = rendition.init_uri.empty() ? std::string() : on_cdn(rendition.init_uri);
  const auto& frames = rendition.iframes;
  Ticks frames_time{};
  for (const auto& frame : frames) frames_time += frame.duration;
  if (frames_time.count() <= 0) {
    run.push_back({on_cdn(rendition.segments.front().uri), length, true, map, "", true});
    return run;
  }
  Ticks left = length;
  for (std::size_t n = 0; left.count() > 0 && (loop || n < frames.size()); ++n) {
    const auto& frame = frames[n % frames.size()];
    const Ticks duration = std::min(frame.duration, left);
    if (duration.count() <= 0) continue;
    // A new encoding at the run's start, and each time the slate starts over.
    run.push_back({on_cdn(frame.uri), duration, run.empty() || n % frames.size() == 0, map, frame.byte_range});
    left -= duration;
  }
  // Keyframe spacing rounds: the last I-frame stands for what is left of the ad, so the
  // I-frame timeline stays the variants'.
  if (!run.empty()) run.back().duration += left;
  return run;
}

std::size_t index_of(const adcache::ConditionedCreative& creative, const adcache::Rendition& rendition) {
  return static_cast<std::size_t>(&rendition - creative.renditions.data());
}

}  // namespace

std::string ad_segment_url(const std::string& base, const std::string& session_id, const std::string& avail_id,
                           std::size_t ad, std::size_t rendition, std::size_t n, bool fmp4, const std::string& creative_key) {
  return base + "v1/segment/" + session_id + "/" + avail_id + "/" + std::to_string(ad) + "/" + std::to_string(rendition) + "/" +
         std::to_string(n) + (fmp4 ? ".m4s?k=" : ".ts?k=") + vast::percent_encode(creative_key);
}

std::string BreakFiller::on_ad_cdn(const std::string& uri, const PlaybackConfiguration* config) const {
  const auto& base = ad_base_;
  if (!config || config->ad_segment_prefix.empty() || !uri.starts_with(base)) return uri;
  return config->ad_segment_prefix + uri.substr(base.size());
}

std::string BreakFiller::ad_file_url(const std::string& base, const std::string& uri, const PlaybackConfiguration& config) const {
  const std::string moved = on_ad_cdn(uri, &config);
  return moved == uri && uri.starts_with('/') ? base.substr(0, base.size() - 1) + uri : moved;
}

BreakFiller::FilledBreak BreakFiller::fill_break(const std::string& base, const Session& session,
                                         const PlaybackConfiguration& config, const manifests::Avail& avail,
                                         const AvailDecision& decision, const adcache::VariantTraits& variant,
                                         const FillTarget& target) {
  const MediaKind kind = target.kind;
  const std::string blank_text = base + std::string(kBlankWebVttPath.substr(1));
  // A segment's URL on the configuration's ad CDN; renditions we serve ourselves have
  // paths, not URLs: the base comes from this request.
  auto on_cdn = [&](const std::string& uri) { return ad_file_url(base, uri, config); };
  FilledBreak out{{avail.first_segment, avail.end_segment, {}}, {}};
  auto& segments = out.fill.segments;
  PinReader pins(target.pin);
  Ticks used{};
  for (std::size_t ad = 0; ad < decision.ads.size(); ++ad) {
    const auto pinned = pins.next();
    auto creative = library_.find(decision.ads[ad].creative_key);
    if (!creative) {
      log::warn("stitch", "session " + session.id + ": creative vanished: " + creative.error().detail);
      out.pin += std::string(1, kVanished) + ".";
      continue;
    }
    const auto* found = rendition_for(**creative, variant, kind, pinned);
    if (!found) {
      log::warn("stitch", "session " + session.id + ": creative " + decision.ads[ad].creative_key +
                              " has no audio-only rendition (conditioned before they were made): slate plays under its video");
      out.pin += std::string(1, kVanished) + ".";
      continue;
    }
    const auto& rendition = *found;
    const auto rendition_index = index_of(**creative, rendition);
    out.pin += std::to_string(rendition_index) + ".";
    const std::string map = rendition.init_uri.empty() || kind == MediaKind::kSubtitles ? std::string() : on_cdn(rendition.init_uri);
    // Every rendition gives the ad the time the decision gave it (the creative's shortest
    // rendition's, then): AAC frames make the audio alone run a few ms past the video,
    // which would add up over a pod, and rungs published since must not change it.
    // Players trust EXTINF and the discontinuity after it.
    const Ticks allotted = decision.ads[ad].duration.count() > 0 ? decision.ads[ad].duration : (*creative)->duration();
    if (kind == MediaKind::kIFrames) {
      auto run = iframe_run(rendition, allotted, false, on_cdn);
      segments.insert(segments.end(), std::make_move_iterator(run.begin()), std::make_move_iterator(run.end()));
      used += allotted;
      continue;
    }
    Ticks left = allotted;
    for (std::size_t n = 0; n < rendition.segments.size() && left.count() > 0; ++n) {
      const Ticks duration = std::min(rendition.segments[n].duration, left);
      const std::string uri = kind == MediaKind::kSubtitles ? blank_text
                              : target.lab                 ? on_cdn(rendition.segments[n].uri)
                                                           : ad_segment_url(base, session.id, decision.avail_id, ad, rendition_index, n,
                                                                            !rendition.init_uri.empty(), decision.ads[ad].creative_key);
      segments.push_back({uri, duration, n == 0, map});
      left -= duration;
    }
    used += allotted - left;
  }
  out.pin += "s";
  // Slate covers the rest so that content resumes exactly where the break ends.
  Ticks remaining = decision.capacity - used;
  if (remaining.count() <= 0 || config.slate_url.empty()) return out;
  std::string slate_key;
  auto slate = library_.find_for_ladder(adcache::key_from_url(config.slate_url), session.ladder, slate_key);
  if (!slate) {
    log::warn("stitch", "no slate to fill " + manifests::format_seconds(remaining) + " s: " + slate.error().detail);
    // Conditioned like any creative, to this content's ladder, for the breaks to come.
    if (conditioning_ && !target.lab && !session.ladder.empty() && slate.error().code == adcache::Errc::kNotConditioned) {
      conditioning_->submit({slate_key, config.slate_url, config.ladder_source(session.master_url), true, ""});
    }
    return out;
  }
  const auto* found = rendition_for(**slate, variant, kind, pins.slate());
  if (!found) {
    log::warn("stitch", "slate " + slate_key + " has no audio-only rendition: " + manifests::format_seconds(remaining) + " s left unfilled");
    return out;
  }
  const auto& rendition = *found;
  out.pin += std::to_string(index_of(**slate, rendition));
  // A slate that lasts nothing (EXTINF:0 everywhere) could never fill the gap.
  if (rendition.duration.count() <= 0) {
    log::warn("stitch", "slate " + slate_key + " has no duration: " + manifests::format_seconds(remaining) + " s left unfilled");
    return out;
  }
  if (kind == MediaKind::kIFrames) {
    auto run = iframe_run(rendition, remaining, true, on_cdn);
    segments.insert(segments.end(), std::make_move_iterator(run.begin()), std::make_move_iterator(run.end()));
    return out;
  }
  for (std::size_t n = 0; remaining.count() > 0; n = (n + 1) % rendition.segments.size()) {
    const auto& segment = rendition.segments[n];
    // A partial last slate segment: players trust EXTINF and the discontinuity after it.
    const Ticks duration = std::min(segment.duration, remaining);
    if (duration.count() <= 0) continue;  // a zero-length segment in the slate: skip it
    const bool text = kind == MediaKind::kSubtitles;
    segments.push_back({text ? blank_text : on_cdn(segment.uri), duration, n == 0,
                        text || rendition.init_uri.empty() ? std::string() : on_cdn(rendition.init_uri)});
    remaining -= duration;
  }
  return out;
}

}  // namespace ssai
