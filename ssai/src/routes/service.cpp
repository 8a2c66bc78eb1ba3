#include "ssai/service.hpp"
#include "origin/parsed_mpd.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>

#include "ssai/conditioning.hpp"
#include "ssai/detached.hpp"
#include "ssai/log.hpp"
#include "ssai/static_files.hpp"
#include "beacons/beacon_events.hpp"
#include "pipeline/break_filler.hpp"
#include "routes/dashboard_page.hpp"
#include "store/store_keys.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

Service::Service(ServiceConfig config, Store& store, Fetcher& fetcher, adcache::JobStore& jobs, BeaconQueue& beacons,
                 const Clock& clock)
    : config_(std::move(config)),
      clock_(clock),
      store_(store),
      configs_(config_.playback_configurations, store_, clock_),
      fetcher_(fetcher),
      origin_(fetcher_, clock_),
      library_(config_.ad_renditions_dir, config_.ad_renditions_base_url),
      jobs_(jobs),
      conditioning_(std::make_unique<adcache::ConditioningQueue>(jobs, conditioning_work(config_, jobs),
                                                                 counted(conditioning_options(config_)))),
      slates_(library_, conditioning_.get(), store_, clock_),
      fills_(std::make_unique<BreakFiller>(library_, conditioning_.get(), config_.ad_renditions_base_url)),
      decider_(fetcher_, library_, conditioning_.get(), config_.max_requests_per_decision),
      lab_decider_(fetcher_, library_, nullptr, config_.max_requests_per_decision),
      decisions_(store_, decider_, [this](const PlaybackConfiguration& c) { return session_ttl(c); },
                 [this](const Session& session, const PlaybackConfiguration& c, DecisionOutcome& outcome) {
                   return on_decided(session, c, outcome);
                 }),
      sessions_(store_, clock_),
      beacons_(beacons),
      recorder_(beacons_, metrics_, config_.beacons, clock_),
      origin_settings_{config_.public_base_url, config_.listen, {}, config_.public_hosts, config_.trusted_proxies},
      session_creations_(config_.session_limits.create_per_second, config_.session_limits.create_burst),
      url_signer_(config_.url_signing_secret) {
  metrics_.describe("ssai_http_requests_total", "HTTP requests by route and status code.");
  metrics_.describe("ssai_http_request_duration_seconds", "Time to answer, by route.");
  metrics_.describe("ssai_ad_decisions_total", "Avail decisions made by this node, filled (at least one ad) or not.");
  metrics_.describe("ssai_ads_placed_total", "Ads placed in breaks.");
  metrics_.describe("ssai_break_seconds_total", "Seconds of breaks decided, by what fills them (ads, slate, content).");
  metrics_.describe("ssai_ad_skips_total", "Ads or whole breaks skipped, by reason (the explain taxonomy).");
  metrics_.describe("ssai_ad_decision_duration_seconds", "Time to decide an avail (ad server and wrappers).");
  metrics_.describe("ssai_conditioning_jobs_total", "Conditioning jobs this node's workers finished, by outcome.");
  metrics_.describe("ssai_conditioning_duration_seconds", "Time a conditioning job took (download, ffmpeg, publish).");
  metrics_.describe("ssai_conditioning_queue_depth", "Conditioning jobs across every node sharing the job store, pending or with a worker.");
  metrics_.describe("ssai_beacons_queued_total", "Beacons this node queued, by event.");
  metrics_.describe("ssai_beacons_deduplicated_total", "Events seen again (a refetch, another node) and not counted twice.");
  metrics_.describe("ssai_beacons_sent_total", "Beacons this node's dispatcher delivered (2xx or 3xx), by event.");
  metrics_.describe("ssai_beacons_retried_total", "Beacon attempts that failed for a reason worth retrying, by event.");
  metrics_.describe("ssai_beacons_abandoned_total",
                    "Deferred beacons not sent: the session went quiet before playback could reach them, by event.");
  metrics_.describe("ssai_beacons_failed_total", "Beacons given up on (a 4xx, or retried past the give-up time), by event.");
  metrics_.describe("ssai_detached_failures_total",
                    "Exceptions that escaped work nobody awaits (a connection, a delivery), logged as they happened.");
  metrics_.describe("ssai_outbound_refused_total",
                    "Outgoing requests not sent, by reason (scheme, bad_url, address, budget) and by whose they were.");
  count_refusals(fetcher_, "requests");
}

