#pragma once
// What integration tests build again and again: a VAST document of inline linear ads,
// and the variant URLs of a session's master playlist.
#include <optional>
#include <string>
#include <vector>

namespace test_support {

struct InlineAd {
  std::string id;
  std::string universal_ad_id;  ///< the creative key the service will use
  std::string media_url;
  int seconds = 10;
  std::string type = "video/mp4";
  std::string delivery = "progressive";
  int width = 1280;
  int height = 720;
  std::optional<int> sequence;  ///< set: part of a pod
  std::string impression = "http://127.0.0.1:9/imp";

  /// An ad of 10 s, 1280x720 progressive MP4, its creative keyed by `universal_ad_id`.
  [[nodiscard]] static InlineAd of(std::string id, std::string universal_ad_id, std::string media_url) {
    InlineAd ad;
    ad.id = std::move(id);
    ad.universal_ad_id = std::move(universal_ad_id);
    ad.media_url = std::move(media_url);
    return ad;
  }
};

/// A VAST 4.2 document holding `ads`.
[[nodiscard]] std::string vast_document(const std::vector<InlineAd>& ads);

/// The media playlist URLs of the master at `master_url` (a new session each time);
/// empty when it does not answer 200.
[[nodiscard]] std::vector<std::string> variant_urls(const std::string& master_url);

}  // namespace test_support
