#pragma once
// One way to show a break's plan (tag-check, explain): its length, the ads placed, the
// slate, and every skipped ad with its taxonomy reason.
#include "json_io.hpp"
#include "ssai/decision.hpp"

namespace ssai {

/// Writes break_seconds, ads, slate_seconds and skipped into the open object.
void write_plan_fields(JsonWriter& w, const AvailDecision& decision);

}  // namespace ssai
