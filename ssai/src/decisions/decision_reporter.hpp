#pragma once
// What this node does once per decision it made and stored (DecisionStore::OnDecided):
// counts it in the metrics, publishes it to the analytics stream, lists the avail for
// explain, and queues its VAST Error beacons. Decisions read back from the store are
// not reported again: their maker did.
#include <boost/asio/awaitable.hpp>

#include "ssai/ad_decider.hpp"
#include "ssai/beacon_queue.hpp"
#include "ssai/beacon_recorder.hpp"
#include "ssai/clock.hpp"
#include "ssai/config.hpp"
#include "ssai/decision.hpp"
#include "ssai/metrics.hpp"
#include "ssai/session.hpp"
#include "ssai/store.hpp"

namespace ssai {

class DecisionReporter {
 public:
  DecisionReporter(Metrics& metrics, BeaconQueue& analytics, Store& store, BeaconRecorder& recorder, const Clock& clock,
                   SessionLifetime lifetime)
      : metrics_(metrics), analytics_(analytics), store_(store), recorder_(recorder), clock_(clock), lifetime_(lifetime) {}

  boost::asio::awaitable<void> on_decided(const Session& session, const PlaybackConfiguration& config,
                                          DecisionOutcome& outcome);

 private:
  void count(const AvailDecision& decision);

  Metrics& metrics_;
  BeaconQueue& analytics_;
  Store& store_;
  BeaconRecorder& recorder_;
  const Clock& clock_;
  SessionLifetime lifetime_;
};

}  // namespace ssai
