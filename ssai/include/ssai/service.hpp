#pragma once
// The stitching service: the route handlers, wired to the components they use (session
// cache, origin media, decision store, break pipeline and fillers, beacon recorder, slate
// preparer). Its routes are one table, Service::add_routes (routes/service.cpp); each is
// described in docs/api.md, and docs/architecture.md maps URL to handler.
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include "manifests/avail.hpp"
#include "ssai/ad_decider.hpp"
#include "ssai/beacon_dispatcher.hpp"
#include "ssai/beacon_queue.hpp"
#include "ssai/beacon_recorder.hpp"
#include "ssai/break_pipeline.hpp"
#include "ssai/config.hpp"
#include "ssai/config_registry.hpp"
#include "ssai/decision_store.hpp"
#include "ssai/generation_memo.hpp"
#include "ssai/fetcher.hpp"
#include "ssai/http_types.hpp"
#include "ssai/live_preroll.hpp"
#include "ssai/log.hpp"
#include "ssai/metrics.hpp"
#include "ssai/origin_media.hpp"
#include "ssai/rate_limiter.hpp"
#include "ssai/request_origin.hpp"
#include "ssai/router.hpp"
#include "ssai/session_window.hpp"
#include "ssai/url_signer.hpp"
#include "ssai/session.hpp"
#include "ssai/session_cache.hpp"
#include "ssai/store.hpp"
#include "ssai/single_flight.hpp"
#include "ssai/slate_preparer.hpp"
#include "ssai/throttle.hpp"
#include "ssai/written_live.hpp"

namespace ssai {

class BreakFiller;
class SessionReports;

/// The largest request body each route takes (HttpServer's ServerLimits::body_limit):
/// 16 KiB for a new session's adsParams, 64 KiB for a configuration or the explain lab,
/// 4 KiB elsewhere.
[[nodiscard]] std::size_t request_body_limit(std::string_view method, std::string_view path);
inline constexpr std::size_t kLargestRequestBody = 64 * 1024;

class Service {
 public:
  /// `jobs` holds conditioning jobs (shared with other nodes when it is Redis); this
  /// node runs config.conditioning_workers workers on it.
  /// `beacons` queues the beacons this node records; start_beacon_dispatcher sends them.
  /// `clock`: where every component reads the time (tests pass a ManualClock).
  Service(ServiceConfig config, Store& store, Fetcher& fetcher, adcache::JobStore& jobs, BeaconQueue& beacons,
          const Clock& clock = system_clock());
  ~Service();

  /// Sends queued beacons from this node with `fetcher` (its own, so that slow beacon
  /// receivers never hold up origin or ad server requests).
  void start_beacon_dispatcher(boost::asio::any_io_executor executor, Fetcher& fetcher);
  /// At start-up: queues the slate of each configuration in the file for every ladder it
  /// is known to use (its transcode profile, the content ladders its sessions met).
  boost::asio::awaitable<void> prepare_slates();

  /// The address the server is bound to ("HOST:PORT", the port known once bound): a
  /// request whose Host names it gets absolute URLs (request_origin.hpp). Call before
  /// serving.
  void listening_on(const std::string& host, std::uint16_t port, bool tls = false);

  /// Never throws; every failure is a Response with a JSON error body.
  [[nodiscard]] boost::asio::awaitable<Response> handle(Request request);

