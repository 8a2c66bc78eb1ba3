#include "ssai/slate_preparer.hpp"

#include <set>

#include "adcache/creative_key.hpp"
#include "ssai/log.hpp"
#include "store/store_keys.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {

// How long a configuration remembers a ladder its sessions met.
constexpr std::chrono::seconds kLadderMemory{30 * 24 * 3600};

}  // namespace

bool SlatePreparer::queue(const PlaybackConfiguration& config, bool dash, const std::string& fingerprint,
                          const std::string& ladder_source) {
  // Unknown ladder: conditioned under the plain key, it would serve every ladder.
  if (!conditioning_ || fingerprint.empty()) return false;
  bool queued = false;
  // The bumpers are the configuration's own media too: conditioned the same way, with
  // the content's segment length (the slate alone gets 1 s segments, to fill any gap).
  for (const auto* url : {&config.slate_url, &config.bumper_start_url, &config.bumper_end_url}) {
    if (url->empty()) continue;
    auto key = adcache::key_from_url(*url);
    if (dash) key = adcache::dash_key(key);
    std::string found_key;
    auto found = library_.find_for_ladder(key, fingerprint, found_key);
    if (found || found.error().code != adcache::Errc::kNotConditioned) continue;
    conditioning_->submit({found_key, *url, ladder_source, url == &config.slate_url, ""});
    queued = true;
  }
  return queued;
}

asio::awaitable<void> SlatePreparer::session_started(const Session& session, const PlaybackConfiguration& config) {
  queue(config, session.dash, session.ladder, config.ladder_source(session.master_url));
  co_await note_ladder(session, config);
}

asio::awaitable<void> SlatePreparer::note_ladder(const Session& session, const PlaybackConfiguration& config) {
  // A profile's ladder is in the configuration itself; an unread one cannot be conditioned.
  if (session.ladder.empty() || (config.transcode_profile && !session.dash)) co_return;
  const auto once = config.name + " " + session.ladder;
  if (!ladder_notes_.due(once, clock_.steady(), std::chrono::hours(24))) co_return;
  const std::string entry = session.ladder + (session.dash ? " dash " : " hls ") + session.master_url;
  if (auto noted = co_await store_.append(keys::ladders_in_use(config.name), entry, kLadderMemory); !noted) {
    log::debug("slate", "ladder of " + config.name + " not remembered: " + noted.error().detail);
  }
}

asio::awaitable<void> SlatePreparer::prepare_all(
    const std::map<std::string, PlaybackConfiguration, std::less<>>& configurations) {
  if (!conditioning_) co_return;
  for (const auto& [name, config] : configurations) {
    if (config.slate_url.empty() && config.bumper_start_url.empty() && config.bumper_end_url.empty()) continue;
    std::size_t queued = 0;
    if (config.transcode_profile) {
      queued += queue(config, false, adcache::ladder_fingerprint(*config.transcode_profile),
                            config.transcode_profile_source);
    }
    auto used = co_await store_.list(keys::ladders_in_use(name));
    if (!used) {
      log::warn("slate", name + ": ladders in use unknown (" + used.error().detail + "): slates wait for sessions");
      continue;
    }
    std::set<std::string> done;
    for (const auto& entry : *used) {
      // "<fingerprint> <hls|dash> <content URL>"
      const auto first = entry.find(' ');
      const auto second = first == std::string::npos ? std::string::npos : entry.find(' ', first + 1);
      if (second == std::string::npos) continue;
      const auto ladder = entry.substr(0, second);
      if (!done.insert(ladder).second) continue;
      const bool dash = entry.compare(first + 1, second - first - 1, "dash") == 0;
      queued += queue(config, dash, entry.substr(0, first), entry.substr(second + 1));
    }
    if (queued > 0) log::info("slate", name + ": slate queued for " + std::to_string(queued) + " ladders in use");
  }
}

}  // namespace ssai
