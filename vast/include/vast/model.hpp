#pragma once
// VAST 2.0-4.3 responses as plain structs. Times are milliseconds, the precision VAST
// writes. Element and attribute names follow the spec, in snake_case.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vast {

using Milliseconds = std::chrono::milliseconds;

struct MediaFile {
  std::string uri;
  std::string id;
  std::string delivery;  ///< "progressive" or "streaming"
  std::string type;      ///< MIME type
  int width = 0;
  int height = 0;
  int bitrate = 0;  ///< kbit/s, 0 when absent
  int min_bitrate = 0;
  int max_bitrate = 0;
  std::string codec;
  std::string api_framework;  ///< "VPAID", ...: interactive, not playable in SSAI
  std::optional<bool> scalable;
  std::optional<bool> maintain_aspect_ratio;
};

/// VAST 4 Mezzanine: the high-quality source meant for transcoding (SSAI's best input).
struct Mezzanine {
  std::string uri;
  std::string delivery;
  std::string type;
  int width = 0;
  int height = 0;
  std::string codec;
  std::string file_size;
  std::string media_type;
};

struct InteractiveCreativeFile {
  std::string uri;
  std::string type;
  std::string api_framework;
};

struct ClosedCaptionFile {
  std::string uri;
  std::string type;
  std::string language;
};

struct TrackingEvent {
  std::string event;  ///< "start", "firstQuartile", "progress", ...
  std::string uri;
  std::optional<std::string> offset;  ///< "progress": HH:MM:SS(.mmm) or n%
};

struct VideoClicks {
  std::optional<std::string> click_through;
  std::vector<std::string> click_tracking;
  std::vector<std::string> custom_click;
};

struct Icon {
  std::string program;
  int width = 0;
  int height = 0;
  std::string x_position;
  std::string y_position;
  std::optional<Milliseconds> duration;
  std::optional<Milliseconds> offset;
  std::string api_framework;
  std::string static_resource;
  std::string iframe_resource;
  std::string html_resource;
  std::optional<std::string> click_through;
  std::vector<std::string> click_tracking;
  std::vector<std::string> view_tracking;
};

struct Linear {
  Milliseconds duration{};
  std::optional<std::string> skip_offset;  ///< as written: HH:MM:SS(.mmm) or n%
  std::vector<MediaFile> media_files;
  std::vector<Mezzanine> mezzanines;
  std::vector<InteractiveCreativeFile> interactive_creative_files;
  std::vector<ClosedCaptionFile> closed_caption_files;
  std::vector<TrackingEvent> tracking_events;
  VideoClicks video_clicks;
  std::vector<Icon> icons;
};

/// Overlays and companions: SSAI does not render them, the tracking API hands them on.
struct NonLinear {
  std::string id;
  int width = 0;
  int height = 0;
  std::optional<Milliseconds> min_suggested_duration;
  std::string api_framework;
  std::string static_resource;
  std::string static_resource_type;
  std::string iframe_resource;
  std::string html_resource;
  std::optional<std::string> click_through;
  std::vector<std::string> click_tracking;
};

struct NonLinearAds {
  std::vector<NonLinear> non_linears;
  std::vector<TrackingEvent> tracking_events;
};

struct Companion {
  std::string id;
  int width = 0;
  int height = 0;
  std::string ad_slot_id;
  std::string api_framework;
  std::string static_resource;
  std::string static_resource_type;
  std::string iframe_resource;
  std::string html_resource;
  std::optional<std::string> click_through;
  std::vector<std::string> click_tracking;
  std::vector<TrackingEvent> tracking_events;  ///< creativeView
};

struct CompanionAds {
  std::string required;  ///< "all", "any", "none" or empty
  std::vector<Companion> companions;
};

struct UniversalAdId {
  std::string id_registry;
  std::string value;
};

struct Creative {
  std::string id;
  std::string ad_id;  ///< Creative@adId (VAST 3-4) / @AdID (VAST 2)
  std::optional<int> sequence;
  std::string api_framework;
  std::vector<UniversalAdId> universal_ad_ids;  ///< VAST 4.1 allows several
  std::vector<std::string> creative_extensions;  ///< each as XML text
  std::optional<Linear> linear;
  std::optional<NonLinearAds> non_linear_ads;
  std::optional<CompanionAds> companion_ads;

  /// The first UniversalAdId value, if any (the VAST 4.0 single form included).
  [[nodiscard]] std::optional<std::string> universal_ad_id() const;
};

struct Impression {
  std::string id;
  std::string uri;
};

struct Pricing {
  std::string model;  ///< CPM, CPC, CPE, CPV
  std::string currency;
  std::string value;
};

struct Category {
  std::string authority;
  std::string value;
};

struct Verification {
  std::string vendor;
  std::vector<std::string> javascript_resources;
  std::string api_framework;
  std::optional<std::string> verification_parameters;
  std::vector<TrackingEvent> tracking_events;  ///< verificationNotExecuted
};

struct ViewableImpression {
  std::string id;
  std::vector<std::string> viewable;
  std::vector<std::string> not_viewable;
  std::vector<std::string> view_undetermined;
};

struct Extension {
  std::string type;
  std::string xml;
};

struct Ad {
  std::string id;
  std::optional<int> sequence;  ///< set for ads of a pod
  bool conditional_ad = false;
  bool is_wrapper = false;
  std::string ad_system;
  std::string ad_system_version;
  std::string ad_title;
  std::string ad_serving_id;  ///< VAST 4.1: identifies this serving for reconciliation
  std::string description;
  std::string advertiser;
  std::optional<Pricing> pricing;
  std::vector<Category> categories;
  std::optional<std::int64_t> expires;  ///< seconds the response may be cached
  std::string survey;
  std::vector<Impression> impressions;
  std::vector<std::string> errors;
  std::vector<Verification> ad_verifications;
  std::optional<ViewableImpression> viewable_impression;
  std::vector<Extension> extensions;
  std::vector<Creative> creatives;
  // Wrapper only.
  std::optional<std::string> vast_ad_tag_uri;
  bool follow_additional_wrappers = true;
  bool allow_multiple_ads = false;
  bool fallback_on_no_ad = false;
};

/// Something wrong with one ad of a response. Dropped ads are left out of Document::ads;
/// the others are kept with the issue noted. Either way the ad's Error URIs may be told.
struct AdIssue {
  std::string ad_id;
  int vast_error = 101;
  std::string reason;
  bool dropped = true;
  std::vector<std::string> error_uris;
};

struct Document {
  std::string version;
  std::vector<Ad> ads;
  std::vector<std::string> errors;  ///< root-level Error URIs (the no-ad response)
  std::vector<AdIssue> issues;
};

}  // namespace vast
