#pragma once
// The store's key layout, in one place.
#include <string>
#include <string_view>

namespace ssai::keys {

inline std::string session(std::string_view id) { return "session:" + std::string(id); }

/// Kept a day longer than the session: tells "expired" (410) from "never existed" (404).
inline std::string session_issued(std::string_view id) { return "issued:" + std::string(id); }

/// The VMAP a VOD session's breaks come from (empty: the ad server gave none).
inline std::string vmap(std::string_view session_id) { return "vmap:" + std::string(session_id); }

/// The VMAP a guided configuration's shared VOD playlists place their breaks by, asked of
/// one ad server URL (`ad_server_hash`): a new URL asks anew.
inline std::string schedule_vmap(std::string_view config, std::string_view ad_server_hash) {
  return "schedule:" + std::string(config) + ":" + std::string(ad_server_hash);
}

/// The last window of a live playlist without program dates that a node dated (the
/// chain of dates guided playlists continue: origin/live_dates.hpp), by its URL.
inline std::string live_dates(std::string_view playlist_url) { return "livedates:" + std::string(playlist_url); }

inline std::string decision(std::string_view session_id, std::string_view avail_id) {
  return "decision:" + std::string(session_id) + ":" + std::string(avail_id);
}

/// The avails a session has decisions for, in the order they were decided (explain).
inline std::string session_avails(std::string_view session_id) { return "avails:" + std::string(session_id); }

/// What a live session was served of one variant (manifests::hls::LiveLedger's text).
inline std::string live_ledger(std::string_view session_id, std::size_t variant) {
  return "live:" + std::string(session_id) + ":" + std::to_string(variant);
}

inline std::string beacon(std::string_view session_id, std::string_view avail_id, std::size_t ad, std::string_view event) {
  return "beacon:" + std::string(session_id) + ":" + std::string(avail_id) + ":" + std::to_string(ad) + ":" +
         std::string(event);
}

/// Marks a VAST 4.1 AdServingId's event as fired, whichever session or avail saw it.
inline std::string ad_serving(std::string_view ad_serving_id, std::string_view event) {
  return "adserving:" + std::string(ad_serving_id) + ":" + std::string(event);
}

/// The beacon queue (BeaconQueue): a stream of beacons due now, read by the
/// dispatchers' consumer group, and a sorted set of those due later (by Unix ms).
inline constexpr std::string_view kBeaconsDue = "beacons:due";
inline constexpr std::string_view kBeaconsGroup = "dispatchers";
inline constexpr std::string_view kBeaconsLater = "beacons:later";

/// When a session's player last asked for anything, and its poll interval: "seen:poll",
/// in ms (Presence).
inline std::string presence(std::string_view session_id) { return "presence:" + std::string(session_id); }

/// The ladders a playback configuration's sessions met: a list of "<fingerprint> <hls|dash>
/// <content URL>", read at start-up to condition the slate for each.
inline std::string ladders_in_use(std::string_view config) { return "ladders:" + std::string(config); }

/// A session's beacon audit trail: a list of JSON records.
inline std::string beacon_audit(std::string_view session_id) { return "beacons:audit:" + std::string(session_id); }

/// The analytics stream dashboards read with XREAD: one entry per ad event or decision,
/// its JSON in the field "e".
inline constexpr std::string_view kAnalytics = "analytics";

}  // namespace ssai::keys
