// GET /v1/sessions/{id}/explain (admin token): for ad-ops and support, every avail the
// session met, what was decided and why ads were skipped, in one fixed taxonomy.
#include "reports/session_reports.hpp"

#include <map>

#include "common/json_io.hpp"
#include "decisions/plan_json.hpp"
#include "ssai/decision.hpp"
#include "store/store_keys.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

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
  w.field("mode", session.guided ? "guided" : "stitched");
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
