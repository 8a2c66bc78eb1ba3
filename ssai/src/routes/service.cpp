#include "ssai/service.hpp"

#include "decisions/decision_reporter.hpp"
#include "pipeline/break_filler.hpp"
#include "playback/ad_segments.hpp"
#include "playback/asset_lists.hpp"
#include "playback/guided_playlists.hpp"
#include "playback/media_playlists.hpp"
#include "playback/session_mpds.hpp"
#include "playback/session_starts.hpp"
#include "reports/session_reports.hpp"
#include "routes/admin_access.hpp"
#include "routes/admin_routes.hpp"
#include "routes/analytics_events.hpp"
#include "routes/dashboard_page.hpp"
#include "routes/explain_lab.hpp"
#include "ssai/ad_decider.hpp"
#include "ssai/beacon_dispatcher.hpp"
#include "ssai/beacon_recorder.hpp"
#include "ssai/conditioning.hpp"
#include "ssai/config_registry.hpp"
#include "ssai/decision_store.hpp"
#include "ssai/metrics.hpp"
#include "ssai/origin_media.hpp"
#include "ssai/request_origin.hpp"
#include "ssai/router.hpp"
#include "ssai/session_cache.hpp"
#include "ssai/slate_preparer.hpp"
#include "ssai/static_files.hpp"
#include "ssai/url_signer.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

// Every component once, in the order they depend on each other, then the handlers over
// them. Nothing here decides anything: each rule lives in the component named for it.
struct Service::Parts {
  Parts(ServiceConfig service_config, Store& store_in, Fetcher& fetcher_in, adcache::JobStore& jobs, BeaconQueue& beacons_in,
        const Clock& clock_in)
      : config(std::move(service_config)),
        clock(clock_in),
        lifetime{config.session_ttl},
        store(store_in),
        fetcher(fetcher_in),
        beacons(beacons_in),
        configs(config.playback_configurations, store, clock),
        origin(fetcher, clock),
        library(config.ad_renditions_dir, config.ad_renditions_base_url),
        conditioning(std::make_unique<adcache::ConditioningQueue>(jobs, conditioning_work(config, jobs), counted(conditioning_options(config)))),
        slates(library, conditioning.get(), store, clock),
        fills(library, conditioning.get(), config.ad_renditions_base_url),
        decider(fetcher, library, conditioning.get(), config.max_requests_per_decision),
        lab_decider(fetcher, library, nullptr, config.max_requests_per_decision),
        recorder(beacons, metrics, config.beacons, clock),
        reporter(metrics, beacons, store, recorder, clock, lifetime),
        decisions(store, decider, lifetime,
                  [this](const Session& session, const PlaybackConfiguration& c, DecisionOutcome& outcome) {
                    return reporter.on_decided(session, c, outcome);
                  }),
        sessions(store, clock),
        urls{config.public_base_url, config.listen, {}, config.public_hosts, config.trusted_proxies},
        signer(config.url_signing_secret),
        access(config.admin_token, config.metrics_token),
        mpds(origin, decisions, fills, recorder, urls, clock, lifetime),
        starts({config.session_limits, configs, sessions, origin, slates, mpds, signer, urls, clock, lifetime, metrics}),
        playlists({sessions, configs, origin, decisions, fills, recorder, store, signer, urls, clock, lifetime}),
        segments({sessions, configs, decisions, library, fills, recorder, urls, lifetime}),
        guided(configs, origin, decisions, store, urls),
        assets({sessions, configs, origin, decisions, fills, urls, clock, lifetime}),
        reports(sessions, store, beacons),
        lab({access, configs, lab_decider, origin, mpds, fills, urls, clock}),
        admin(access, configs, jobs, library, config.ad_renditions_dir, metrics),
        analytics(access, beacons) {}

  /// The conditioning options with this node's metrics told of each finished job.
  adcache::ConditioningQueue::Options counted(adcache::ConditioningQueue::Options options) {
    options.on_finished = [this](bool ready, double seconds) {
      metrics.add("ssai_conditioning_jobs_total", {{"outcome", ready ? "ready" : "failed"}});
      metrics.observe("ssai_conditioning_duration_seconds", {}, seconds);
    };
    return options;
  }

  ServiceConfig config;
  const Clock& clock;
  SessionLifetime lifetime;
  Metrics metrics;
  Store& store;
  Fetcher& fetcher;
  BeaconQueue& beacons;
  ConfigRegistry configs;
  OriginMedia origin;
  adcache::RenditionLibrary library;
  std::unique_ptr<adcache::ConditioningQueue> conditioning;
  SlatePreparer slates;
  BreakFiller fills;
  AdDecider decider;
  AdDecider lab_decider;  ///< queues no conditioning: the lab knows no content ladder
  BeaconRecorder recorder;
  DecisionReporter reporter;
  DecisionStore decisions;  ///< each break decided once per session, and stored
  SessionCache sessions;
  RequestOriginSettings urls;
  UrlSigner signer;  ///< the store-down fallback's ?c=&p=&s=
  AdminAccess access;

