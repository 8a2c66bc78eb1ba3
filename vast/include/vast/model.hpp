#pragma once
// VAST responses as plain structs. Times are milliseconds, the precision VAST writes.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace vast {

using Milliseconds = std::chrono::milliseconds;

struct MediaFile {
  std::string uri;
  std::string delivery;  ///< "progressive" or "streaming"
  std::string type;      ///< MIME type
  int width = 0;
  int height = 0;
  int bitrate = 0;  ///< kbit/s, 0 when absent
  std::string codec;
  std::string api_framework;  ///< e.g. "VPAID": not playable in SSAI
};

struct TrackingEvent {
  std::string event;  ///< "start", "firstQuartile", "progress", ...
  std::string uri;
  std::optional<std::string> offset;  ///< for "progress"
};

struct Linear {
  Milliseconds duration{};
  std::optional<Milliseconds> skip_offset;
  std::vector<MediaFile> media_files;
  std::vector<TrackingEvent> tracking_events;
  std::optional<std::string> click_through;
  std::vector<std::string> click_tracking;
};

struct Creative {
  std::string id;
  std::string ad_id;  ///< Creative@adId (VAST 3) / @AdID (VAST 2)
  std::optional<int> sequence;
  std::optional<std::string> universal_ad_id;  ///< VAST 4 UniversalAdId value
  std::optional<Linear> linear;
};

struct Ad {
  std::string id;
  std::optional<int> sequence;  ///< set for ads of a pod
  bool is_wrapper = false;
  std::string ad_system;
  std::string ad_title;
  std::optional<std::string> vast_ad_tag_uri;  ///< wrappers only
  std::vector<std::string> impressions;
  std::vector<std::string> errors;
  std::vector<Creative> creatives;
};

struct Document {
  std::string version;
  std::vector<Ad> ads;
  std::vector<std::string> errors;  ///< root-level Error URIs (the no-ad response)
};

}  // namespace vast
