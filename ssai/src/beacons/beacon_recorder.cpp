#include "ssai/beacon_recorder.hpp"

#include "beacons/beacon_events.hpp"
#include "ssai/log.hpp"
#include "ssai/macro_values.hpp"
#include "store/store_keys.hpp"
#include "vast/macros.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;
using manifests::Ticks;

namespace {

std::int64_t to_ms(Ticks ticks) { return ticks.count() / 90; }

}  // namespace

asio::awaitable<void> BeaconRecorder::ad_events(const Session& session, const AvailDecision& decision,
                                                std::size_t ad_index, std::size_t segment_index, Ticks segment_begin,
                                                const std::vector<TimedAdEvent>& events, std::chrono::seconds keep) {
  const auto& ad = decision.ads[ad_index];
  const auto now = clock_.unix_ms();
  // The ad started playing no sooner than its first segment was fetched. A player that
  // joined mid-ad (no first fetch on record) is taken to play this segment now.
  std::int64_t ad_start = now - to_ms(segment_begin);
  if (segment_index > 0) {
    auto first = co_await queue_.fired_at(keys::beacon(session.id, decision.avail_id, ad_index, "impression"));
    if (first && *first) ad_start = **first;
  }
  auto macros = queued_beacon_macros(session);
  add_break_macros(macros, decision.position, decision.content_position);
  macros.set("ADTYPE", "video");
  if (!ad.ad_serving_id.empty()) macros.set("ADSERVINGID", ad.ad_serving_id);
  if (!ad.universal_ad_id.empty()) macros.set("UNIVERSALADID", ad.universal_ad_id);
  if (!ad.asset_uri.empty()) macros.set("ASSETURI", ad.asset_uri);
  macros.set("ADCOUNT", std::to_string(decision.ad_number(ad_index)));

  const EventScope scope{session, decision.avail_id, keep, settings_, now};
  std::vector<AdEvent> batch;
  for (const auto& [name, moment] : events) {
    const bool of_break = name.starts_with("break");
    std::vector<std::string> urls;
    if (name == "impression") urls = ad.impressions;
    for (const auto& [event, url] : of_break ? decision.break_tracking : ad.tracking) {
      if (event == name) urls.push_back(url);
    }
    macros.set("ADPLAYHEAD", manifests::format_timecode(moment));
    for (auto& url : urls) url = vast::expand_macros(url, macros);
    batch.push_back(make_ad_event(scope, ad_index, of_break ? nullptr : &ad, name, urls,
                                  std::max(now, ad_start + to_ms(moment))));
  }
  if (!batch.empty() && presence_due(session.id)) batch.front().seen_ms = now;
  auto fired = co_await queue_.record(batch, now);
  if (!fired) {
    log::warn("beacons", "session " + session.id + " avail " + decision.avail_id + " ad " + ad.ad_id +
                             ": events not recorded: " + fired.error().detail);
    co_return;
  }
  for (std::size_t i = 0; i < batch.size() && i < fired->size(); ++i) {
    const Labels labels{{"event", std::string(events[i].name)}};
    if ((*fired)[i]) {
      metrics_.add("ssai_beacons_queued_total", labels, static_cast<double>(batch[i].beacons.size()));
    } else {
      metrics_.add("ssai_beacons_deduplicated_total", labels);
    }
  }
}

asio::awaitable<void> BeaconRecorder::error_beacons(const Session& session, const AvailDecision& decision,
                                                    std::vector<std::string> urls, std::chrono::seconds keep) {
  if (urls.empty()) co_return;
  const auto now = clock_.unix_ms();
  const EventScope scope{session, decision.avail_id, keep, settings_, now};
  std::vector<AdEvent> batch{make_ad_event(scope, decision.ads.size(), nullptr, "error", urls, now)};
  auto fired = co_await queue_.record(std::move(batch), now);
  if (!fired) {
    log::warn("beacons", "session " + session.id + " avail " + decision.avail_id +
                             ": VAST error beacons not recorded: " + fired.error().detail);
    co_return;
  }
  if (!fired->empty() && fired->front()) {
    metrics_.add("ssai_beacons_queued_total", {{"event", "error"}}, static_cast<double>(urls.size()));
  }
}

bool BeaconRecorder::presence_due(const std::string& session_id) {
  return presence_notes_.due(session_id, clock_.steady(), std::chrono::seconds(1));
}

asio::awaitable<void> BeaconRecorder::presence(const Session& session, std::chrono::milliseconds poll,
                                               std::chrono::seconds keep) {
  if (!presence_due(session.id)) co_return;
  auto noted = co_await queue_.note_presence(session.id, Presence{clock_.unix_ms(), poll.count()}, keep);
  // Without the note a deferred quartile may be judged abandoned: worth a line.
  if (!noted) log::warn("beacons", "session " + session.id + ": presence not noted: " + noted.error().detail);
}

}  // namespace ssai