asio::awaitable<void> Service::prepare_slates() { co_await slates_.prepare_all(config_.playback_configurations); }

void Service::count_refusals(Fetcher& fetcher, const char* purpose) {
  fetcher.on_refusal([this, purpose](OutboundRefusal refusal) {
    metrics_.add("ssai_outbound_refused_total", {{"reason", outbound_refusal_name(refusal)}, {"purpose", purpose}});
  });
}

Service::~Service() { beacons_.on_due(nullptr); }

void Service::start_beacon_dispatcher(asio::any_io_executor executor, Fetcher& fetcher) {
  const auto& settings = config_.beacons;
  DispatcherOptions options;
  options.consumer = settings.node;
  options.per_host = settings.per_host;
  options.timeout = settings.timeout;
  options.first_retry = settings.first_retry;
  options.last_retry = settings.last_retry;
  options.presence_window = settings.presence_window;
  options.clock = &clock_;
  count_refusals(fetcher, "beacons");
  dispatcher_ = std::make_unique<BeaconDispatcher>(std::move(executor), beacons_, fetcher, metrics_, options);
  beacons_.on_due([dispatcher = dispatcher_.get()] { dispatcher->wake(); });
  dispatcher_->start();
}

namespace {

// The route a path belongs to, as the metrics label it: a small fixed set, so a client
// cannot create series at will.
const char* route_of(std::string_view path) {
  constexpr std::pair<std::string_view, const char*> kRoutes[] = {
      {"/v1/master/", "master"},       {"/v1/session/", "session"}, {"/v1/sessions/", "sessions"},
      {"/v1/manifest/", "manifest"},   {"/v1/segment/", "segment"}, {"/v1/ads/", "ads"},
      {"/v1/creatives/", "creatives"}, {"/v1/config/", "config"},   {"/metrics", "metrics"},
      {"/healthz", "healthz"},         {"/v1/blank.vtt", "blank"},
      {"/v1/tracking/", "tracking"},   {"/v1/explain", "explain"},  {"/v1/dash/", "dash"},
      {"/v1/events", "events"},        {"/dashboard", "dashboard"}};
  for (const auto& [prefix, name] : kRoutes) {
    if (path.starts_with(prefix)) return name;
  }
  return "other";
}

}  // namespace

asio::awaitable<Response> Service::handle(Request request) {
  const auto started = clock_.steady();
  const char* route = route_of(request.path);
  auto response = co_await route_request(request);
  metrics_.add("ssai_http_requests_total", {{"route", route}, {"code", std::to_string(response.status)}});
  metrics_.observe("ssai_http_request_duration_seconds", {{"route", route}},
                   std::chrono::duration<double>(clock_.steady() - started).count());
  co_return response;
}