 private:
  /// The route table (router_): every URL this service answers, and its handler.
  void add_routes();
  /// GET /metrics: this node's figures, and the conditioning queue's depth as of now.
  boost::asio::awaitable<Response> metrics_page(const Request& request);
  /// ssai_outbound_refused_total counts what `fetcher`'s policy refused.
  void count_refusals(Fetcher& fetcher, const char* purpose);
  void count_decision(const AvailDecision& decision);
  /// The options with this node's metrics told of each finished job.
  adcache::ConditioningQueue::Options counted(adcache::ConditioningQueue::Options options);
  struct NewSessionTarget {
    ConfigRegistry::Config config;
    std::string content_path;
  };
  /// "{config}/{content path}.m3u8", checked.
  [[nodiscard]] boost::asio::awaitable<Result<NewSessionTarget>> session_target(std::string_view rest);
  boost::asio::awaitable<Result<Session>> create_session(const NewSessionTarget& target, const Request& request,
                                                         Params player_params);
  boost::asio::awaitable<Response> session_master(const Request& request, const Session& session,
                                                  const PlaybackConfiguration& config);
  /// A new session from /v1/master/ (HLS) or /v1/dash/ (`dash`), answered with its master or MPD.
  boost::asio::awaitable<Response> start_session(const Request& request, std::string_view rest, bool dash);
  boost::asio::awaitable<Response> post_session(const Request& request, std::string_view rest);
  /// An existing session's master playlist, or MPD (`dash`).
  boost::asio::awaitable<Response> existing_session(const Request& request, std::string_view id, bool dash);
  boost::asio::awaitable<Response> stitched_media(const Request& request, std::string_view rest);
  /// A DASH session's stitched MPD (dash_route.cpp).
  boost::asio::awaitable<Response> session_mpd(const Request& request, const Session& session,
                                               const PlaybackConfiguration& config);
  /// The fingerprint of the content's ladder (adcache::ladder_fingerprint); empty when
  /// it cannot be read.
  boost::asio::awaitable<std::string> content_ladder(const Session& session, const std::string& master_text,
                                                     const PlaybackConfiguration& config);
  /// Live content: the media sequence number where a player joining now starts
  /// (live_join_msn of its main variant), where its live pre-roll goes; nullopt for VOD
  /// or when the playlist cannot be read.
  boost::asio::awaitable<std::optional<std::int64_t>> live_join(const Session& session, const PlaybackConfiguration& config);
  /// A live media playlist: breaks replaced, continuing what this session was served of
  /// the variant (its ledger in the store). `main`: the main variant's window when this
  /// is another rendition, whose breaks it follows (and by whose dates an I-frame
  /// playlist places the pre-roll).
  boost::asio::awaitable<Response> stitched_live(const Request& request, const Session& session,
                                                 const ConfigRegistry::Config& config, std::size_t variant_index,
                                                 const ParsedMedia& origin, const ParsedMedia* main);
  /// The origin's playlist, URIs made absolute, no ads: what a player gets when the
  /// store cannot tell its session (the variant URL names the content for this).
  boost::asio::awaitable<Response> content_only(const Request& request, std::string_view session_id, const Error& why);
  /// What the fallback's signature covers: the session, the configuration, the path.
  [[nodiscard]] static std::string fallback_message(std::string_view session_id, std::string_view config,
                                                    std::string_view path);
  boost::asio::awaitable<Response> ad_segment(const Request& request, std::string_view rest);
  [[nodiscard]] Response redirect(const Request& request, const std::string& uri) const;
  [[nodiscard]] Response redirect_without_beacons(const Request& request, std::size_t rendition_index,
                                                  std::size_t segment_index, const Error& why);

  /// What this node does once per decision it made and stored (DecisionStore::OnDecided):
  /// counts it, publishes it to the analytics stream, lists the avail for explain, and
  /// queues its VAST Error beacons.
  boost::asio::awaitable<void> on_decided(const Session& session, const PlaybackConfiguration& config,
                                          DecisionOutcome& outcome);
  /// A session's decisions as the break pipeline asks for them: each break decided once
  /// and stored, the session's VMAP asked once (DecisionStore).
  class SessionDecider final : public BreakDecider {
   public:
    SessionDecider(Service& service, const Session& session, const PlaybackConfiguration& config)
        : service_(service), session_(session), config_(config) {}
    boost::asio::awaitable<VodSchedule> vod_schedule(bool configured) override;
    boost::asio::awaitable<AvailDecision> decide(const BreakRequest& request) override;

