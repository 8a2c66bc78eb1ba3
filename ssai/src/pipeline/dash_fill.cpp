// What fills one DASH break: a period per ad, with every video rendition of the creative
// (players switch within the period), its audio for each audio adaptation set of the
// content and blank subtitles for each text one, segments through our redirect (where
// beacons fire); then slate to the break's end. Creatives are conditioned for DASH
// content as fMP4 with the audio apart.
#include <functional>

#include "adcache/creative_key.hpp"
#include "adcache/ladder.hpp"
#include "manifests/dash/mpd.hpp"
#include "ssai/log.hpp"
#include "pipeline/break_filler.hpp"
#include "vast/macros.hpp"

namespace ssai {
namespace dash = manifests::dash;
using manifests::Ticks;

namespace {

// "avc1.4d401e,mp4a.40.2": the video's and the audio's part.
std::string codec_of(std::string_view codecs, bool audio) {
  std::size_t start = 0;
  while (start < codecs.size()) {
    const auto end = std::min(codecs.find(',', start), codecs.size());
    const auto one = codecs.substr(start, end - start);
    const bool is_audio = one.starts_with("mp4a") || one.starts_with("ac-3") || one.starts_with("ec-3") || one.starts_with("opus");
    if (is_audio == audio) return std::string(one);
    start = end + 1;
  }
  return audio ? "mp4a.40.2" : "";
}

// The segments of a rendition that fit `allotted`, the last one shortened to fit; the
// slate loops (`loop`), an ad ends with its last segment.
std::vector<dash::AdSegment> fitted(const adcache::Rendition& rendition, Ticks allotted, bool loop,
                                    const std::function<std::string(std::size_t)>& uri_of) {
  std::vector<dash::AdSegment> out;
  // A slate of zero-length segments never fills; a rendition without segments has nothing.
  if (rendition.duration.count() <= 0 || rendition.segments.empty()) return out;
  Ticks left = allotted;
  for (std::size_t n = 0; left.count() > 0 && (loop || n < rendition.segments.size()); ++n) {
    const Ticks duration = std::min(rendition.segments[n % rendition.segments.size()].duration, left);
    if (duration.count() > 0) out.push_back({uri_of(n), duration});
    left -= duration;
  }
  return out;
}

}  // namespace

std::vector<dash::InsertedPeriod> BreakFiller::dash_break_periods(const std::string& base, const Session& session,
                                                              const PlaybackConfiguration& config, const AvailDecision& decision,
                                                              const pugi::xml_node& content_period, bool lab) {
  // The content's representations: each gets the creative's closest rendition under the
  // same id, which is how players that follow representations across periods (video.js,
  // by id) keep their track through the break.
  std::vector<pugi::xml_node> video_reps;
  std::vector<pugi::xml_node> audio_sets;
  std::vector<pugi::xml_node> text_sets;
  for (const auto& set : dash::children(content_period, "AdaptationSet")) {
    const auto kind = dash::content_kind(set);
    if (kind == dash::ContentKind::kAudio) audio_sets.push_back(set);
    if (kind == dash::ContentKind::kText) text_sets.push_back(set);
    if (kind != dash::ContentKind::kVideo) continue;
    for (const auto& rep : dash::children(set, "Representation")) video_reps.push_back(rep);
  }
  // One period of `allotted` from a creative: `uri_of(rendition, n)` names its segments.
  auto period_of = [&](const std::string& id, const adcache::ConditionedCreative& creative, Ticks allotted, bool loop,
                       const std::function<std::string(std::size_t, std::size_t)>& uri_of) -> std::optional<dash::InsertedPeriod> {
    dash::InsertedPeriod period{id, allotted, {}};
    dash::AdAdaptationSet video{"video", "video/mp4", "", {}};
    for (const auto& rep : video_reps) {
      const adcache::VariantTraits traits{static_cast<int>(dash::uint_attribute(rep, "bandwidth").value_or(0)),
                                          static_cast<int>(dash::uint_attribute(rep, "width").value_or(0)),
                                          static_cast<int>(dash::uint_attribute(rep, "height").value_or(0))};
      const auto& rendition = adcache::pick_rendition(creative, traits);
      if (rendition.init_uri.empty()) {
        log::warn("stitch", "creative " + creative.key + " is not fMP4: DASH cannot play it");
        return std::nullopt;
      }
      const auto r = static_cast<std::size_t>(&rendition - creative.renditions.data());
      video.representations.push_back({rep.attribute("id").value(), rendition.bandwidth, rendition.width, rendition.height,
                                       codec_of(rendition.codecs, false), 0, ad_file_url(base, rendition.init_uri, config),
                                       fitted(rendition, allotted, loop, [&](std::size_t n) { return uri_of(r, n); })});
    }
    if (video.representations.empty()) return std::nullopt;
    period.adaptation_sets.push_back(std::move(video));
    const adcache::Rendition* audio = adcache::audio_rendition(creative);
    if (!audio_sets.empty() && (!audio || audio->init_uri.empty())) {
      log::warn("stitch", "creative " + creative.key + " has no fMP4 audio rendition: its period would be silent, skipped");
      return std::nullopt;
    }
    const auto audio_index = audio ? static_cast<std::size_t>(audio - creative.renditions.data()) : 0;
    for (const auto& set : audio_sets) {
      const auto rep = dash::child(set, "Representation");
      dash::AdAdaptationSet sound{"audio", "audio/mp4", set.attribute("lang").value(), {}};
      sound.representations.push_back({rep.attribute("id").value(), audio->bandwidth > 0 ? audio->bandwidth : 96000, 0, 0,
                                       codec_of(audio->codecs, true),
                                       static_cast<int>(dash::uint_attribute(rep, "audioSamplingRate").value_or(0)),
                                       ad_file_url(base, audio->init_uri, config),
                                       fitted(*audio, allotted, loop, [&](std::size_t n) { return uri_of(audio_index, n); })});
      period.adaptation_sets.push_back(std::move(sound));
    }
    // Subtitles: a blank WebVTT file for each text track, same language and id, so a
    // player showing subtitles keeps that track through the ad instead of losing it.
    for (const auto& set : text_sets) {
      dash::AdAdaptationSet text{"text", "text/vtt", set.attribute("lang").value(), {}};
      dash::AdRepresentation blank{dash::child(set, "Representation").attribute("id").value(), 256, 0, 0, "", 0, "", {}, {}};
      blank.single_file = base + std::string(kBlankWebVttPath.substr(1));
      text.representations.push_back(std::move(blank));
      period.adaptation_sets.push_back(std::move(text));
    }
    return period;
  };

  std::vector<dash::InsertedPeriod> periods;
  Ticks used{};
  for (std::size_t ad = 0; ad < decision.ads.size(); ++ad) {
    const auto& placed = decision.ads[ad];
    auto creative = library_.find(placed.creative_key);
    if (!creative) {
      log::warn("stitch", "session " + session.id + ": creative vanished: " + creative.error().detail);
      continue;
    }
    const Ticks allotted = placed.duration.count() > 0 ? placed.duration : (*creative)->duration();
    // Through our redirect: where impressions and quartiles fire.
    auto period = period_of(decision.avail_id + "-ad" + std::to_string(ad), **creative, allotted, false,
                            [&](std::size_t r, std::size_t n) {
                              if (lab) return ad_file_url(base, (*creative)->renditions[r].segments[n].uri, config);
                              return ad_segment_url(base, session.id, decision.avail_id, ad, r, n, true, placed.creative_key);
                            });
    if (!period) continue;
    periods.push_back(std::move(*period));
    used += allotted;
  }
  const Ticks remaining = decision.capacity - used;
  if (decision.inserted || remaining.count() <= 0 || config.slate_url.empty() || periods.empty()) return periods;
  std::string slate_key;
  auto slate = library_.find_for_ladder(adcache::dash_key(adcache::key_from_url(config.slate_url)), session.ladder, slate_key);
  if (!slate) {
    log::warn("stitch", "no DASH slate to fill " + manifests::format_seconds(remaining) + " s: " + slate.error().detail);
    if (conditioning_ && !session.ladder.empty() && slate.error().code == adcache::Errc::kNotConditioned) {
      conditioning_->submit({slate_key, config.slate_url, config.ladder_source(session.master_url), true, ""});
    }
    return periods;
  }
  auto period = period_of(decision.avail_id + "-slate", **slate, remaining, true, [&](std::size_t r, std::size_t n) {
    const auto& segments = (*slate)->renditions[r].segments;
    return ad_file_url(base, segments[n % segments.size()].uri, config);
  });
  if (period) periods.push_back(std::move(*period));
  return periods;
}

}  // namespace ssai