asio::awaitable<Response> Service::route_request(const Request& request) {
  const std::string_view path = request.path;
  static constexpr std::string_view kNewSession = "/v1/session/";
  if (request.method == "POST" && path.starts_with(kNewSession)) co_return co_await post_session(request, path.substr(kNewSession.size()));
  if (request.method == "POST" && path == "/v1/explain") co_return co_await explain_lab(request);
  static constexpr std::string_view kConfig = "/v1/config/";
  if (path.starts_with(kConfig)) co_return co_await config_admin(request, path.substr(kConfig.size()));
  if (request.method != "GET" && request.method != "HEAD") {
    co_return error_response({Errc::kBadRequest, "method " + request.method + " is not allowed here"});
  }
  if (path == "/healthz") co_return json_response(200, R"({"status":"ok"})");
  if (path == kBlankWebVttPath) {
    // The same bytes for every blank segment: players and CDNs may cache it for a day.
    Response blank{200, "text/vtt", "WEBVTT\n", {{"Cache-Control", "public, max-age=86400"}}};
    co_return blank;
  }
  if (path == "/metrics") {
    if (auto allowed = authorize_metrics(request); !allowed) co_return error_response(allowed.error());
    // The job store blocks: asked on the blocking pool, as of this scrape.
    if (auto depth = co_await asio::co_spawn(blocking_, queue_depth(), asio::use_awaitable); depth) {
      metrics_.set("ssai_conditioning_queue_depth", {{"state", "pending"}}, static_cast<double>(depth->pending));
      metrics_.set("ssai_conditioning_queue_depth", {{"state", "conditioning"}}, static_cast<double>(depth->conditioning));
    } else {
      log::warn("metrics", "conditioning queue depth unknown: " + depth.error().detail);
    }
    metrics_.set("ssai_detached_failures_total", {}, static_cast<double>(detached_failures()));
    Response metrics{200, "text/plain; version=0.0.4", metrics_.prometheus_text(), {}};
    co_return metrics;
  }
  static constexpr std::string_view kSessions = "/v1/sessions/";
  static constexpr std::string_view kSessionMaster = "/master.m3u8";
  static constexpr std::string_view kExplain = "/explain";
  if (path.starts_with(kSessions) && path.ends_with(kExplain)) {
    co_return co_await explain_session(request, path.substr(kSessions.size(), path.size() - kSessions.size() - kExplain.size()));
  }
  static constexpr std::string_view kBeacons = "/beacons";
  if (path.starts_with(kSessions) && path.ends_with(kBeacons)) {
    co_return co_await beacon_audit(path.substr(kSessions.size(), path.size() - kSessions.size() - kBeacons.size()));
  }
  static constexpr std::string_view kSessionMpd = "/manifest.mpd";
  if (path.starts_with(kSessions) && path.ends_with(kSessionMpd)) {
    co_return co_await existing_session(request, path.substr(kSessions.size(), path.size() - kSessions.size() - kSessionMpd.size()),
                                        true);
  }
  static constexpr std::string_view kDash = "/v1/dash/";
  if (path.starts_with(kDash)) co_return co_await start_session(request, path.substr(kDash.size()), true);
  if (path.starts_with(kSessions) && path.ends_with(kSessionMaster)) {
    co_return co_await existing_session(
        request, path.substr(kSessions.size(), path.size() - kSessions.size() - kSessionMaster.size()), false);
  }
  static constexpr std::string_view kMaster = "/v1/master/";
  static constexpr std::string_view kManifest = "/v1/manifest/";
  static constexpr std::string_view kSegment = "/v1/segment/";
  if (path.starts_with(kMaster)) co_return co_await start_session(request, path.substr(kMaster.size()), false);
  if (path.starts_with(kManifest)) co_return co_await stitched_media(request, path.substr(kManifest.size()));
  if (path.starts_with(kSegment)) co_return co_await ad_segment(request, path.substr(kSegment.size()));
  if (path.starts_with(kServedAdsPath)) co_return serve_file(config_.ad_renditions_dir, path.substr(kServedAdsPath.size()));
  if (path == "/v1/events") co_return co_await analytics_events(request);
  if (path == "/dashboard") co_return Response{200, "text/html; charset=utf-8", std::string(dashboard_page()), {}};
  static constexpr std::string_view kTracking = "/v1/tracking/";
  if (path.starts_with(kTracking)) co_return co_await tracking(path.substr(kTracking.size()));
  static constexpr std::string_view kCreatives = "/v1/creatives/";
  if (path.starts_with(kCreatives)) co_return co_await creative_status(request, path.substr(kCreatives.size()));
  co_return error_response({Errc::kNotFound, "no route for " + request.path});
}

std::size_t request_body_limit(std::string_view method, std::string_view path) {
  if (method == "POST" && path.starts_with("/v1/session/")) return 16 * 1024;
  if ((method == "POST" && path == "/v1/explain") || (method == "PUT" && path.starts_with("/v1/config/"))) {
    return kLargestRequestBody;
  }
  return 4 * 1024;
}

