#pragma once
// A session's decisions: each break decided once and stored, so every rendition, reload
// and node serves the same ads. Reads go through this node's memo of decisions (a stored
// decision never changes); renditions asking at once share one ad request; when two
// nodes decide at once, the first answer stored wins and only its maker reports it.
// The VMAP of a VOD session is asked once and stored the same way.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "ssai/ad_decider.hpp"
#include "ssai/break_pipeline.hpp"
#include "ssai/config.hpp"
#include "ssai/decision.hpp"
#include "ssai/decision_memo.hpp"
#include "ssai/session.hpp"
#include "ssai/single_flight.hpp"
#include "ssai/store.hpp"

namespace ssai {

class DecisionStore {
 public:
  /// Called once per decision, by the node that made and stored it (metrics, analytics,
  /// its VAST Error beacons): `outcome` may be consumed.
  using OnDecided =
      std::function<boost::asio::awaitable<void>(const Session&, const PlaybackConfiguration&, DecisionOutcome&)>;
  /// How long a session of a configuration lives: its decisions live as long.
  using TtlOf = std::function<std::chrono::seconds(const PlaybackConfiguration&)>;

  DecisionStore(Store& store, AdSource& ads, TtlOf ttl, OnDecided on_decided)
      : store_(store), ads_(ads), ttl_(std::move(ttl)), on_decided_(std::move(on_decided)) {}

  /// The break's decision: remembered, else stored, else decided now. When the store
  /// fails, no ads (skip store_unavailable): an ad whose decision is not stored could
  /// neither be served nor counted once.
  [[nodiscard]] boost::asio::awaitable<AvailDecision> decide_once(const Session& session,
                                                                  const PlaybackConfiguration& config,
                                                                  const BreakRequest& request);

  /// The decision as stored (this node's memory first); null when there is none yet.
  [[nodiscard]] boost::asio::awaitable<Result<std::shared_ptr<const AvailDecision>>> stored(const std::string& session_id,
                                                                                          const std::string& avail_id);

  /// The session's VMAP document, asked once and stored (even when there is none, so
  /// every rendition agrees); nullopt when the ad server gave none or the store failed.
  [[nodiscard]] boost::asio::awaitable<std::optional<std::string>> session_vmap(const Session& session,
                                                                               const PlaybackConfiguration& config);

  /// The VMAP a guided configuration's shared VOD playlists announce their breaks by (the
  /// same for every session, so asked with none: session macros are empty), asked once
  /// and stored as a session's is, so every node and rendition places the same breaks.
  [[nodiscard]] boost::asio::awaitable<std::optional<std::string>> schedule_vmap(const PlaybackConfiguration& config);

 private:
  /// The VMAP stored under `key`, else asked for `session` and stored.
  boost::asio::awaitable<std::optional<std::string>> stored_vmap(std::string key, const Session& session,
                                                                 const PlaybackConfiguration& config);
  boost::asio::awaitable<AvailDecision> decide_and_store(const Session& session, const PlaybackConfiguration& config,
                                                         const BreakRequest& request);
  boost::asio::awaitable<std::optional<std::string>> decide_vmap(const std::string& key, const Session& session,
                                                                const PlaybackConfiguration& config);

  Store& store_;
  AdSource& ads_;
  TtlOf ttl_;
  OnDecided on_decided_;
  DecisionMemo memo_;  ///< read or made by this node: the store's never change
  SingleFlight<AvailDecision> flights_;
  SingleFlight<std::optional<std::string>> vmap_flights_;
};

/// A session's decisions as the break pipeline asks for them: each break decided once
/// and stored, the session's VMAP asked once (what players get; the lab has its own).
class SessionDecider final : public BreakDecider {
 public:
  SessionDecider(DecisionStore& decisions, const Session& session, const PlaybackConfiguration& config)
      : decisions_(decisions), session_(session), config_(config) {}
  boost::asio::awaitable<VodSchedule> vod_schedule(bool configured) override;
  boost::asio::awaitable<AvailDecision> decide(const BreakRequest& request) override;

 private:
  DecisionStore& decisions_;
  const Session& session_;
  const PlaybackConfiguration& config_;
};

}  // namespace ssai
