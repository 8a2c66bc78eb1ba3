#pragma once
// A DASH MPD kept as its XML tree (pugixml): every element, attribute, comment and
// namespace we do not model (ContentProtection, UTCTiming, vendor extensions...)
// survives a round trip untouched, which is what "lossless" means here. Typed reads of
// what cue detection and stitching need sit on top; edits go through the tree.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "manifests/error.hpp"
#include "manifests/time.hpp"

namespace manifests::dash {

/// A Period and where it lies on the MPD timeline (ISO/IEC 23009-1 5.3.2.1): @start, or
/// the previous period's end; its duration from @duration, the next period's start or
/// the MPD's mediaPresentationDuration; nullopt when none says (an open live period).
struct PeriodTiming {
  pugi::xml_node node;
  Ticks start{};
  std::optional<Ticks> duration;
};

/// What an MPD may hold. Real MPDs nest about 8 deep; an origin's with thousands of
/// nested elements would make the indented output grow with the square of the depth.
struct MpdLimits {
  std::size_t max_elements = 250'000;
  std::size_t max_depth = 32;
};

class Mpd {
 public:
  /// Parses an MPD (root element MPD, in any namespace prefix). Errors name the XML
  /// offset, or the limit passed. The caller bounds the size (the origin client does).
  [[nodiscard]] static Result<Mpd> parse(std::string_view text, const MpdLimits& limits = {});

  Mpd(const Mpd& other);
  Mpd& operator=(const Mpd& other);
  Mpd(Mpd&&) noexcept = default;
  Mpd& operator=(Mpd&&) noexcept = default;
  ~Mpd() = default;

  /// The XML text, indented; what parse reads back to an equal tree.
  [[nodiscard]] std::string write() const;

  [[nodiscard]] pugi::xml_node root() const { return doc_->document_element(); }
  /// type="dynamic": a live presentation, reloaded by players.
  [[nodiscard]] bool dynamic() const;
  [[nodiscard]] std::optional<Ticks> media_presentation_duration() const;
  [[nodiscard]] std::vector<PeriodTiming> periods() const;

 private:
  Mpd() : doc_(std::make_unique<pugi::xml_document>()) {}
  std::unique_ptr<pugi::xml_document> doc_;
};

/// The element name without its namespace prefix ("scte35:Signal" -> "Signal").
[[nodiscard]] std::string_view local_name(const pugi::xml_node& node);
/// The first child with that local name; an empty node when there is none.
[[nodiscard]] pugi::xml_node child(const pugi::xml_node& parent, std::string_view name);
/// Every child with that local name, in document order.
[[nodiscard]] std::vector<pugi::xml_node> children(const pugi::xml_node& parent, std::string_view name);
/// A new BaseURL or Location element of the MPD root, where the schema orders it: after
/// ProgramInformation and the BaseURLs (and, for a Location, the Locations) already there.
pugi::xml_node insert_mpd_child(pugi::xml_node root, const char* name);
/// An unsigned integer attribute; nullopt when absent or not a plain number.
[[nodiscard]] std::optional<std::uint64_t> uint_attribute(const pugi::xml_node& node, const char* name);
/// An xs:duration attribute; nullopt when absent or malformed.
[[nodiscard]] std::optional<Ticks> duration_attribute(const pugi::xml_node& node, const char* name);

/// An xs:dateTime attribute (availabilityStartTime, publishTime) in ms since 1970;
/// nullopt when absent or malformed.
[[nodiscard]] std::optional<std::int64_t> time_attribute(const pugi::xml_node& node, const char* name);

enum class ContentKind { kVideo, kAudio, kText, kOther };
/// What an AdaptationSet carries: its @contentType, else the mimeType (its own or its
/// first Representation's: text/..., TTML, or MP4 with stpp / wvtt codecs for text),
/// else video when that Representation has a width.
[[nodiscard]] ContentKind content_kind(const pugi::xml_node& adaptation_set);

/// Media time in a timescale to ticks (and back), rounded to the nearest.
[[nodiscard]] Ticks to_ticks(std::uint64_t value, std::uint64_t timescale);
[[nodiscard]] std::uint64_t from_ticks(Ticks ticks, std::uint64_t timescale);

}  // namespace manifests::dash
