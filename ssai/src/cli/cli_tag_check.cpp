// `ssai tag-check URL|FILE [--param k=v]... [--duration S] [--json] [--timeout-ms N]
// [--budget-ms N] [--max-depth N] [--store redis://HOST:PORT [--content MASTER_URL]]`:
// resolves an ad tag the way the service does and shows ad-ops what happened: the
// wrapper chain hop by hop, the final ads with the media file SSAI would use (and, with
// --store, where conditioning of each creative stands for the content's ladder: ready,
// under way, or failed and why), the plan for a break
// of the given length, and every error with its VAST code. A VMAP is resolved break by
// break.
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "adcache/creative_key.hpp"
#include "cli/cli_commands.hpp"
#include "common/json_io.hpp"
#include "decisions/plan_json.hpp"
#include "ssai/ad_decider.hpp"
#include "ssai/break_plan.hpp"
#include "ssai/conditioning.hpp"
#include "ssai/redis_job_store.hpp"
#include "ssai/vast_client.hpp"
#include "vast/vmap.hpp"

namespace ssai::cli {
namespace {

namespace asio = boost::asio;

struct TagCheckOptions {
  std::string source;
  Params params;
  manifests::Ticks duration{30 * 90000};
  bool json = false;
  VastRequestOptions request;
  std::unique_ptr<adcache::JobStore> jobs;  ///< --store: the service's conditioning jobs
  /// --content: the fingerprint of the content's ladder, which the service's creative
  /// keys carry (adcache::ladder_key); empty: the plain keys.
  std::string ladder;
};

// Where a creative's conditioning is looked up.
struct JobLookup {
  adcache::JobStore* jobs = nullptr;
  std::string ladder;
};

// Where conditioning of a creative stands, as one line for people.
std::string conditioning_line(const adcache::Result<std::optional<adcache::JobStatus>>& status) {
  if (!status) return "unknown: " + status.error().detail;
  if (!*status) return "never submitted";
  const auto& s = **status;
  std::string line = std::string(adcache::state_name(s.state)) + ", " + std::to_string(s.attempts) + " attempts";
  if (!s.reason.empty()) line += ": " + s.reason;
  return line;
}

std::optional<std::int64_t> number(const std::string& text) {
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

std::string seconds(manifests::Ticks t) { return manifests::format_seconds(t); }

// Where the break's plan comes from here: the VAST Duration (no ad cache at hand).
tl::expected<PlayableCreative, DroppedAd> playable_by_vast(const vast::Ad& ad) {
  const auto* creative = vast::linear_creative(ad);
  if (!creative) return tl::unexpected(DroppedAd{ad.id, 0, "no linear creative", SkipReason::kNoPlayableMedia});
  auto key = adcache::creative_key(*creative);
  if (!key || (!adcache::source_media_file(*creative) && !adcache::streaming_media_file(*creative))) {
    return tl::unexpected(DroppedAd{ad.id, static_cast<int>(vast::ErrorCode::kNoSupportedMedia),
                                    key ? "no playable video media file (VPAID and other interactive files are not)"
                                        : key.error().detail,
                                    SkipReason::kNoPlayableMedia});
  }
  return PlayableCreative{*key, manifests::Ticks{creative->linear->duration.count() * 90}};
}

struct Checked {
  std::string label;
  VastOutcome outcome;
  BreakPlan plan;
};

// What became of an ad of the response in the break's plan.
std::string outcome_of(const vast::Ad& ad, const AvailDecision& plan, bool standalone) {
  for (const auto& placed : plan.ads) {
    if (placed.ad_id == ad.id && placed.standalone == standalone) return standalone ? "plays, in place of a pod ad" : "plays";
  }
  for (const auto& dropped : plan.dropped) {
    if (dropped.ad_id == ad.id) return std::string("skipped (") + skip_reason_name(dropped.skip) + "): " + dropped.reason;
  }
  if (!standalone) return "not placed";
  if (ad.is_wrapper) return "not used: a stand-alone wrapper is followed only to replace an empty pod wrapper";
  return "not tried: no pod ad was left to replace";
}

void write_hop(JsonWriter& w, const vast::Hop& hop) {
  w.begin_object();
  w.field("url", hop.url);
  w.field("depth", hop.depth);
  w.field("ok", hop.ok);
  w.field("vast_version", hop.vast_version);
  w.field("ads", static_cast<std::uint64_t>(hop.ads));
  w.field("elapsed_ms", hop.elapsed_ms);
  if (!hop.error.empty()) w.field("error", hop.error);
  w.end_object();
}

// One ad of the response as JSON, with what became of it.
void write_ad(JsonWriter& w, const vast::Ad& ad, const Checked& c, bool standalone, const JobLookup& lookup) {
  w.begin_object();
  w.field("id", ad.id);
  if (standalone) w.field("standalone", true);
  w.field("outcome", outcome_of(ad, c.plan.decision, standalone));
  if (ad.sequence) w.field("sequence", *ad.sequence);
  w.field("ad_system", ad.ad_system);
  w.field("ad_title", ad.ad_title);
  if (!ad.ad_serving_id.empty()) w.field("ad_serving_id", ad.ad_serving_id);
  w.key("impressions");
  w.begin_array();
  for (const auto& i : ad.impressions) w.value(i.uri);
  w.end_array();
  w.key("errors");
  w.begin_array();
  for (const auto& e : ad.errors) w.value(e);
  w.end_array();
  if (const auto* creative = vast::linear_creative(ad)) {
    w.field("duration_seconds", static_cast<double>(creative->linear->duration.count()) / 1000.0);
    if (auto key = adcache::creative_key(*creative)) {
      w.field("creative_key", *key);
      if (lookup.jobs) {
        const auto job_key = adcache::ladder_key(*key, lookup.ladder);
        w.field("job_key", job_key);
        const auto status = lookup.jobs->status(job_key);
        w.key("conditioning");
        w.begin_object();
        if (status && *status) {
          w.field("state", adcache::state_name((*status)->state));
          w.field("attempts", (*status)->attempts);
          if (!(*status)->reason.empty()) w.field("reason", (*status)->reason);
        } else {
          w.field("state", status ? "never submitted" : "unknown");
          if (!status) w.field("reason", status.error().detail);
        }
        w.end_object();
      }
    }
    w.field("media_files", static_cast<std::uint64_t>(creative->linear->media_files.size()));
    if (const auto* file = adcache::source_media_file(*creative)) {
      w.key("chosen_media_file");
      w.begin_object();
      w.field("uri", file->uri);
      w.field("type", file->type);
      w.field("width", file->width);
      w.field("height", file->height);
      w.field("bitrate", file->bitrate);
      w.end_object();
    }
    write_events(w, "tracking", creative->linear->tracking_events, "uri",
                 [](const vast::TrackingEvent& t) { return std::pair(std::string_view(t.event), std::string_view(t.uri)); });
  }
  w.end_object();
}

void write_json(JsonWriter& w, const Checked& c, const JobLookup& lookup) {
  w.begin_object();
  w.field("break", c.label);
  w.key("request");
  write_hop(w, c.outcome.request);
  if (!c.outcome.failure.empty()) w.field("failure", c.outcome.failure);
  w.key("wrapper_chain");
  w.begin_array();
  for (const auto& hop : c.outcome.resolution.hops) write_hop(w, hop);
  w.end_array();
  w.key("ads");
  w.begin_array();
  for (const auto& ad : c.outcome.resolution.ads) write_ad(w, ad, c, false, lookup);
  for (const auto& ad : c.outcome.resolution.buffet) write_ad(w, ad, c, true, lookup);
  w.end_array();
  const auto& d = c.plan.decision;
  w.key("plan");
  w.begin_object();
  write_plan_fields(w, d);
  w.end_object();
  w.key("error_beacons");
  w.begin_array();
  for (const auto& url : c.plan.error_beacons) w.value(url);
  w.end_array();
  w.end_object();
}

void print_text(const Checked& c, const JobLookup& lookup) {
  std::printf("== %s\n", c.label.c_str());
  const auto& r = c.outcome.request;
  std::printf("request   %s  (%s, %lld ms)\n", r.url.c_str(), r.ok ? ("VAST " + r.vast_version).c_str() : r.error.c_str(),
              static_cast<long long>(r.elapsed_ms));
  for (const auto& hop : c.outcome.resolution.hops) {
    std::printf("wrapper %d %s  (%s, %lld ms)\n", hop.depth, hop.url.c_str(),
                hop.ok ? ("VAST " + hop.vast_version + ", " + std::to_string(hop.ads) + " ads").c_str() : hop.error.c_str(),
                static_cast<long long>(hop.elapsed_ms));
  }
  auto print_ad = [&](const vast::Ad& ad, bool standalone) {
    std::printf("ad        %s \"%s\" from %s%s\n", ad.id.c_str(), ad.ad_title.c_str(), ad.ad_system.c_str(),
                standalone ? " (stand-alone)" : "");
    std::printf("          %s\n", outcome_of(ad, c.plan.decision, standalone).c_str());
    if (const auto* creative = vast::linear_creative(ad)) {
      std::printf("          %.3f s", static_cast<double>(creative->linear->duration.count()) / 1000.0);
      if (const auto* file = adcache::source_media_file(*creative)) {
        std::printf(", media %s %dx%d %d kbit/s %s", file->type.c_str(), file->width, file->height, file->bitrate, file->uri.c_str());
      }
      std::printf("\n          %zu impressions, %zu tracking events, %zu error URIs\n", ad.impressions.size(),
                  creative->linear->tracking_events.size(), ad.errors.size());
      auto key = adcache::creative_key(*creative);
      if (lookup.jobs && key) {
        const auto job_key = adcache::ladder_key(*key, lookup.ladder);
        std::printf("          conditioning %s: %s\n", job_key.c_str(), conditioning_line(lookup.jobs->status(job_key)).c_str());
      }
    }
  };
  for (const auto& ad : c.outcome.resolution.ads) print_ad(ad, false);
  for (const auto& ad : c.outcome.resolution.buffet) print_ad(ad, true);
  const auto& d = c.plan.decision;
  std::printf("plan      %s s break: ", seconds(d.capacity).c_str());
  for (const auto& ad : d.ads) std::printf("%s (%s s), ", ad.ad_id.c_str(), seconds(ad.duration).c_str());
  std::printf("slate %s s\n", seconds(d.slate).c_str());
  for (const auto& x : d.dropped) {
    std::printf("skipped   %s: %s, VAST %d: %s\n", x.ad_id.c_str(), skip_reason_name(x.skip), x.vast_error, x.reason.c_str());
  }
  if (!c.outcome.failure.empty()) std::printf("no ads    %s\n", c.outcome.failure.c_str());
}

template <class Task>
VastOutcome run_blocking(Task task) {
  asio::io_context io;
  VastOutcome result;
  asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, VastOutcome outcome) {
    if (e) std::rethrow_exception(e);
    result = std::move(outcome);
  });
  io.run();
  return result;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int tag_check(const Args& args) {
  TagCheckOptions o;
  for (std::size_t i = 1; i < args.items.size(); ++i) {
    const auto& a = args.items[i];
    const bool has_value = i + 1 < args.items.size();
    if (a == "--json") {
      o.json = true;
    } else if (a == "--param" && has_value) {
      const auto& kv = args.items[++i];
      const auto eq = kv.find('=');
      if (eq == std::string::npos) return usage_error("--param takes k=v");
      o.params.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    } else if ((a == "--duration" || a == "--timeout-ms" || a == "--budget-ms" || a == "--max-depth") && has_value) {
      auto value = number(args.items[++i]);
      if (!value) return usage_error(a + " takes a positive whole number");
      if (a == "--duration") o.duration = manifests::Ticks{*value * 90000};
      if (a == "--timeout-ms") o.request.request_timeout = std::chrono::milliseconds{*value};
      if (a == "--budget-ms") o.request.budget = std::chrono::milliseconds{*value};
      if (a == "--max-depth") o.request.max_depth = static_cast<int>(std::min<std::int64_t>(*value, 20));
    } else if (a == "--content" && has_value) {
      auto ladder = read_ladder_fingerprint(args.items[++i], OutboundPolicy::open());
      if (!ladder) return input_error("--content: " + ladder.error().detail);
      o.ladder = std::move(*ladder);
    } else if (a == "--store" && has_value) {
      auto redis = parse_redis_url(args.items[++i]);
      if (!redis) return usage_error("--store takes redis://HOST:PORT: " + redis.error().detail);
      o.jobs = std::make_unique<RedisJobStore>(*redis);
    } else if (o.source.empty() && !a.starts_with("--")) {
      o.source = a;
    } else {
      return usage_error("tag-check: unexpected '" + a + "'");
    }
  }
  if (o.source.empty()) return usage_error("tag-check needs a URL or FILE");

  Session session;
  session.id = new_session_id();
  session.player_params = o.params;
  manifests::Avail avail;
  avail.id = "t0";
  avail.duration = avail.content_duration = o.duration;
  vast::MacroValues macros;
  macros.set("SERVERSIDE", "1");

  Fetcher fetcher({}, OutboundPolicy::open());  // the operator's own tool: tags and wrappers wherever they point
  const bool is_url = o.source.starts_with("http://") || o.source.starts_with("https://");
  std::optional<std::string> body;
  if (!is_url) {
    body = read_file(o.source);
    if (!body) return input_error("cannot read " + o.source);
  } else {
    // A VMAP is recognised by its root, so fetch once and look.
    auto response = Fetcher::get_blocking(expand_ads_url(o.source, session, avail, 1), FetchOptions{}, OutboundPolicy::open());
    if (response && response->status == 200 && response->body.find("VMAP") != std::string::npos &&
        vast::parse_vmap(response->body)) {
      body = std::move(response->body);
    }
  }
  std::vector<Checked> checked;
  auto check_vast = [&](std::string label, std::optional<std::string> inline_body, std::string url) {
    auto outcome = inline_body ? run_blocking(resolve_response(fetcher, *inline_body, o.request))
                               : run_blocking(request_ads(fetcher, url, o.request));
    auto plan = plan_break(outcome.resolution, o.duration, playable_by_vast, macros);
    checked.push_back({std::move(label), std::move(outcome), std::move(plan)});
  };
  if (body && body->find("VMAP") != std::string::npos) {
    auto vmap = vast::parse_vmap(*body);
    if (!vmap) return input_error("VMAP rejected: " + vmap.error().detail);
    for (const auto& ad_break : vmap->ad_breaks) {
      const std::string label = "VMAP break " + ad_break.break_id + " (" + ad_break.break_type + ")";
      if (!ad_break.ad_source) continue;
      if (ad_break.ad_source->vast_ad_data) {
        check_vast(label, ad_break.ad_source->vast_ad_data, {});
      } else if (ad_break.ad_source->ad_tag_uri) {
        check_vast(label, std::nullopt, *ad_break.ad_source->ad_tag_uri);
      }
    }
  } else if (body) {
    check_vast(o.source, body, {});
  } else {
    check_vast(o.source, std::nullopt, expand_ads_url(o.source, session, avail, 1));
  }

  bool any_ads = false;
  for (const auto& c : checked) any_ads |= !c.plan.decision.ads.empty();
  if (o.json) {
    JsonWriter w;
    w.begin_object();
    w.key("breaks");
    w.begin_array();
    for (const auto& c : checked) write_json(w, c, JobLookup{o.jobs.get(), o.ladder});
    w.end_array();
    w.end_object();
    std::puts(w.take().c_str());
  } else {
    for (const auto& c : checked) print_text(c, JobLookup{o.jobs.get(), o.ladder});
  }
  return any_ads ? 0 : 1;
}

}  // namespace ssai::cli