  SessionMpds mpds;
  SessionStarts starts;
  MediaPlaylists playlists;
  AdSegments segments;
  GuidedPlaylists guided;
  AssetLists assets;
  SessionReports reports;
  ExplainLab lab;
  AdminRoutes admin;
  AnalyticsEvents analytics;

  std::unique_ptr<BeaconDispatcher> dispatcher;
  Router router;
};

Service::Service(ServiceConfig config, Store& store, Fetcher& fetcher, adcache::JobStore& jobs, BeaconQueue& beacons,
                 const Clock& clock)
    : parts_(std::make_unique<Parts>(std::move(config), store, fetcher, jobs, beacons, clock)) {
  add_routes();
  auto& metrics = parts_->metrics;
  metrics.describe("ssai_http_requests_total", "HTTP requests by route and status code.");
  metrics.describe("ssai_http_request_duration_seconds", "Time to answer, by route.");
  metrics.describe("ssai_sessions_started_total", "Sessions this node started, by insertion mode (stitched, guided).");
  metrics.describe("ssai_ad_decisions_total", "Avail decisions made by this node, filled (at least one ad) or not.");
  metrics.describe("ssai_ads_placed_total", "Ads placed in breaks.");
  metrics.describe("ssai_break_seconds_total", "Seconds of breaks decided, by what fills them (ads, slate, content).");
  metrics.describe("ssai_ad_skips_total", "Ads or whole breaks skipped, by reason (the explain taxonomy).");
  metrics.describe("ssai_ad_decision_duration_seconds", "Time to decide an avail (ad server and wrappers).");
  metrics.describe("ssai_conditioning_jobs_total", "Conditioning jobs this node's workers finished, by outcome.");
  metrics.describe("ssai_conditioning_duration_seconds", "Time a conditioning job took (download, ffmpeg, publish).");
  metrics.describe("ssai_conditioning_queue_depth", "Conditioning jobs across every node sharing the job store, pending or with a worker.");
  metrics.describe("ssai_beacons_queued_total", "Beacons this node queued, by event.");
  metrics.describe("ssai_beacons_deduplicated_total", "Events seen again (a refetch, another node) and not counted twice.");
  metrics.describe("ssai_beacons_sent_total", "Beacons this node's dispatcher delivered (2xx or 3xx), by event.");
  metrics.describe("ssai_beacons_retried_total", "Beacon attempts that failed for a reason worth retrying, by event.");
  metrics.describe("ssai_beacons_abandoned_total",
                    "Deferred beacons not sent: the session went quiet before playback could reach them, by event.");
  metrics.describe("ssai_beacons_failed_total", "Beacons given up on (a 4xx, or retried past the give-up time), by event.");
  metrics.describe("ssai_detached_failures_total",
                    "Exceptions that escaped work nobody awaits (a connection, a delivery), logged as they happened.");
  metrics.describe("ssai_outbound_refused_total",
                    "Outgoing requests not sent, by reason (scheme, bad_url, address, budget) and by whose they were.");
  count_refusals(fetcher, "requests");
}

asio::awaitable<void> Service::prepare_slates() { co_await parts_->slates.prepare_all(parts_->config.playback_configurations); }

void Service::count_refusals(Fetcher& fetcher, const char* purpose) {
  fetcher.on_refusal([&metrics = parts_->metrics, purpose](OutboundRefusal refusal) {
    metrics.add("ssai_outbound_refused_total", {{"reason", outbound_refusal_name(refusal)}, {"purpose", purpose}});
  });
}

Service::~Service() { parts_->beacons.on_due(nullptr); }

void Service::start_beacon_dispatcher(asio::any_io_executor executor, Fetcher& fetcher) {
  auto& p = *parts_;
  const auto& settings = p.config.beacons;
  DispatcherOptions options;
  options.consumer = settings.node;
  options.per_host = settings.per_host;
  options.timeout = settings.timeout;
  options.first_retry = settings.first_retry;
  options.last_retry = settings.last_retry;
  options.presence_window = settings.presence_window;
  options.clock = &p.clock;
  count_refusals(fetcher, "beacons");
  p.dispatcher = std::make_unique<BeaconDispatcher>(std::move(executor), p.beacons, fetcher, p.metrics, options);
  p.beacons.on_due([dispatcher = p.dispatcher.get()] { dispatcher->wake(); });
  p.dispatcher->start();
}

asio::awaitable<Response> Service::handle(Request request) {
  auto& p = *parts_;
  const auto started = p.clock.steady();
  const auto found = p.router.match(request);
  const char* route = found.route ? found.route->label : "other";
  auto response = co_await Router::answer(found, request);
  p.metrics.add("ssai_http_requests_total", {{"route", route}, {"code", std::to_string(response.status)}});
  p.metrics.observe("ssai_http_request_duration_seconds", {{"route", route}},
                    std::chrono::duration<double>(p.clock.steady() - started).count());
  co_return response;
}

