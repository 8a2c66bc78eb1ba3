// GET /v1/sessions/{id}/explain (admin token): for ad-ops and support, every avail the
// session met, what was decided and why ads were skipped, in one fixed taxonomy; and
// the session's stored decisions, which tracking reads too.
#include "routes/session_reports.hpp"

#include <map>

#include "common/json_io.hpp"
#include "decisions/plan_json.hpp"
#include "ssai/decision.hpp"
#include "store/store_keys.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

asio::awaitable<Result<std::vector<AvailDecision>>> SessionReports::decisions(const Session& session) {
  auto avails = co_await store_.list(keys::session_avails(session.id));
  if (!avails) co_return fail(Errc::kUnavailable, avails.error().detail);
  std::vector<AvailDecision> out;
  for (const auto& avail_id : *avails) {
    auto stored = co_await store_.get(keys::decision(session.id, avail_id));
    if (!stored || !*stored) continue;  // expired, or the store hiccuped: the rest still tells
    if (auto decision = decision_from_json(**stored)) out.push_back(std::move(*decision));
  }
  co_return out;
}

asio::awaitable<Response> SessionReports::explain(std::string_view id) {
  auto loaded = co_await sessions_.load(id);
  if (!loaded) co_return error_response(loaded.error());
  const Session& session = **loaded;
  auto decisions = co_await this->decisions(session);
  if (!decisions) co_return error_response(decisions.error());
  JsonWriter w;
  std::map<std::string, int> skips;
  w.begin_object();
  w.field("session_id", session.id);
  w.field("configuration", session.config);
  w.field("content", session.master_url);
  w.key("avails");
  w.begin_array();
  for (const auto& decision : *decisions) write_decision_trace(w, decision, skips);
  w.end_array();
  write_skip_counts(w, skips);
  w.end_object();
  co_return json_response(200, w.take());
}

}  // namespace ssai
