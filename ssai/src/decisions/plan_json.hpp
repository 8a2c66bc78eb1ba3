#pragma once
// One way to show a break's plan (tag-check, explain): its length, the ads placed, the
// slate, and every skipped ad with its taxonomy reason.
#include <map>
#include <string>

#include "common/json_io.hpp"
#include "ssai/decision.hpp"

namespace ssai {

/// Writes break_seconds, ads, slate_seconds and skipped into the open object.
void write_plan_fields(JsonWriter& w, const AvailDecision& decision);

/// One avail as explain shows it (GET /v1/sessions/{id}/explain, POST /v1/explain): its
/// place, the plan, how long deciding took, why it has no ads; each skip is counted in
/// `skips` by reason.
void write_decision_trace(JsonWriter& w, const AvailDecision& decision, std::map<std::string, int>& skips);
/// "skips_by_reason": {reason: count, ...}
void write_skip_counts(JsonWriter& w, const std::map<std::string, int>& skips);

}  // namespace ssai