void Service::listening_on(const std::string& host, std::uint16_t port, bool tls) {
  const bool v6 = host.find(':') != std::string::npos;
  (tls ? origin_settings_.tls_listen : origin_settings_.listen) = (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string Service::public_base(const Request& request) const { return public_base_for(request, origin_settings_); }

std::string Service::absolute(const Request& request, const std::string& uri) const {
  if (uri.empty() || uri.front() != '/') return uri;
  const auto base = public_base(request);
  return base.substr(0, base.size() - 1) + uri;
}


asio::awaitable<VodSchedule> Service::SessionDecider::vod_schedule(bool configured) {
  if (!configured) co_return VodSchedule{};
  co_return VodSchedule{true, co_await service_.decisions_.session_vmap(session_, config_)};
}

asio::awaitable<AvailDecision> Service::SessionDecider::decide(const BreakRequest& request) {
  co_return co_await service_.decisions_.decide_once(session_, config_, request);
}

asio::awaitable<void> Service::on_decided(const Session& session, const PlaybackConfiguration& config,
                                         DecisionOutcome& outcome) {
  const auto& avail_id = outcome.decision.avail_id;
  count_decision(outcome.decision);
  if (auto published = co_await beacons_.publish(decision_analytics(clock_.unix_ms(), session, outcome.decision)); !published) {
    log::warn("analytics", "session " + session.id + " avail " + avail_id + ": decision not published: " +
                               published.error().detail);
  }
  // Only the maker lists it, so each avail is listed once (best effort: explain only).
  if (auto listed = co_await store_.append(keys::session_avails(session.id), avail_id, session_ttl(config)); !listed) {
    log::warn("store", "session " + session.id + ": avail " + avail_id + " not listed for explain: " + listed.error().detail);
  }
  if (outcome.beacons_over_budget > 0) {
    metrics_.add("ssai_outbound_refused_total", {{"reason", outbound_refusal_name(OutboundRefusal::kBudget)}, {"purpose", "beacons"}},
                 static_cast<double>(outcome.beacons_over_budget));
  }
  co_await recorder_.error_beacons(session, outcome.decision, std::move(outcome.error_beacons), session_ttl(config));
}

adcache::ConditioningQueue::Options Service::counted(adcache::ConditioningQueue::Options options) {
  options.on_finished = [this](bool ready, double seconds) {
    metrics_.add("ssai_conditioning_jobs_total", {{"outcome", ready ? "ready" : "failed"}});
    metrics_.observe("ssai_conditioning_duration_seconds", {}, seconds);
  };
  return options;
}

void Service::count_decision(const AvailDecision& decision) {
  metrics_.add("ssai_ad_decisions_total", {{"outcome", decision.ads.empty() ? "unfilled" : "filled"}});
  metrics_.add("ssai_ads_placed_total", {}, static_cast<double>(decision.ad_count()));
  // Fill rate = ads / (ads + bumpers + slate + unfilled), in seconds of breaks.
  const double break_seconds = static_cast<double>(decision.capacity.count()) / 90000.0;
  const double ad_seconds = static_cast<double>(decision.ad_time().count()) / 90000.0;
  const double bumper_seconds = static_cast<double>(decision.ad_time(true).count()) / 90000.0;
  metrics_.add("ssai_break_seconds_total", {{"filled_with", "ads"}}, ad_seconds);
  if (bumper_seconds > 0) metrics_.add("ssai_break_seconds_total", {{"filled_with", "bumpers"}}, bumper_seconds);
  metrics_.add("ssai_break_seconds_total", {{"filled_with", decision.ads.empty() ? "content" : "slate"}},
               std::max(0.0, break_seconds - ad_seconds - bumper_seconds));
  for (const auto& dropped : decision.dropped) metrics_.add("ssai_ad_skips_total", {{"reason", skip_reason_name(dropped.skip)}});
  if (decision.skip != SkipReason::kNone) metrics_.add("ssai_ad_skips_total", {{"reason", skip_reason_name(decision.skip)}});
  metrics_.observe("ssai_ad_decision_duration_seconds", {}, static_cast<double>(decision.decided_ms) / 1000.0);
}

}  // namespace ssai
