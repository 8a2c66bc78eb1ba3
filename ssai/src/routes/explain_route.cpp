// GET /v1/sessions/{id}/explain (admin token): for ad-ops and support, every avail the
// session met, what was decided and why ads were skipped, in one fixed taxonomy.
#include <map>

#include "common/json_io.hpp"
#include "decisions/plan_json.hpp"
#include "ssai/decision.hpp"
#include "ssai/service.hpp"
#include "store/store_keys.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

asio::awaitable<Response> Service::explain_session(const Request& request, std::string_view id) {
  if (auto allowed = authorize_admin(request); !allowed) co_return error_response(allowed.error());
  auto loaded = co_await sessions_.load(id);
  if (!loaded) co_return error_response(loaded.error());
  const Session& session = **loaded;
  auto avails = co_await store_.list(keys::session_avails(session.id));
  if (!avails) co_return error_response({Errc::kUnavailable, avails.error().detail});
  JsonWriter w;
  std::map<std::string, int> skips;
  w.begin_object();
  w.field("session_id", session.id);
  w.field("configuration", session.config);
  w.field("content", session.master_url);
  w.key("avails");
  w.begin_array();
  for (const auto& avail_id : *avails) {
    auto stored = co_await store_.get(keys::decision(session.id, avail_id));
    if (!stored || !*stored) continue;  // expired, or the store hiccuped: the rest still tells
    auto decision = decision_from_json(**stored);
    if (decision) write_decision_trace(w, *decision, skips);
  }
  w.end_array();
  write_skip_counts(w, skips);
  w.end_object();
  co_return json_response(200, w.take());
}

}  // namespace ssai
