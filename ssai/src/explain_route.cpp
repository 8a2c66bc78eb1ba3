// GET /v1/sessions/{id}/explain (admin token): for ad-ops and support, every avail the
// session met, what was decided and why ads were skipped, in one fixed taxonomy.
#include <map>

#include "json_io.hpp"
#include "plan_json.hpp"
#include "ssai/decision.hpp"
#include "ssai/service.hpp"
#include "store_keys.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {

const char* position_name(BreakPosition position) {
  switch (position) {
    case BreakPosition::kPreRoll: return "pre-roll";
    case BreakPosition::kMidRoll: return "mid-roll";
    case BreakPosition::kPostRoll: return "post-roll";
  }
  return "mid-roll";
}

void write_decision(JsonWriter& w, const AvailDecision& d, std::map<std::string, int>& skips) {
  w.begin_object();
  w.field("avail_id", d.avail_id);
  w.field("position", position_name(d.position));
  w.field("inserted", d.inserted);
  w.field("decided_ms", d.decided_ms);
  write_plan_fields(w, d);
  for (const auto& x : d.dropped) ++skips[skip_reason_name(x.skip)];
  if (d.skip != SkipReason::kNone) {
    w.field("no_ads_reason", skip_reason_name(d.skip));
    w.field("detail", d.note);
    ++skips[skip_reason_name(d.skip)];
  }
  w.end_object();
}

}  // namespace

asio::awaitable<Response> Service::explain_session(const Request& request, std::string_view id) {
  if (auto allowed = authorize_admin(request); !allowed) co_return error_response(allowed.error());
  auto session = co_await load_session(id);
  if (!session) co_return error_response(session.error());
  auto avails = co_await store_.list(keys::session_avails(session->id));
  if (!avails) co_return error_response({Errc::kUnavailable, avails.error().detail});
  JsonWriter w;
  std::map<std::string, int> skips;
  w.begin_object();
  w.field("session_id", session->id);
  w.field("configuration", session->config);
  w.field("content", session->master_url);
  w.key("avails");
  w.begin_array();
  for (const auto& avail_id : *avails) {
    auto stored = co_await store_.get(keys::decision(session->id, avail_id));
    if (!stored || !*stored) continue;  // expired, or the store hiccuped: the rest still tells
    auto decision = decision_from_json(**stored);
    if (decision) write_decision(w, *decision, skips);
  }
  w.end_array();
  w.key("skips_by_reason");
  w.begin_object();
  for (const auto& [reason, count] : skips) w.field(reason, count);
  w.end_object();
  w.end_object();
  co_return json_response(200, w.take());
}

}  // namespace ssai
