#pragma once
// The slate (and the bumpers), conditioned before a break needs them: for a session's
// ladder as the session starts (its first break may come at once: a VOD pre-roll), and
// at start-up for every ladder a configuration is known to use (its transcode profile,
// and the content ladders its sessions met, remembered in the store for 30 days).
#include <map>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "adcache/conditioning_queue.hpp"
#include "adcache/rendition_library.hpp"
#include "ssai/clock.hpp"
#include "ssai/config.hpp"
#include "ssai/session.hpp"
#include "ssai/store.hpp"
#include "ssai/throttle.hpp"

namespace ssai {

class SlatePreparer {
 public:
  /// `conditioning`: null on a node that queues no conditioning (nothing is prepared).
  SlatePreparer(adcache::RenditionLibrary& library, adcache::ConditioningQueue* conditioning, Store& store,
                const Clock& clock)
      : library_(library), conditioning_(conditioning), store_(store), clock_(clock) {}

  /// As a session starts: queues the slate and bumpers of `config` for the session's
  /// ladder when they are not conditioned for it yet, and remembers (at most once a day
  /// per node) that a session of `config` met that ladder.
  boost::asio::awaitable<void> session_started(const Session& session, const PlaybackConfiguration& config);
  /// At start-up: queues them for every ladder each configuration is known to use.
  boost::asio::awaitable<void> prepare_all(const std::map<std::string, PlaybackConfiguration, std::less<>>& configurations);

 private:
  /// True when it queued something of `config` for the ladder `fingerprint` names.
  bool queue(const PlaybackConfiguration& config, bool dash, const std::string& fingerprint, const std::string& ladder_source);
  boost::asio::awaitable<void> note_ladder(const Session& session, const PlaybackConfiguration& config);

  adcache::RenditionLibrary& library_;
  adcache::ConditioningQueue* conditioning_;
  Store& store_;
  const Clock& clock_;
  Throttle ladder_notes_;  ///< (configuration, ladder) pairs this node remembered lately
};

}  // namespace ssai
