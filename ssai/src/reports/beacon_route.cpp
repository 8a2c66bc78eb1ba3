// GET /v1/sessions/{id}/beacons: the session's beacon audit trail, as ad-ops read it.
#include "reports/session_reports.hpp"

#include <map>

#include "beacons/beacon_events.hpp"
#include "common/json_io.hpp"
#include "ssai/log.hpp"
#include "ssai/macro_values.hpp"
#include "store/store_keys.hpp"
#include "vast/macros.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;
using manifests::Ticks;

asio::awaitable<Response> SessionReports::beacon_audit(std::string_view id) {
  auto loaded = co_await sessions_.load(id);
  if (!loaded) co_return error_response(loaded.error());
  const Session& session = **loaded;
  auto records = co_await beacons_.audit(session.id);
  if (!records) co_return error_response(records.error());
  // One entry per beacon, its records in order: ad-ops read a beacon's story at once.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const std::string*>> by_beacon;
  for (const auto& record : *records) {
    const auto beacon = JsonReader(record).string("beacon");
    if (!by_beacon.contains(beacon)) order.push_back(beacon);
    by_beacon[beacon].push_back(&record);
  }
  JsonWriter w;
  w.begin_object();
  w.field("session", session.id);
  w.key("beacons");
  w.begin_array();
  for (const auto& beacon : order) {
    const auto& history = by_beacon[beacon];
    const JsonReader first(*history.front());
    const JsonReader last(*history.back());
    w.begin_object();
    w.field("id", beacon);
    w.field("avail", first.string("avail"));
    w.field("ad", first.integer("ad"));
    w.field("event", first.string("event"));
    if (const auto url = first.string("url"); !url.empty()) w.field("url", url);
    w.field("state", last.string("state"));
    w.key("history");
    w.begin_array();
    for (const auto* record : history) w.raw(*record);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  co_return json_response(200, w.take());
}

}  // namespace ssai
