#pragma once
// An ad opportunity found in a manifest, whatever the cue dialect that signalled it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifests/scte35/splice_info.hpp"
#include "manifests/time.hpp"

namespace manifests {

/// The ways origins mark breaks: HLS tags, and DASH EventStreams.
enum class CueDialect {
  kCueOut,        ///< EXT-X-CUE-OUT / EXT-X-CUE-IN (Elemental, Wowza, Adobe)
  kCueOutCont,    ///< EXT-X-CUE-OUT-CONT (ElapsedTime/Duration/SCTE35, or n/total)
  kCueSpan,       ///< EXT-X-CUE-SPAN:TIMEFROMSIGNAL (Adobe)
  kCue,           ///< EXT-X-CUE:TYPE="SpliceOut"|"SpliceIn" (Adobe Primetime)
  kDateRange,     ///< EXT-X-DATERANGE with SCTE35-OUT/IN/CMD (RFC 8216 section 4.4.5.1)
  kOatcls,        ///< EXT-OATCLS-SCTE35 (+ EXT-X-ASSET)
  kSplicePoint,   ///< EXT-X-SPLICEPOINT-SCTE35
  kScte35Tag,     ///< EXT-X-SCTE35 / EXT-SCTE35 (CUE=, CUE-OUT=YES|NO|CONT)
  kDashXml,       ///< DASH EventStream urn:scte:scte35:2013:xml (SpliceInfoSection as XML)
  kDashXmlBin,    ///< DASH EventStream urn:scte:scte35:2014:xml+bin (Signal/Binary, base64)
};

[[nodiscard]] std::string_view dialect_name(CueDialect dialect);

struct Avail {
  std::string id;                  ///< stable across the renditions and reloads of one stream
  std::size_t first_segment = 0;   ///< first segment inside the break
  std::size_t end_segment = 0;     ///< one past the last segment inside the break
  Ticks start{};                   ///< of first_segment, from the playlist's first segment
  Ticks duration{};                ///< planned, as signalled; measured when no cue says
  Ticks content_duration{};        ///< what the break's segments in this playlist last
  Ticks elapsed_before{};          ///< how much of the break lies before first_segment (live windows)
  bool open_at_end = false;        ///< the break goes on past the last segment (live)
  bool ended_early = false;        ///< a CUE-IN came before the planned duration (any CUE-IN, unsignalled)
  /// A cue said how long the break lasts. When none did, `duration` is only what the
  /// window shows so far, and the break ends at its CUE-IN (live: the service plans it
  /// for a configured length).
  bool duration_signalled = true;
  std::optional<std::int64_t> start_date_ms;  ///< wall-clock start, from PROGRAM-DATE-TIME / START-DATE
  std::vector<CueDialect> dialects;           ///< every dialect that described this break
  std::optional<scte35::SpliceInfoSection> scte35;  ///< the cue that opened it, when one was sent
  /// EXT-X-ASSET attributes at the break's start (CAID=..., GENRE=...), quotes removed:
  /// ad servers target on them.
  std::vector<std::pair<std::string, std::string>> asset;
};

/// What cue detection found, and what it had to ignore (with the reason, for the log).
struct CueReport {
  std::vector<Avail> avails;
  std::vector<std::string> warnings;
};

}  // namespace manifests