// The URL → handler table (docs/architecture.md lists it): the first route that matches
// answers, so the more specific come first.
void Service::add_routes() {
  using Methods = Router::Methods;
  using Rest = std::string_view;
  auto& p = *parts_;
  auto route = [&p](Methods methods, std::string_view prefix, std::string_view suffix, const char* label,
                    Router::Handler handler) { p.router.add({methods, prefix, suffix, false, label, std::move(handler)}); };
  auto exact = [&p](Methods methods, std::string_view path, const char* label, Router::Handler handler) {
    p.router.add({methods, path, {}, true, label, std::move(handler)});
  };
  route(Methods::kPost, "/v1/session/", "", "session", [&p](const Request& request, Rest rest) { return p.starts.post(request, rest); });
  exact(Methods::kPost, "/v1/explain", "explain", [&p](const Request& request, Rest) { return p.lab.answer(request); });
  route(Methods::kAny, "/v1/config/", "", "config", [&p](const Request& request, Rest name) { return p.admin.config_admin(request, name); });
  exact(Methods::kRead, "/healthz", "healthz", [](const Request&, Rest) { return answer_now(json_response(200, R"({"status":"ok"})")); });
  // The same bytes for every blank segment: players and CDNs may cache it for a day.
  exact(Methods::kRead, kBlankWebVttPath, "blank", [](const Request&, Rest) {
    return answer_now({200, "text/vtt", "WEBVTT\n", {{"Cache-Control", "public, max-age=86400"}}});
  });
  exact(Methods::kRead, "/metrics", "metrics", [&p](const Request& request, Rest) { return p.admin.metrics_page(request); });
  route(Methods::kRead, "/v1/sessions/", "/explain", "sessions", [&p](const Request& request, Rest id) {
    if (auto allowed = p.access.admin(request); !allowed) return answer_now(error_response(allowed.error()));
    return p.reports.explain(id);
  });
  route(Methods::kRead, "/v1/sessions/", "/beacons", "sessions", [&p](const Request&, Rest id) { return p.reports.beacon_audit(id); });
  route(Methods::kRead, "/v1/sessions/", "/manifest.mpd", "sessions",
        [&p](const Request& request, Rest id) { return p.starts.existing(request, id, true); });
  route(Methods::kRead, "/v1/sessions/", "/master.m3u8", "sessions",
        [&p](const Request& request, Rest id) { return p.starts.existing(request, id, false); });
  route(Methods::kRead, "/v1/dash/", "", "dash", [&p](const Request& request, Rest rest) { return p.starts.start(request, rest, true); });
  route(Methods::kRead, "/v1/master/", "", "master", [&p](const Request& request, Rest rest) { return p.starts.start(request, rest, false); });
  route(Methods::kRead, "/v1/manifest/", "", "manifest", [&p](const Request& request, Rest rest) { return p.playlists.answer(request, rest); });
  route(Methods::kRead, "/v1/segment/", "", "segment", [&p](const Request& request, Rest rest) { return p.segments.answer(request, rest); });
  route(Methods::kRead, "/v1/guided/", "", "guided", [&p](const Request& request, Rest rest) { return p.guided.answer(request, rest); });
  route(Methods::kRead, "/v1/assets/", "", "assets", [&p](const Request& request, Rest rest) { return p.assets.asset_list(request, rest); });
  route(Methods::kRead, "/v1/adplaylist/", "", "adplaylist",
        [&p](const Request& request, Rest rest) { return p.assets.ad_playlist(request, rest); });
  route(Methods::kRead, "/v1/altmpd/", "", "altmpd",
        [&p](const Request& request, Rest rest) { return p.assets.alternative_mpd(request, rest); });
  route(Methods::kRead, kServedAdsPath, "", "ads",
        [&p](const Request&, Rest file) { return answer_now(serve_file(p.config.ad_renditions_dir, file)); });
  exact(Methods::kRead, "/v1/events", "events", [&p](const Request& request, Rest) { return p.analytics.events(request); });
  exact(Methods::kRead, "/dashboard", "dashboard", [](const Request&, Rest) {
    return answer_now({200, "text/html; charset=utf-8", std::string(dashboard_page()), {}});
  });
  route(Methods::kRead, "/v1/tracking/", "", "tracking", [&p](const Request&, Rest id) { return p.reports.tracking(id); });
  route(Methods::kRead, "/v1/creatives/", "", "creatives",
        [&p](const Request& request, Rest key) { return p.admin.creative_status(request, key); });
}

void Service::listening_on(const std::string& host, std::uint16_t port, bool tls) {
  const bool v6 = host.find(':') != std::string::npos;
  auto& urls = parts_->urls;
  (tls ? urls.tls_listen : urls.listen) = (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace ssai
