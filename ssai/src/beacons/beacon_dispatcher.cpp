#include "ssai/beacon_dispatcher.hpp"

#include <atomic>
#include <deque>
#include <map>
#include <random>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "ssai/detached.hpp"
#include "ssai/log.hpp"
#include "ssai/macro_values.hpp"
#include "ssai/timestamp.hpp"
#include "vast/macros.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {

constexpr std::size_t kMaxAnswerBytes = 64 * 1024;
constexpr int kSettleTries = 3;
constexpr std::chrono::milliseconds kSettlePause{250};
// A live player polls every target duration; three missed polls (at least 6 s, for
// short segments and a throttled note) mean it stopped.
constexpr std::int64_t kLeastLiveWindowMs = 6000;

std::string host_of(std::string_view url) {
  const auto scheme = url.find("://");
  const auto start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const auto end = url.find_first_of("/?#", start);
  return std::string(url.substr(start, end == std::string_view::npos ? url.size() - start : end - start));
}

std::string random_consumer() { return "node-" + cache_buster() + cache_buster(); }

/// kRefused: the outbound policy kept it from being sent; final, like kFailed, and told
/// apart in the audit trail.
enum class Verdict { kSent, kRetry, kFailed, kRefused };

Verdict judge(const FetchResult& result) {
  if (!result) {
    switch (result.error().code) {
      case FetchErrc::kTooLarge: return Verdict::kSent;  // it answered, at length
      case FetchErrc::kBadUrl: return Verdict::kFailed;
      case FetchErrc::kRefused: return Verdict::kRefused;
      default: return Verdict::kRetry;
    }
  }
  const long status = result->status;
  if (status >= 200 && status < 400) return Verdict::kSent;
  if (status == 408 || status == 429 || status >= 500) return Verdict::kRetry;
  return Verdict::kFailed;
}

}  // namespace

struct BeaconDispatcher::State : std::enable_shared_from_this<BeaconDispatcher::State> {
  State(asio::any_io_executor executor, BeaconQueue& q, Fetcher& f, Metrics& m, DispatcherOptions o)
      : strand(asio::make_strand(executor)), queue(q), fetcher(f), metrics(m), options(std::move(o)), idle(strand) {
    if (options.consumer.empty()) options.consumer = random_consumer();
    options.in_flight = std::max<std::size_t>(1, options.in_flight);
    options.per_host = std::max<std::size_t>(1, options.per_host);
  }

  asio::strand<asio::any_io_executor> strand;
  BeaconQueue& queue;
  Fetcher& fetcher;
  Metrics& metrics;
  DispatcherOptions options;
  asio::steady_timer idle;
  std::atomic<bool> stopped{false};
  bool woken = false;
  std::size_t in_flight = 0;
  std::map<std::string, std::size_t> busy_hosts;
  std::map<std::string, std::deque<std::shared_ptr<asio::steady_timer>>> waiting_for_host;
  std::mt19937 random{std::random_device{}()};
  bool logged_unavailable = false;

  asio::awaitable<void> run() {
    auto self = shared_from_this();
    while (!stopped) {
      const std::size_t room = options.in_flight - in_flight;
      std::size_t got = 0;
      if (room > 0) {
        auto taken = co_await queue.take(options.consumer, room, options.clock->unix_ms());
        if (!taken) {
          if (!logged_unavailable) log::warn("beacons", "cannot take beacons: " + taken.error().detail + "; retrying");
          logged_unavailable = true;
        } else {
          logged_unavailable = false;
          got = taken->size();
          for (auto& beacon : *taken) {
            ++in_flight;
            asio::co_spawn(strand, deliver(std::move(beacon)), logged_detached("beacon delivery"));
          }
        }
      }
      if (stopped) break;
      if (room > 0 && got == room) continue;  // more may be waiting
      if (!woken) {
        idle.expires_after(options.poll);
        boost::system::error_code ignored;
        co_await idle.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
      }
      woken = false;
    }
  }

  asio::awaitable<void> acquire(const std::string& host) {
    while (busy_hosts[host] >= options.per_host) {
      auto turn = std::make_shared<asio::steady_timer>(strand, asio::steady_timer::time_point::max());
      waiting_for_host[host].push_back(turn);
      boost::system::error_code woken_up;
      co_await turn->async_wait(asio::redirect_error(asio::use_awaitable, woken_up));
    }
    ++busy_hosts[host];
  }

  void release(const std::string& host) {
    if (--busy_hosts[host] == 0) busy_hosts.erase(host);
    auto waiting = waiting_for_host.find(host);
    if (waiting == waiting_for_host.end()) return;
    waiting->second.front()->cancel();
    waiting->second.pop_front();
    if (waiting->second.empty()) waiting_for_host.erase(waiting);
  }

  std::chrono::milliseconds backoff(int attempts) {
    auto delay = options.first_retry;
    for (int i = 1; i < attempts && delay < options.last_retry; ++i) delay *= 2;
    delay = std::min(delay, options.last_retry);
    // Jitter: receivers that came back are not hit by every node's retries at once.
    std::uniform_int_distribution<std::int64_t> spread(delay.count() / 2, delay.count());
    return std::chrono::milliseconds{spread(random)};
  }

