// A guided break's assets (HLS Interstitials): each ad of the decision, and the slate
// for what they leave of the break, as the VOD playlists the player's asset player
// reads: ads through our redirect, so their impressions and quartiles fire on playback
// evidence exactly as stitched ads do; slate straight on the CDN (it fires nothing).
#include <algorithm>

#include "adcache/creative_key.hpp"
#include "pipeline/break_filler.hpp"
#include "ssai/log.hpp"

namespace ssai {
using manifests::Ticks;

namespace {

BreakFiller::AssetRendition traits_of(const adcache::Rendition& rendition) {
  return {rendition.bandwidth, rendition.width, rendition.height, rendition.codecs, {}, {}};
}

}  // namespace

bool BreakFiller::slate_ready(const Session& session, const PlaybackConfiguration& config) {
  if (config.slate_url.empty()) return false;
  std::string slate_key;
  auto slate = library_.find_for_ladder(adcache::key_from_url(config.slate_url), session.ladder, slate_key);
  if (!slate) {
    if (conditioning_ && !session.ladder.empty() && slate.error().code == adcache::Errc::kNotConditioned) {
      conditioning_->submit({slate_key, config.slate_url, config.ladder_source(session.master_url), true, ""});
    }
    return false;
  }
  return (*slate)->duration().count() > 0;
}

bool BreakFiller::ad_ready(const AvailDecision& decision, std::size_t ad) {
  if (ad >= decision.ads.size()) return false;
  auto creative = library_.find(decision.ads[ad].creative_key);
  if (!creative) return false;
  const auto& renditions = (*creative)->renditions;
  return std::any_of(renditions.begin(), renditions.end(), [](const auto& r) { return !r.audio_only; });
}

Result<std::vector<BreakFiller::AssetRendition>> BreakFiller::ad_asset(const std::string& base, const Session& session,
                                                                       const PlaybackConfiguration& config,
                                                                       const AvailDecision& decision, std::size_t ad) {
  auto on_cdn = [&](const std::string& uri) { return ad_file_url(base, uri, config); };
  if (ad >= decision.ads.size()) return fail(Errc::kNotFound, "no ad " + std::to_string(ad) + " in this break");
  const auto& placed = decision.ads[ad];
  auto creative = library_.find(placed.creative_key);
  if (!creative) return fail(Errc::kNotFound, "creative " + placed.creative_key + ": " + creative.error().detail);
  // Every rendition gives the ad the time the decision gave it, as stitched breaks do.
  const Ticks allotted = placed.duration.count() > 0 ? placed.duration : (*creative)->duration();
  std::vector<AssetRendition> out;
  for (std::size_t r = 0; r < (*creative)->renditions.size(); ++r) {
    const auto& rendition = (*creative)->renditions[r];
    if (rendition.audio_only) continue;
    auto entry = traits_of(rendition);
    if (!rendition.init_uri.empty()) entry.map = on_cdn(rendition.init_uri);
    Ticks left = allotted;
    for (std::size_t n = 0; n < rendition.segments.size() && left.count() > 0; ++n) {
      const Ticks duration = std::min(rendition.segments[n].duration, left);
      entry.segments.push_back({ad_segment_url(base, session.id, decision.avail_id, ad, r, n, !rendition.init_uri.empty(),
                                               placed.creative_key),
                                duration, false, ""});
      left -= duration;
    }
    out.push_back(std::move(entry));
  }
  if (out.empty()) return fail(Errc::kNotFound, "creative " + placed.creative_key + " has no video rendition");
  return out;
}

Result<std::vector<BreakFiller::AssetRendition>> BreakFiller::slate_asset(const std::string& base, const Session& session,
                                                                          const PlaybackConfiguration& config, Ticks length) {
  auto on_cdn = [&](const std::string& uri) { return ad_file_url(base, uri, config); };
  if (length.count() <= 0 || !slate_ready(session, config)) return fail(Errc::kNotFound, "no slate ready for this session");
  std::string slate_key;
  auto slate = library_.find_for_ladder(adcache::key_from_url(config.slate_url), session.ladder, slate_key);
  if (!slate) return fail(Errc::kNotFound, "slate: " + slate.error().detail);
  std::vector<AssetRendition> out;
  for (const auto& rendition : (*slate)->renditions) {
    if (rendition.audio_only || rendition.duration.count() <= 0) continue;
    auto entry = traits_of(rendition);
    if (!rendition.init_uri.empty()) entry.map = on_cdn(rendition.init_uri);
    // Looped to the length asked; a partial last segment keeps it exact.
    Ticks left = length;
    for (std::size_t n = 0; left.count() > 0; n = (n + 1) % rendition.segments.size()) {
      const Ticks duration = std::min(rendition.segments[n].duration, left);
      if (duration.count() <= 0) continue;
      entry.segments.push_back({on_cdn(rendition.segments[n].uri), duration, n == 0 && !entry.segments.empty(), ""});
      left -= duration;
    }
    out.push_back(std::move(entry));
  }
  if (out.empty()) return fail(Errc::kNotFound, "the slate has no video rendition");
  return out;
}

}  // namespace ssai
