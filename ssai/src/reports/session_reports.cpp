// What the session reports share: the session's stored decisions, read back once for
// explain and for tracking.
#include "reports/session_reports.hpp"

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

}  // namespace ssai
