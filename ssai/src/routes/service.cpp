#include "ssai/service.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>

#include "ssai/conditioning.hpp"
#include "ssai/detached.hpp"
#include "ssai/log.hpp"
#include "ssai/static_files.hpp"
#include "beacons/beacon_events.hpp"
#include "origin/parsed_mpd.hpp"
#include "pipeline/break_filler.hpp"
#include "routes/dashboard_page.hpp"
#include "routes/session_reports.hpp"
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
      url_signer_(config_.url_signing_secret),
      reports_(std::make_unique<SessionReports>(sessions_, store_, beacons_)) {
  add_routes();
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

asio::awaitable<Response> Service::handle(Request request) {
  const auto started = clock_.steady();
  const auto found = router_.match(request);
  const char* route = found.route ? found.route->label : "other";
  auto response = co_await Router::answer(found, request);
  metrics_.add("ssai_http_requests_total", {{"route", route}, {"code", std::to_string(response.status)}});
  metrics_.observe("ssai_http_request_duration_seconds", {{"route", route}},
                   std::chrono::duration<double>(clock_.steady() - started).count());
  co_return response;
}

// The URL → handler table (docs/architecture.md lists it): the first route that matches
// answers, so the more specific come first.
void Service::add_routes() {
  using Methods = Router::Methods;
  using Rest = std::string_view;
  auto route = [this](Methods methods, std::string_view prefix, std::string_view suffix, const char* label,
                      Router::Handler handler) { router_.add({methods, prefix, suffix, false, label, std::move(handler)}); };
  auto exact = [this](Methods methods, std::string_view path, const char* label, Router::Handler handler) {
    router_.add({methods, path, {}, true, label, std::move(handler)});
  };
  // A member handler taking (request, rest).
  auto on = [this](asio::awaitable<Response> (Service::*member)(const Request&, Rest)) -> Router::Handler {
    return [this, member](const Request& request, Rest rest) { return (this->*member)(request, rest); };
  };
  route(Methods::kPost, "/v1/session/", "", "session", on(&Service::post_session));
  exact(Methods::kPost, "/v1/explain", "explain", [this](const Request& request, Rest) { return explain_lab(request); });
  route(Methods::kAny, "/v1/config/", "", "config", on(&Service::config_admin));
  exact(Methods::kRead, "/healthz", "healthz", [](const Request&, Rest) { return answer_now(json_response(200, R"({"status":"ok"})")); });
  // The same bytes for every blank segment: players and CDNs may cache it for a day.
  exact(Methods::kRead, kBlankWebVttPath, "blank", [](const Request&, Rest) {
    return answer_now({200, "text/vtt", "WEBVTT\n", {{"Cache-Control", "public, max-age=86400"}}});
  });
  exact(Methods::kRead, "/metrics", "metrics", [this](const Request& request, Rest) { return metrics_page(request); });
  route(Methods::kRead, "/v1/sessions/", "/explain", "sessions", [this](const Request& request, Rest id) {
    if (auto allowed = authorize_admin(request); !allowed) return answer_now(error_response(allowed.error()));
    return reports_->explain(id);
  });
  route(Methods::kRead, "/v1/sessions/", "/beacons", "sessions", [this](const Request&, Rest id) { return reports_->beacon_audit(id); });
  route(Methods::kRead, "/v1/sessions/", "/manifest.mpd", "sessions",
        [this](const Request& request, Rest id) { return existing_session(request, id, true); });
  route(Methods::kRead, "/v1/sessions/", "/master.m3u8", "sessions",
        [this](const Request& request, Rest id) { return existing_session(request, id, false); });
  route(Methods::kRead, "/v1/dash/", "", "dash", [this](const Request& request, Rest rest) { return start_session(request, rest, true); });
  route(Methods::kRead, "/v1/master/", "", "master",
        [this](const Request& request, Rest rest) { return start_session(request, rest, false); });
  route(Methods::kRead, "/v1/manifest/", "", "manifest", on(&Service::stitched_media));
  route(Methods::kRead, "/v1/segment/", "", "segment", on(&Service::ad_segment));
  route(Methods::kRead, kServedAdsPath, "", "ads",
        [this](const Request&, Rest file) { return answer_now(serve_file(config_.ad_renditions_dir, file)); });
  exact(Methods::kRead, "/v1/events", "events", [this](const Request& request, Rest) { return analytics_events(request); });
  exact(Methods::kRead, "/dashboard", "dashboard", [](const Request&, Rest) {
    return answer_now({200, "text/html; charset=utf-8", std::string(dashboard_page()), {}});
  });
  route(Methods::kRead, "/v1/tracking/", "", "tracking", [this](const Request&, Rest id) { return reports_->tracking(id); });
  route(Methods::kRead, "/v1/creatives/", "", "creatives", on(&Service::creative_status));
}

asio::awaitable<Response> Service::metrics_page(const Request& request) {
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