   private:
    Service& service_;
    const Session& session_;
    const PlaybackConfiguration& config_;
  };
  /// What an MPD is stitched for: the request's base URL, the session, where players
  /// reload it (empty: no Location, for the lab), and whether it is the lab's.
  struct DashContext {
    const std::string& base;
    const Session& session;
    const PlaybackConfiguration& config;
    std::string reload_url;
    bool lab = false;
  };
  struct StitchedMpd {
    std::string text;
    PipelineResult planned;
  };
  /// A copy of the origin MPD with the session's ads: each break's content period split
  /// at the splice point, the ads' periods between (dash_route.cpp).
  boost::asio::awaitable<Result<StitchedMpd>> stitch_mpd(const ParsedMpd& origin, const DashContext& context,
                                                        BreakDecider& decider);
  /// Ok when the request carries the admin bearer token (or, `token_in_query`, has it
  /// as ?token=: for browsers' EventSource, which cannot set headers).
  [[nodiscard]] Result<void> authorize_admin(const Request& request, bool token_in_query = false) const;
  /// Ok when no metrics_token is configured, or the request carries it as a bearer token.
  [[nodiscard]] Result<void> authorize_metrics(const Request& request) const;
  [[nodiscard]] static bool has_bearer(const Request& request, std::string_view token);
  boost::asio::awaitable<Response> creative_status(const Request& request, std::string_view key);
  boost::asio::awaitable<Response> config_admin(const Request& request, std::string_view name);
  /// The ad-ops lab: a playlist stitched with a given VAST/VMAP, nothing stored.
  boost::asio::awaitable<Response> explain_lab(const Request& request);
  struct CreativeRecord {
    adcache::Result<std::optional<adcache::JobStatus>> status;
    adcache::Result<adcache::ConditionedCreative> published;
    std::string report;  ///< the worker's report.json, when there is one
  };
  /// Blocks (the job store, the disk): run it on blocking_.
  boost::asio::awaitable<CreativeRecord> creative_record(std::string key);
  /// Blocks (the job store): run it on blocking_.
  boost::asio::awaitable<adcache::Result<adcache::QueueDepth>> queue_depth();
  /// GET /v1/events: the analytics stream as Server-Sent Events (analytics_route.cpp).
  boost::asio::awaitable<Response> analytics_events(const Request& request);

  [[nodiscard]] std::string public_base(const Request& request) const;
  /// How long a session of `config` lives (its own TTL, or the service's).
  [[nodiscard]] std::chrono::seconds session_ttl(const PlaybackConfiguration& config) const {
    return config.session_ttl.value_or(config_.session_ttl);
  }
  /// A URI of ours ("/v1/ads/...") made absolute for this request; others unchanged.
  [[nodiscard]] std::string absolute(const Request& request, const std::string& uri) const;

  ServiceConfig config_;
  const Clock& clock_;
  Metrics metrics_;
  Store& store_;
  ConfigRegistry configs_;
  Fetcher& fetcher_;
  OriginMedia origin_;
  adcache::RenditionLibrary library_;
  adcache::JobStore& jobs_;
  boost::asio::thread_pool blocking_{1};  ///< for job store calls, which block
  std::unique_ptr<adcache::ConditioningQueue> conditioning_;
  SlatePreparer slates_;
  std::unique_ptr<BreakFiller> fills_;  ///< (pipeline/break_filler.hpp: private, it speaks pugixml)
  AdDecider decider_;
  /// The explain lab's: it queues no conditioning, having only a media playlist and so
  /// no content ladder to condition to.
  AdDecider lab_decider_;
  DecisionStore decisions_;  ///< each break decided once per session, and stored
  SessionCache sessions_;
  /// By ledger key. Bounded in bytes too: a DVR window's playlist can be 100 KB.
  GenerationMemo<std::shared_ptr<const WrittenLive>> written_live_{30'000, kWrittenLiveBytes};
  BeaconQueue& beacons_;
  BeaconRecorder recorder_;
  std::unique_ptr<BeaconDispatcher> dispatcher_;
  RequestOriginSettings origin_settings_;
  RateLimiter session_creations_;  ///< per client address
  SessionWindow sessions_started_;  ///< per configuration (max_sessions)
  UrlSigner url_signer_;           ///< the store-down fallback's ?c=&p=&s=
  std::unique_ptr<SessionReports> reports_;  ///< explain, tracking, beacon audit (routes/session_reports.hpp)
  Router router_;
};

}  // namespace ssai
