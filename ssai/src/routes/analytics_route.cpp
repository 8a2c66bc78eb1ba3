// GET /v1/events: the analytics stream (BeaconQueue) as Server-Sent Events, for the
// built-in dashboard and anyone else. Each answer carries what is new after the
// client's Last-Event-ID (EventSource sends it when it reconnects) and then ends; the
// client reconnects after `retry`. Without an id the answer starts with the newest
// entries. With one, the answer waits up to kLongPoll for news, so an idle dashboard
// costs one request per kLongPoll, not a busy loop.
#include "routes/analytics_events.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {

constexpr std::size_t kMaxEntries = 1000;
constexpr std::chrono::seconds kLongPoll{10};
constexpr std::chrono::milliseconds kLookAgain{250};

std::string last_event_id(const Request& request) {
  if (auto after = request.query_param("after")) return std::string(*after);
  for (const auto& [name, value] : request.headers) {
    if (boost::algorithm::iequals(name, "last-event-id")) return value;
  }
  return {};
}

// Ids are what the stream gives: digits, or digits, '-', digits (Redis).
bool is_event_id(std::string_view id) {
  const auto dash = id.find('-');
  const auto digits = [](std::string_view part) {
    return !part.empty() && part.size() <= 20 && part.find_first_not_of("0123456789") == std::string_view::npos;
  };
  return dash == std::string_view::npos ? digits(id) : digits(id.substr(0, dash)) && digits(id.substr(dash + 1));
}

}  // namespace

asio::awaitable<Response> AnalyticsEvents::events(const Request& request) {
  if (auto allowed = access_.admin(request, true); !allowed) co_return error_response(allowed.error());
  const auto after = last_event_id(request);
  if (!after.empty() && !is_event_id(after)) co_return error_response({Errc::kBadRequest, "'" + after.substr(0, 64) + "' is not an event id"});
  // Real time, not the service clock: this waits on a real timer for real news.
  const auto give_up = std::chrono::steady_clock::now() + kLongPoll;
  Result<std::vector<AnalyticsEntry>> entries;
  for (;;) {
    if (after.empty()) {
      entries = co_await stream_.analytics_latest(kMaxEntries);
    } else {
      entries = co_await stream_.analytics_after(after, kMaxEntries);
    }
    if (!entries) co_return error_response(entries.error());
    if (after.empty() || !entries->empty() || std::chrono::steady_clock::now() >= give_up) break;
    asio::steady_timer pause(co_await asio::this_coro::executor, kLookAgain);
    co_await pause.async_wait(asio::use_awaitable);
  }
  std::string body = "retry: 500\n\n";
  for (const auto& entry : *entries) body += "id: " + entry.id + "\ndata: " + entry.json + "\n\n";
  Response response{200, "text/event-stream", std::move(body), {{"Cache-Control", "no-store"}}};
  co_return response;
}

}  // namespace ssai
