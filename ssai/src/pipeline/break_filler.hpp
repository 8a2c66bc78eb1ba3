#pragma once
// The break pipeline's decided breaks made into what each protocol stitches: HLS segment
// runs (fill_break, vod_fills, live_breaks in hls_breaks.cpp) and DASH periods
// (dash_break_periods in dash_fill.cpp), from each ad's conditioned renditions and the
// configuration's slate, segments through our beacon redirect (or, for the lab, straight
// on the ad CDN). Private to the service: it speaks pugixml (DASH periods).
#include <string>
#include <string_view>
#include <vector>

#include "adcache/conditioning_queue.hpp"
#include "adcache/ladder.hpp"
#include "adcache/rendition_library.hpp"
#include "manifests/dash/stitch.hpp"
#include "manifests/hls/live_stitch.hpp"
#include "manifests/hls/stitch.hpp"
#include "ssai/break_pipeline.hpp"
#include "ssai/config.hpp"
#include "ssai/decision.hpp"
#include "ssai/error.hpp"
#include "ssai/session.hpp"

namespace ssai {

/// A WebVTT file with no cues: every subtitle segment of an ad break.
inline constexpr std::string_view kBlankWebVttPath = "/v1/blank.vtt";

/// Segment `n` of rendition `rendition` of ad `ad` of a session's break, through our
/// redirect (playback/segment_route.cpp), where its impressions and quartiles fire:
/// "{base}v1/segment/{session}/{avail}/{ad}/{rendition}/{n}.ts|.m4s?k={creative key}".
/// The creative key lets the redirect work even when the store cannot tell the decision.
[[nodiscard]] std::string ad_segment_url(const std::string& base, const std::string& session_id, const std::string& avail_id,
                                         std::size_t ad, std::size_t rendition, std::size_t n, bool fmp4,
                                         const std::string& creative_key);

class BreakFiller {
 public:
  /// `conditioning`: where a slate missing for a session's ladder is queued (null: never).
  /// `ad_renditions_base_url`: where conditioned renditions are (ServiceConfig's).
  BreakFiller(adcache::RenditionLibrary& library, adcache::ConditioningQueue* conditioning, std::string ad_renditions_base_url)
      : library_(library), conditioning_(conditioning), ad_base_(std::move(ad_renditions_base_url)) {}

  struct FilledBreak {
    manifests::hls::BreakFill fill;
    std::string pin;  ///< the renditions used (a live break keeps them: LiveLedger::pins)
  };
  /// What a break is filled for: the kind of playlist; `pin`, renditions fixed when the
  /// break was first filled (live), or null; `lab`: for the explain lab, whose session is
  /// not stored: segment URIs straight on the CDN rather than through our beacon
  /// redirect, and no slate queued for conditioning (the lab knows no content ladder).
  struct FillTarget {
    MediaKind kind = MediaKind::kVariant;
    const std::string* pin = nullptr;
    bool lab = false;
  };
  /// What HLS fills are made for: the request's base URL, the session, the rendition.
  struct HlsFillContext {
    const std::string& base;
    const Session& session;
    const PlaybackConfiguration& config;
    adcache::VariantTraits traits;
    MediaKind kind = MediaKind::kVariant;
    bool lab = false;
  };
  /// The pipeline's VOD breaks, decided on `reference`, as fills of `playlist` (hls_breaks.cpp).
  [[nodiscard]] std::vector<manifests::hls::BreakFill> vod_fills(const HlsFillContext& context, const PipelineResult& planned,
                                                                 const manifests::hls::MediaPlaylist& reference,
                                                                 const manifests::hls::MediaPlaylist& playlist);
  /// The pipeline's live breaks, for stitch_live, in playlist order; `ledger` pins the
  /// renditions of breaks the session was served before.
  [[nodiscard]] std::vector<manifests::hls::LiveBreak> live_breaks(const HlsFillContext& context, PipelineResult& planned,
                                                                   const manifests::hls::MediaPlaylist& playlist,
                                                                   const manifests::hls::LiveLedger* ledger);
  /// The periods that fill one DASH break: one per ad (every video rendition of the
  /// creative, its audio for each of the content period's audio adaptation sets), then
  /// slate to the break's end when it replaces content. `lab`: segments straight on the
  /// CDN, not through our beacon redirect (the lab's session is not stored).
  [[nodiscard]] std::vector<manifests::dash::InsertedPeriod> dash_break_periods(const std::string& base, const Session& session,
                                                                               const PlaybackConfiguration& config,
                                                                               const AvailDecision& decision,
                                                                               const pugi::xml_node& content_period, bool lab);
  /// One break of one HLS media playlist (break_fill.cpp).
  [[nodiscard]] FilledBreak fill_break(const std::string& base, const Session& session, const PlaybackConfiguration& config,
                                       const manifests::Avail& avail, const AvailDecision& decision,
                                       const adcache::VariantTraits& variant, const FillTarget& target);
  /// One rendition of a guided break's asset, as a VOD media playlist's segments.
  struct AssetRendition {
    int bandwidth = 0;
    int width = 0;
    int height = 0;
    std::string codecs;
    std::string map;  ///< EXT-X-MAP URI (fMP4); empty for MPEG-TS
    std::vector<manifests::hls::InsertedSegment> segments;
  };
  /// A guided break's ad `ad` (guided_fill.cpp), segments through our redirect, one
  /// entry per video rendition. kNotFound when the decision has no such ad or its
  /// creative is not there.
  [[nodiscard]] Result<std::vector<AssetRendition>> ad_asset(const std::string& base, const Session& session,
                                                             const PlaybackConfiguration& config, const AvailDecision& decision,
                                                             std::size_t ad);
  /// True when ad `ad` of the decision has a video rendition to play (what ad_asset
  /// would find), without building its segments.
  [[nodiscard]] bool ad_ready(const AvailDecision& decision, std::size_t ad);
  /// The slate for `length` (looped), straight on the CDN, one entry per video rendition.
  /// kNotFound when no slate is configured or ready for the session's ladder (then one
  /// is queued for conditioning).
  [[nodiscard]] Result<std::vector<AssetRendition>> slate_asset(const std::string& base, const Session& session,
                                                                const PlaybackConfiguration& config, manifests::Ticks length);
  /// True when the configuration's slate is ready for the session's ladder (else it is
  /// queued for conditioning).
  [[nodiscard]] bool slate_ready(const Session& session, const PlaybackConfiguration& config);

  /// An ad or slate segment URI under the configuration's ad CDN prefix, if it has one.
  [[nodiscard]] std::string on_ad_cdn(const std::string& uri, const PlaybackConfiguration* config) const;
  /// An ad or slate file's URL for players: on the configuration's ad CDN, or on this
  /// service (`base`) for renditions it serves itself.
  [[nodiscard]] std::string ad_file_url(const std::string& base, const std::string& uri, const PlaybackConfiguration& config) const;

 private:
  adcache::RenditionLibrary& library_;
  adcache::ConditioningQueue* conditioning_;
  std::string ad_base_;
};

}  // namespace ssai
