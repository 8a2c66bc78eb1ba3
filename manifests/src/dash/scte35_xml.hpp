#pragma once
// SCTE 35 as XML (SCTE 35 section 9, the urn:scte:scte35:2013:xml scheme): the
// SpliceInfoSection element read into the same model the binary decoder fills, so
// one meaning (break_signal) serves both.
#include <pugixml.hpp>

#include "manifests/error.hpp"
#include "manifests/scte35/splice_info.hpp"

namespace manifests::dash {

/// Reads <SpliceInfoSection> (any prefix): splice_null, splice_insert, time_signal and
/// segmentation / avail descriptors. Attributes it does not know are ignored; a
/// section with no command it knows is an error.
[[nodiscard]] Result<scte35::SpliceInfoSection> splice_info_from_xml(const pugi::xml_node& section);

}  // namespace manifests::dash
