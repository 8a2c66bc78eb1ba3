#include "ssai/decision_store.hpp"

#include "manifests/stable_hash.hpp"
#include "ssai/log.hpp"
#include "store/store_keys.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {

// Ads whose decision is not stored could not be served (their segments are looked up by
// it) nor counted once: without the store, the break plays its content.
AvailDecision no_ads(const Session& session, const manifests::Avail& avail, const Error& error) {
  log::warn("store", "session " + session.id + " avail " + avail.id + ": no ads, the store failed: " + error.detail);
  AvailDecision none;
  none.avail_id = avail.id;
  none.note = "store unavailable";
  none.skip = SkipReason::kStoreUnavailable;
  return none;
}

}  // namespace

asio::awaitable<Result<std::shared_ptr<const AvailDecision>>> DecisionStore::stored(const std::string& session_id,
                                                                                   const std::string& avail_id) {
  const auto key = keys::decision(session_id, avail_id);
  if (auto known = memo_.find(key)) co_return known;
  auto text = co_await store_.get(key);
  if (!text) co_return tl::unexpected(text.error());
  if (!*text) co_return std::shared_ptr<const AvailDecision>{};
  auto decision = decision_from_json(**text);
  if (!decision) co_return tl::unexpected(decision.error());
  auto shared = std::make_shared<const AvailDecision>(std::move(*decision));
  memo_.remember(key, shared);
  co_return shared;
}

asio::awaitable<AvailDecision> DecisionStore::decide_once(const Session& session, const PlaybackConfiguration& config,
                                                          const BreakRequest& request) {
  const auto& avail = request.avail;
  if (auto known = co_await stored(session.id, avail.id)) {
    if (*known) co_return **known;
  } else {
    co_return no_ads(session, avail, known.error());
  }
  // Renditions asked for at once: one decision (one ad request) between them on this node.
  auto task = [this, &session, &config, &request]() -> asio::awaitable<AvailDecision> {
    co_return co_await decide_and_store(session, config, request);
  };
  co_return co_await flights_.run(keys::decision(session.id, avail.id), task);
}

asio::awaitable<AvailDecision> DecisionStore::decide_and_store(const Session& session, const PlaybackConfiguration& config,
                                                               const BreakRequest& request) {
  const auto& avail = request.avail;
  const auto key = keys::decision(session.id, avail.id);
  DecisionOutcome outcome;
  if (request.suppressed) {
    outcome.decision.avail_id = avail.id;
    outcome.decision.skip = SkipReason::kSuppressed;
    outcome.decision.note = "avail suppression: the break started where this session does not fill breaks";
  } else {
    outcome = co_await ads_.decide(session, config, request);
  }
  const auto json = to_json(outcome.decision);
  // Another rendition or node may have decided meanwhile; everyone continues with the
  // first answer, and only its maker reports it, so each is reported once.
  auto winner = co_await store_.set_if_absent(key, json, ttl_(config));
  if (!winner) co_return no_ads(session, avail, winner.error());
  if (*winner != json) {
    if (auto decision = decision_from_json(*winner)) {
      memo_.remember(key, std::make_shared<const AvailDecision>(*decision));
      co_return std::move(*decision);
    }
  }
  memo_.remember(key, std::make_shared<const AvailDecision>(outcome.decision));
  if (on_decided_) co_await on_decided_(session, config, outcome);
  co_return std::move(outcome.decision);
}

asio::awaitable<std::optional<std::string>> DecisionStore::session_vmap(const Session& session,
                                                                       const PlaybackConfiguration& config) {
  // By value: GCC 12 ends a temporary's life inside a co_await expression too early.
  co_return co_await stored_vmap(keys::vmap(session.id), session, config);
}

asio::awaitable<std::optional<std::string>> DecisionStore::schedule_vmap(const PlaybackConfiguration& config) {
  // Keyed by the ad server's URL too: a configuration pointed elsewhere asks again.
  const auto hash = manifests::fnv1a_64(config.ad_decision_server);
  Session nobody;
  nobody.config = config.name;
  co_return co_await stored_vmap(keys::schedule_vmap(config.name, std::to_string(hash)), nobody, config);
}

asio::awaitable<std::optional<std::string>> DecisionStore::stored_vmap(std::string key, const Session& session,
                                                                      const PlaybackConfiguration& config) {
  auto stored_text = co_await store_.get(key);
  if (!stored_text) {
    log::warn("store", key + ": no breaks, the store failed: " + stored_text.error().detail);
    co_return std::nullopt;
  }
  if (*stored_text) co_return (*stored_text)->empty() ? std::nullopt : std::optional(std::move(**stored_text));
  // Renditions asked for at once: one ad request between them on this node.
  auto task = [this, &key, &session, &config]() -> asio::awaitable<std::optional<std::string>> {
    co_return co_await decide_vmap(key, session, config);
  };
  co_return co_await vmap_flights_.run(key, task);
}

asio::awaitable<std::optional<std::string>> DecisionStore::decide_vmap(const std::string& key, const Session& session,
                                                                      const PlaybackConfiguration& config) {
  auto vmap = co_await ads_.request_vmap(session, config);
  if (!vmap) log::warn("ads", key + ": no VMAP, so no breaks: " + vmap.error().detail);
  // Stored even when there is none, so that the renditions agree on "no breaks" too.
  const std::string text = vmap ? std::move(*vmap) : std::string{};
  auto winner = co_await store_.set_if_absent(key, text, ttl_(config));
  if (!winner) {
    log::warn("store", key + ": no breaks, the VMAP was not stored: " + winner.error().detail);
    co_return std::nullopt;
  }
  co_return winner->empty() ? std::nullopt : std::optional(std::move(*winner));
}

asio::awaitable<VodSchedule> SessionDecider::vod_schedule(bool configured) {
  if (!configured) co_return VodSchedule{};
  // Named first: GCC 12 mishandles a co_await inside an aggregate's initializer.
  auto vmap = co_await decisions_.session_vmap(session_, config_);
  co_return VodSchedule{true, std::move(vmap)};
}

asio::awaitable<AvailDecision> SessionDecider::decide(const BreakRequest& request) {
  co_return co_await decisions_.decide_once(session_, config_, request);
}

}  // namespace ssai
