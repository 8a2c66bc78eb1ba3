#pragma once
#include "manifests/avail.hpp"
#include "manifests/dash/mpd.hpp"

namespace manifests::dash {

/// The SCTE-35 EventStream schemes, and whether a scheme is one of them.
inline constexpr std::string_view kScte35Xml = "urn:scte:scte35:2013:xml";
inline constexpr std::string_view kScte35XmlBin = "urn:scte:scte35:2014:xml+bin";
[[nodiscard]] bool is_scte35_scheme(std::string_view scheme_id_uri);

/// The video representation whose segment boundaries breaks snap to in a period (the
/// first video AdaptationSet's first Representation, else the first of any).
[[nodiscard]] pugi::xml_node reference_representation(const pugi::xml_node& period);

/// The breaks of an MPD, from its Period EventStreams in both SCTE-35 schemes
/// (2013:xml SpliceInfoSection, 2014:xml+bin Signal/Binary), decoded by the same code
/// as HLS cues and meaning the same (break_signal): splice_insert out/in, time_signal
/// break types, cancels. Event@duration, else the cue's duration, else the matching
/// end cue, says how long a break lasts. An Event without presentationTime but with a
/// splice time (as MediaPackage writes them) is placed by its PTS.
///
/// Each avail's start is on the MPD timeline (from the presentation's start), snapped
/// to the nearest segment boundary of the period's reference representation, and so is
/// its end (content_duration is the span between; 0 for a cue that spans nothing, which
/// a VOD stitch inserts at). first_segment / end_segment count that representation's
/// segments from the first period. Malformed events are skipped with a warning.
[[nodiscard]] CueReport find_avails(const Mpd& mpd);

}  // namespace manifests::dash
