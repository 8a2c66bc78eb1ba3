#pragma once
// The service configuration file: listen address, where conditioned ads live, and the
// playback configurations (one per content origin / ad server pairing).
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>
#include <vector>
#include <string>
#include <string_view>

#include "adcache/ladder_spec.hpp"
#include "ssai/error.hpp"
#include "ssai/outbound_policy.hpp"

namespace ssai {

/// Where the breaks of VOD content come from.
enum class VodAdSchedule {
  kCues,  ///< the content's cues: spans are replaced, zero-length cues get ads inserted
  kVmap,  ///< the ad server answers VMAP once per session; its breaks are inserted
};

/// How a session's ads reach its player.
enum class InsertionMode {
  /// Ads spliced into each session's own copy of the media playlists (every player).
  kStitched,
  /// Server-guided: the content playlists are the same for every session (a CDN can
  /// cache them) and mark each break as an HLS interstitial; the player asks for the
  /// session's ads (its asset list) and plays them in its own pipeline (hls.js 1.6+,
  /// AVPlayer, Shaka 5).
  kGuided,
  /// Each session chooses when it starts (?aws.insertionMode=GUIDED|STITCHED, or
  /// "insertionMode" in a POST /v1/session body); players known not to handle
  /// interstitials (stitched_user_agents) are stitched whatever they ask.
  kPlayerSelect,
};

[[nodiscard]] const char* insertion_mode_name(InsertionMode mode);

/// Which live breaks a session leaves unfilled (content plays), by where each starts
/// against the moment the session started (MediaTailor's modes, in our words).
enum class AvailSuppression {
  kOff,
  kBehindLiveEdge,  ///< breaks that started at or before (session start - value)
  kAfterLiveEdge,   ///< breaks that start before (session start + value)
};

struct PlaybackConfiguration {
  std::string name;
  std::string content_origin;      ///< base URL, ends with '/'; content paths are appended
  std::string ad_decision_server;  ///< URL template with [session.id], [player_params.x], ...
  /// When set, the ad request is a POST of this template (same variables, JSON-escaped
  /// when the Content-Type header says JSON, percent-encoded otherwise).
  std::optional<std::string> ad_decision_server_body;
  std::vector<std::pair<std::string, std::string>> ad_decision_server_headers;  ///< templates too
  std::string slate_url;           ///< fills what ads leave of a break; empty: none
  /// Played before the first ad and after the last of every break that has ads ("This
  /// programme will continue after these messages"); empty: none. Conditioned like the
  /// slate; not ads: no beacons.
  std::string bumper_start_url;
  std::string bumper_end_url;
  /// Live pre-roll: when a live session starts, this ad server (a URL template, asked
  /// with a GET) fills a break of at most `live_preroll_max` from where its player
  /// joins; the ads that fit play whole, then content. Empty: no live pre-roll.
  std::string live_preroll_ads;
  std::chrono::milliseconds live_preroll_max{0};
  /// An explicit ladder (transcode_profile.hpp) instead of the content's: creatives and
  /// slate are conditioned to it. `transcode_profile_source` names it to the workers.
  std::optional<adcache::LadderSpec> transcode_profile;
  std::string transcode_profile_source;
  std::chrono::milliseconds ads_timeout{3000};   ///< each ad server / wrapper request
  std::chrono::milliseconds ads_budget{10000};   ///< everything one avail's decision may take
  int max_wrapper_depth = 7;
  std::chrono::milliseconds origin_timeout{3000};
  /// How long this configuration's sessions live after their players last asked for a
  /// playlist; unset: the service's session_ttl_seconds.
  std::optional<std::chrono::seconds> session_ttl;
  std::size_t manifest_max_bytes = 2 * 1024 * 1024;
  /// The most sessions of this configuration one node starts within a session TTL (503
  /// past it; session_window.hpp); 0: no cap.
  std::size_t max_sessions = 0;
  VodAdSchedule vod_ad_schedule = VodAdSchedule::kCues;
  InsertionMode insertion_mode = InsertionMode::kStitched;
  /// kPlayerSelect: what a session that asks for nothing gets (MediaTailor's: stitched).
  InsertionMode player_select_default = InsertionMode::kStitched;
  /// kPlayerSelect: User-Agent substrings (case-insensitive) of players that get
  /// stitched sessions whatever they ask for.
  std::vector<std::string> stitched_user_agents;
  /// The most ad time one inserted break (pre-roll, VMAP break, zero-length cue) may add.
  std::chrono::milliseconds max_inserted_break{120'000};
  /// A live break whose cue says no duration (a bare CUE-OUT, ended by its CUE-IN) is
  /// planned for this long: its ads and slate fill that much from its start, then content
  /// resumes; an earlier CUE-IN cuts to content there.
  std::chrono::milliseconds unsignalled_break{60'000};
  /// Breaks shorter than this (planned duration) pass through untouched: no ad request.
  std::chrono::milliseconds personalization_threshold{0};
  AvailSuppression avail_suppression = AvailSuppression::kOff;
  std::chrono::milliseconds avail_suppression_value{0};
  /// kAfterLiveEdge: a break already under way when the session starts is filled from
  /// where it is (true) or left unfilled (false).
  bool suppression_partial_avail = false;
  /// Keep the origin's cue tags: the break's opening cue on its first ad segment, the
  /// CUE-IN where the content resumes (for players and monitors that read them).
  bool ad_marker_passthrough = false;
  /// A CDN in front of the origin: content segment URIs under content_origin are served
  /// under this prefix instead. Empty: as the origin has them.
  std::string content_segment_prefix;
  /// The CDN that serves this configuration's ad and slate segments: it replaces the
  /// service's ad_renditions.base_url in the ad segment redirects. Empty: that base.
  std::string ad_segment_prefix;
  std::string json;  ///< as it was given (file or API), for GET /v1/config/{name}

  /// What the creatives of a session on `master_url` are conditioned to (a job's
  /// ladder source): the profile when there is one, else the content itself. DASH
  /// content (an MPD) always gives its own: its periods must match its adaptation sets.
  [[nodiscard]] const std::string& ladder_source(const std::string& master_url) const {
    return transcode_profile && !master_url.ends_with(".mpd") ? transcode_profile_source : master_url;
  }
};

/// 1 to 64 of [A-Za-z0-9._-], not starting with '.': one path segment, safe in store keys.
[[nodiscard]] bool is_config_name(std::string_view name);

/// One playback configuration from its JSON object (PUT /v1/config/{name}); errors name
/// the field.
[[nodiscard]] Result<PlaybackConfiguration> parse_playback_configuration(const std::string& name, std::string_view json);

/// Where the service serves conditioned renditions when no CDN prefix is configured.
inline constexpr std::string_view kServedAdsPath = "/v1/ads/";

/// How this node sends server-side beacons (BeaconDispatcher; "beacons" in the file).
struct BeaconSettings {
  std::string node;  ///< this node's name in the shared queue; empty: a random one per run
  std::chrono::seconds give_up{3600};  ///< after the beacon was due: recorded as failed
  std::chrono::milliseconds timeout{5000};
  std::chrono::milliseconds first_retry{1000};
  std::chrono::milliseconds last_retry{60'000};
  std::size_t per_host = 8;
  /// How long a beacon a node took stays with it before another node may send it (the
  /// node died): longer than `timeout`.
  std::chrono::seconds lease{30};
  /// Send the viewer's IP and user agent in X-Device-IP / X-Forwarded-For and
  /// X-Device-User-Agent, as the IAB's server-side guidance asks (a privacy choice).
  bool forward_device = false;
  /// How far ahead of playback a player may fetch: a deferred beacon (a quartile
  /// fetched before playback reached it) is sent only if the session asked for
  /// something within this long before it was due. Live sessions use three of their
  /// poll intervals instead.
  std::chrono::seconds presence_window{30};
};

/// What one client and one session may take ("session_limits" in the file).
struct SessionLimits {
  /// New sessions per client address on this node: a token bucket (429 past it).
  double create_per_second = 20;
  double create_burst = 200;
  /// Player parameters (query or adsParams): how many, and their bytes in all.
  std::size_t max_params = 64;
  std::size_t max_params_bytes = 8 * 1024;
  /// A session as stored (its variants come from the origin's master).
  std::size_t max_stored_bytes = 256 * 1024;
  /// The embedded store's size; past it, what was least recently used goes first and
  /// new sessions get 503 when nothing idle is left to drop.
  std::size_t memory_store_max_bytes = std::size_t{1} << 30;
};

struct ServiceConfig {
  std::string listen = "127.0.0.1:8080";
  /// Where outgoing requests may go ("outbound": {"allow": [...]}): public addresses,
  /// and the non-public ones named there (the demo's and the tests' loopback fixtures).
  OutboundPolicy outbound;
  /// Outgoing requests one ad decision may cause: the ad request, its wrappers and the
  /// Error beacons it queues ("outbound.max_requests_per_decision").
  std::size_t max_requests_per_decision = 32;
  std::string public_base_url;  ///< how players reach us; empty: from each request (request_origin.hpp)
  /// Host header values we answer with absolute URLs when public_base_url is unset
  /// (besides the listen address); lower case.
  std::vector<std::string> public_hosts;
  /// Proxies (addresses, CIDRs) whose X-Forwarded-For, -Host and -Proto are believed.
  std::vector<IpPrefix> trusted_proxies;
  std::chrono::seconds session_ttl{4 * 3600};
  /// Bearer token for the admin routes (/v1/creatives/..., /v1/config/...); empty: they
  /// answer 401 to everyone.
  std::string admin_token;
  /// An HTTPS listener besides `listen` ("tls": {"listen", "certificate", "key"}), for
  /// deployments with no TLS-terminating proxy in front.
  struct Tls {
    std::string listen;
    std::filesystem::path certificate;
    std::filesystem::path key;
  };
  std::optional<Tls> tls;
  /// Bearer token for GET /metrics (Prometheus' authorization.credentials); empty: open.
  std::string metrics_token;
  /// Signs the content path a variant URL carries for when the store is down (the
  /// player then gets the content without ads). Nodes behind one balancer share it;
  /// empty: each process draws its own.
  std::string url_signing_secret;
  std::filesystem::path ad_renditions_dir;
  std::string ad_renditions_base_url;  ///< ends with '/'; kServedAdsPath when we serve them
  /// Size cap of ad_renditions_dir; least recently used creatives go first. 0: no cap.
  std::uintmax_t ad_renditions_max_bytes = 20ull << 30;
  /// Threads transcoding new creatives (0: none on this node; `ssai serve --no-workers`).
  int conditioning_workers = 1;
  /// How long a conditioning job stays with a worker that stopped renewing it (died).
  std::chrono::seconds conditioning_lease{30};
  BeaconSettings beacons;
  SessionLimits session_limits;
  std::map<std::string, PlaybackConfiguration, std::less<>> playback_configurations;
};

/// How long a session of a configuration lives after its players last asked: the
/// configuration's own session_ttl, else the service's. Its decisions, ledgers and
/// beacon records live as long.
struct SessionLifetime {
  std::chrono::seconds service_default{4 * 3600};
  [[nodiscard]] std::chrono::seconds operator()(const PlaybackConfiguration& config) const {
    return config.session_ttl.value_or(service_default);
  }
};

/// Relative paths in the file are taken relative to `base_dir`.
[[nodiscard]] Result<ServiceConfig> parse_config(std::string_view json, const std::filesystem::path& base_dir);
[[nodiscard]] Result<ServiceConfig> load_config(const std::filesystem::path& file);

}  // namespace ssai
