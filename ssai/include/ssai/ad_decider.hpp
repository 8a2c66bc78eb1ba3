#pragma once
// Asks the ad decision server what to play in one avail and turns the VAST answer into
// a decision: the ads whose conditioned renditions fit the break, and slate for the rest.
// Never fails: an ad server that is down or talks nonsense gives an empty decision.
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "adcache/conditioning_queue.hpp"
#include "adcache/rendition_library.hpp"
#include "manifests/avail.hpp"
#include "ssai/break_plan.hpp"
#include "ssai/config.hpp"
#include "ssai/decision.hpp"
#include "ssai/fetcher.hpp"
#include "ssai/session.hpp"
#include "ssai/vast_client.hpp"
#include "vast/vmap.hpp"

namespace ssai {

/// Fills the ad decision server URL template. Variables (MediaTailor's names):
/// [session.id], [session.avail_duration_secs], [session.avail_duration_ms],
/// [session.avail_num] (= [session.avail_index], [avail.index]), [avail.random],
/// [session.user_agent], [session.client_ip], [scte.segmentation_type_id],
/// [scte.segmentation_upid], [scte.avail_num], [player_params.NAME],
/// [scte.segmentation_upid.KEY] (an MPU UPID's JSON member, dotted path, or
/// private_data.N for its N-th colon-separated token), [asset.KEY] (EXT-X-ASSET).
/// Values are percent-encoded; unknown variables become empty.
[[nodiscard]] std::string expand_ads_url(std::string_view url_template, const Session& session,
                                         const manifests::Avail& avail, int avail_num);

/// How variable values are written into a template.
enum class TemplateEncoding { kPercent, kJson };

/// The same variables for a POST body or header value.
[[nodiscard]] std::string expand_ads_template(std::string_view text, const Session& session,
                                              const manifests::Avail& avail, int avail_num, TemplateEncoding encoding);

/// A decision and the VAST Error URLs (macros filled) to fire if it is the one kept.
struct DecisionOutcome {
  AvailDecision decision;
  std::vector<std::string> error_beacons;
  /// Error beacons left out: the decision's outbound budget was spent.
  std::size_t beacons_over_budget = 0;
};

/// One break to decide, and what the playlist says of it.
struct BreakRequest {
  const manifests::Avail& avail;
  int number = 0;  ///< [avail.index]: its place among the session's breaks, from 1
  BreakPosition position = BreakPosition::kMidRoll;
  std::optional<manifests::Ticks> content_position{};  ///< VOD only
  /// A VMAP break's source and tracking; null: the configured ad server.
  const vast::AdBreak* vmap_break = nullptr;
  /// A live break is filled to its planned duration (the window shows only part of it).
  bool live = false;
  /// Avail suppression applies: decided (and stored) as unfilled, without an ad request.
  bool suppressed = false;
  /// The live pre-roll: asked of the configuration's live_preroll ad server; the ads
  /// that fit in its maximum duration play whole, no slate after them.
  bool live_preroll = false;
};

/// Where a break's ads come from when nothing is stored: the ad server behind a
/// configuration (AdDecider), or a stand-in in tests.
class AdSource {
 public:
  virtual ~AdSource() = default;
  [[nodiscard]] virtual boost::asio::awaitable<DecisionOutcome> decide(const Session& session,
                                                                       const PlaybackConfiguration& config,
                                                                       const BreakRequest& request) = 0;
  [[nodiscard]] virtual boost::asio::awaitable<Result<std::string>> request_vmap(const Session& session,
                                                                                 const PlaybackConfiguration& config) = 0;
};

class AdDecider final : public AdSource {
 public:
  /// `conditioning`: where creatives not conditioned yet are queued (null: nowhere).
  /// `max_requests`: what one decision may send in all (ad request, wrappers, Error
  /// beacons); the rest is refused (ServiceConfig::max_requests_per_decision).
  AdDecider(Fetcher& fetcher, adcache::RenditionLibrary& library, adcache::ConditioningQueue* conditioning = nullptr,
            std::size_t max_requests = 32);

  /// An avail that replaces no content (first_segment == end_segment) is an insertion:
  /// its ads add to the timeline, up to the configuration's max_inserted_break, no slate.
  [[nodiscard]] boost::asio::awaitable<DecisionOutcome> decide(const Session& session,
                                                               const PlaybackConfiguration& config,
                                                               const BreakRequest& request) override;

  /// The session's VMAP, asked of the configured ad server once per VOD session; an
  /// error (with the reason) when the answer is not a VMAP document.
  [[nodiscard]] boost::asio::awaitable<Result<std::string>> request_vmap(const Session& session,
                                                                         const PlaybackConfiguration& config) override;

 private:
  struct AdRequest {
    std::string url;
    VastRequestOptions options;
  };
  /// The configuration's bumpers that are conditioned for the session's content.
  [[nodiscard]] Bumpers ready_bumpers(const Session& session, const PlaybackConfiguration& config);
  /// `live_preroll`: to the configuration's live pre-roll ad server, as a GET.
  [[nodiscard]] static AdRequest ad_request(const Session& session, const PlaybackConfiguration& config,
                                            const manifests::Avail& avail, int avail_num, bool live_preroll = false);

  Fetcher& fetcher_;
  adcache::RenditionLibrary& library_;
  adcache::ConditioningQueue* conditioning_;
  std::size_t max_requests_;
};

}  // namespace ssai
