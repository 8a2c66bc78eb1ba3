#pragma once
#include <pugixml.hpp>

#include "vast/error.hpp"
#include "vast/model.hpp"

namespace vast::detail {

/// One <Creative>; `in_wrapper` relaxes what an InLine must have (Duration, MediaFiles).
[[nodiscard]] Result<Creative> parse_creative(const pugi::xml_node& node, bool in_wrapper);

/// <TrackingEvents> children.
[[nodiscard]] std::vector<TrackingEvent> parse_tracking(const pugi::xml_node& tracking_events);

}  // namespace vast::detail
