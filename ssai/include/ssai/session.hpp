#pragma once
// A viewing session: who is watching what, and the content variants its master listed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssai/error.hpp"
#include "ssai/http_types.hpp"

namespace ssai {

/// What a media playlist of the session carries: a variant (EXT-X-STREAM-INF), an
/// alternate rendition (EXT-X-MEDIA with a URI) of audio or subtitles, or a variant's
/// I-frames for trick play (EXT-X-I-FRAME-STREAM-INF).
enum class MediaKind { kVariant, kAudio, kSubtitles, kIFrames };

struct SessionVariant {
  std::string uri;  ///< absolute origin URL of the media playlist
  int bandwidth = 0;
  int width = 0;
  int height = 0;
  MediaKind kind = MediaKind::kVariant;
};

struct Session {
  std::string id;
  std::string config;
  std::string master_url;
  Params player_params;
  std::string user_agent;
  std::string client_ip;
  std::int64_t started_ms = 0;  ///< wall clock (ms since 1970) when the session began
  /// The content is a DASH MPD (master_url names it): one stitched MPD, no variants.
  bool dash = false;
  /// Server-guided (InsertionMode::kGuided): the player reads the shared content
  /// playlists and asks for this session's ads by asset list; else stitched.
  bool guided = false;
  /// The content's ladder (adcache::ladder_fingerprint), read when the session began:
  /// creatives are conditioned, and looked up, for it. Empty when it could not be read.
  std::string ladder;
  /// Live content with a live pre-roll configured: the content media sequence number
  /// where the pre-roll starts (where the player joined, live_join_msn), fixed when the
  /// session began so that every rendition and node lays it alike.
  std::optional<std::int64_t> preroll_msn;
  /// Every media playlist the master lists, in its order: variants and alternate
  /// renditions; their index is their name in the session's URLs.
  std::vector<SessionVariant> variants;

  /// The variant whose breaks every rendition follows (alternate renditions often carry
  /// no cues): the first. Null when there is none.
  [[nodiscard]] const SessionVariant* main_variant() const;
};

/// 128 random bits from the kernel (getrandom), as 32 lowercase hex digits.
[[nodiscard]] std::string new_session_id();
/// True for strings new_session_id could have produced.
[[nodiscard]] bool is_session_id(std::string_view text);

[[nodiscard]] std::string to_json(const Session& session);
[[nodiscard]] Result<Session> session_from_json(std::string_view json);

}  // namespace ssai