  /// Why a beacon deferred until playback could reach it is not sent: the session went
  /// quiet before it was due. Nullopt: send it (also when presence cannot be read: a
  /// store blink must not lose a real view).
  asio::awaitable<std::optional<std::string>> abandoned(const Beacon& beacon) {
    if (!beacon.awaits_playback || beacon.attempts > 0) co_return std::nullopt;
    auto presence = co_await queue.presence(beacon.session);
    if (!presence) co_return std::nullopt;
    if (!*presence) co_return "no request from the session on record";
    const auto& seen = **presence;
    const std::int64_t window =
        seen.poll_ms > 0 ? std::max<std::int64_t>(3 * seen.poll_ms, kLeastLiveWindowMs) : options.presence_window.count();
    if (seen.seen_ms >= beacon.due_ms - window) co_return std::nullopt;
    co_return "the session's last request was " + std::to_string(beacon.due_ms - seen.seen_ms) +
        " ms before this was due (window " + std::to_string(window) + " ms)";
  }

  void finished() {
    // A full dispatcher waits for a slot: this was one.
    if (in_flight-- == options.in_flight) {
      woken = true;
      idle.cancel();
    }
  }

  asio::awaitable<void> deliver(TakenBeacon taken) {
    auto self = shared_from_this();
    if (auto why = co_await abandoned(taken.beacon)) {
      metrics.add("ssai_beacons_abandoned_total", {{"event", taken.beacon.event}});
      log::debug("beacons", taken.beacon.id + " abandoned: " + *why);
      AuditDetail detail;
      detail.error = *why;
      Settlement settlement;
      settlement.kind = Settlement::Kind::kFailed;  // final, and never sent
      const auto now = options.clock->unix_ms();
      settlement.audit_record = audit_record(taken.beacon, "abandoned", now, detail);
      settlement.analytics = delivery_analytics(taken.beacon, "abandoned", now, 0);
      co_await settle(std::move(taken), std::move(settlement));
      finished();
      co_return;
    }
    const auto host = host_of(taken.beacon.url);
    co_await acquire(host);
    vast::MacroValues at_send;
    at_send.set("TIMESTAMP", utc_timestamp()).set("CACHEBUSTING", cache_buster());
    FetchOptions fetch;
    fetch.timeout = options.timeout;
    fetch.max_bytes = kMaxAnswerBytes;
    fetch.device_ip = taken.beacon.device_ip;
    fetch.device_user_agent = taken.beacon.device_user_agent;
    const auto url = vast::expand_macros(taken.beacon.url, at_send);
    auto result = co_await fetcher.get(url, fetch);
    release(host);

    auto& beacon = taken.beacon;
    ++beacon.attempts;
    const auto now = options.clock->unix_ms();
    AuditDetail detail;
    if (result) detail.status = result->status;
    if (!result) detail.error = result.error().detail;
    if (result && detail.status >= 400) detail.error = "HTTP " + std::to_string(detail.status);
    auto verdict = judge(result);
    Settlement settlement;
    const Labels labels{{"event", beacon.event}};
    if (verdict == Verdict::kRetry) {
      const auto next = now + backoff(beacon.attempts).count();
      if (next <= beacon.give_up_ms) {
        detail.next_ms = next;
        settlement.kind = Settlement::Kind::kRetry;
        settlement.retry = beacon;
        settlement.retry->due_ms = next;
        metrics.add("ssai_beacons_retried_total", labels);
      } else {
        verdict = Verdict::kFailed;
        detail.error = "gave up after " + std::to_string(beacon.attempts) + " attempts: " + detail.error;
      }
    }
    if (verdict == Verdict::kSent) {
      settlement.kind = Settlement::Kind::kSent;
      metrics.add("ssai_beacons_sent_total", labels);
      log::debug("beacons", beacon.id + " sent, HTTP " + std::to_string(detail.status));
    } else if (verdict == Verdict::kFailed || verdict == Verdict::kRefused) {
      settlement.kind = Settlement::Kind::kFailed;
      metrics.add("ssai_beacons_failed_total", labels);
      log::warn("beacons", beacon.id + (verdict == Verdict::kRefused ? " refused: " : " failed: ") + detail.error);
    }
    const char* state = verdict == Verdict::kSent      ? "sent"
                        : verdict == Verdict::kFailed  ? "failed"
                        : verdict == Verdict::kRefused ? "refused"
                                                       : "retry";
    settlement.audit_record = audit_record(beacon, state, now, detail);
    if (verdict != Verdict::kRetry) settlement.analytics = delivery_analytics(beacon, state, now, detail.status);
    co_await settle(std::move(taken), std::move(settlement));
    finished();
  }

  // The store may blink; a beacon left unsettled is sent again once its lease runs out,
  // so a few tries here save a duplicate.
  asio::awaitable<void> settle(TakenBeacon taken, Settlement settlement) {
    for (int attempt = 1;; ++attempt) {
      auto settled = co_await queue.settle(taken, settlement);
      if (settled) co_return;
      if (attempt == kSettleTries || stopped) {
        log::warn("beacons", taken.beacon.id + " not settled (" + settled.error().detail +
                                 "); it is taken again when its lease runs out");
        co_return;
      }
      asio::steady_timer pause(strand, kSettlePause);
      boost::system::error_code ignored;
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
  }
};

BeaconDispatcher::BeaconDispatcher(asio::any_io_executor executor, BeaconQueue& queue, Fetcher& fetcher,
                                   Metrics& metrics, DispatcherOptions options)
    : state_(std::make_shared<State>(std::move(executor), queue, fetcher, metrics, std::move(options))) {}

BeaconDispatcher::~BeaconDispatcher() {
  state_->stopped = true;
  asio::post(state_->strand, [state = state_] { state->idle.cancel(); });
}

void BeaconDispatcher::start() {
  log::info("beacons", "dispatcher " + state_->options.consumer + " started");
  asio::co_spawn(state_->strand, state_->run(), logged_detached("beacon dispatcher"));
}

void BeaconDispatcher::wake() {
  asio::post(state_->strand, [state = state_] {
    state->woken = true;
    state->idle.cancel();
  });
}

}  // namespace ssai
