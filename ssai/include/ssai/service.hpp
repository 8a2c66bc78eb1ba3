#pragma once
// The stitching service, as the HTTP server sees it: requests in, responses out. Inside
// it is wiring only (routes/service.cpp): the components (session cache, origin media,
// decision store, break fillers, beacon recorder, slate preparer...) are built once and
// handed to the route handlers that use them, and one route table maps each URL to its
// handler. docs/architecture.md maps URL to handler; docs/api.md describes each route.
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "adcache/job_store.hpp"
#include "ssai/beacon_queue.hpp"
#include "ssai/body_limits.hpp"
#include "ssai/clock.hpp"
#include "ssai/config.hpp"
#include "ssai/fetcher.hpp"
#include "ssai/http_types.hpp"
#include "ssai/store.hpp"

namespace ssai {

class Service {
 public:
  /// `jobs` holds conditioning jobs (shared with other nodes when it is Redis); this
  /// node runs config.conditioning_workers workers on it.
  /// `beacons` queues the beacons this node records; start_beacon_dispatcher sends them.
  /// `clock`: where every component reads the time (tests pass a ManualClock).
  Service(ServiceConfig config, Store& store, Fetcher& fetcher, adcache::JobStore& jobs, BeaconQueue& beacons,
          const Clock& clock = system_clock());
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  /// Sends queued beacons from this node with `fetcher` (its own, so that slow beacon
  /// receivers never hold up origin or ad server requests).
  void start_beacon_dispatcher(boost::asio::any_io_executor executor, Fetcher& fetcher);
  /// At start-up: queues the slate of each configuration in the file for every ladder it
  /// is known to use (its transcode profile, the content ladders its sessions met).
  boost::asio::awaitable<void> prepare_slates();

  /// The address the server is bound to ("HOST:PORT", the port known once bound): a
  /// request whose Host names it gets absolute URLs (request_origin.hpp). Call before
  /// serving.
  void listening_on(const std::string& host, std::uint16_t port, bool tls = false);

  /// Never throws; every failure is a Response with a JSON error body.
  [[nodiscard]] boost::asio::awaitable<Response> handle(Request request);

 private:
  struct Parts;  ///< the components and handlers (routes/service.cpp)
  /// The route table: every URL this service answers, and its handler.
  void add_routes();
  /// ssai_outbound_refused_total counts what `fetcher`'s policy refused.
  void count_refusals(Fetcher& fetcher, const char* purpose);

  std::unique_ptr<Parts> parts_;
};

}  // namespace ssai
