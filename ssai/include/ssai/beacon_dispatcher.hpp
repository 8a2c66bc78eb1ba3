#pragma once
// Sends the queued beacons (BeaconQueue): takes what is due, calls each URL with
// [TIMESTAMP] and [CACHEBUSTING] filled at that moment, and settles it:
//   2xx or 3xx             sent
//   408, 429, 5xx, timeout, no connection
//                          retried with exponential backoff (first_retry, doubling, up
//                          to last_retry, with jitter), until give_up_ms: then failed
//   other 4xx, a bad URL   failed at once: asking again gets the same answer
// A beacon deferred until playback could reach it (Beacon::awaits_playback) is first
// checked against the session's presence: if its player asked for nothing in the window
// before the beacon was due (three poll intervals for live content, `presence_window`
// otherwise: how far ahead a player buffers), the viewer left before that point and
// the beacon is recorded as abandoned, not sent.
// At most `per_host` requests to one host at a time (a slow receiver does not take
// every slot), at most `in_flight` in all. Every node runs one; they share the queue.
#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "ssai/beacon_queue.hpp"
#include "ssai/clock.hpp"
#include "ssai/fetcher.hpp"
#include "ssai/metrics.hpp"

namespace ssai {

struct DispatcherOptions {
  std::string consumer;  ///< this node's name in the queue; empty: a random one
  std::size_t in_flight = 64;
  std::size_t per_host = 8;
  std::chrono::milliseconds poll{200};  ///< how often an idle dispatcher looks for work
  std::chrono::milliseconds timeout{5000};  ///< one attempt
  std::chrono::milliseconds first_retry{1000};
  std::chrono::milliseconds last_retry{60'000};
  std::chrono::milliseconds presence_window{30'000};
  const Clock* clock = &system_clock();  ///< when beacons are due, and what the audit records
};

class BeaconDispatcher {
 public:
  /// Counts into `metrics`: ssai_beacons_{sent,retried,failed,abandoned}_total.
  BeaconDispatcher(boost::asio::any_io_executor executor, BeaconQueue& queue, Fetcher& fetcher, Metrics& metrics,
                   DispatcherOptions options);
  /// Stops taking beacons; ones in flight finish on the executor if it still runs (if it
  /// does not, their lease runs out and another node, or this one restarted, sends them).
  ~BeaconDispatcher();
  BeaconDispatcher(const BeaconDispatcher&) = delete;
  BeaconDispatcher& operator=(const BeaconDispatcher&) = delete;

  void start();
  /// Look for work now (something was queued due now on this node).
  void wake();

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace ssai
