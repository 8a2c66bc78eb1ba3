#include "ssai/vast_client.hpp"

#include <map>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "ssai/detached.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch
// (a known false positive for coroutines with by-value parameters).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

namespace {

// Wrapper answers, as they arrive, from whichever thread ran the fetch.
using Results = asio::experimental::concurrent_channel<void(boost::system::error_code, std::size_t, FetchResult)>;
constexpr std::size_t kChannelCapacity = 256;

vast::ErrorCode code_for(const FetchError& error) {
  // VAST 301 covers timeouts, unreachable hosts and request errors alike.
  return error.code == FetchErrc::kTooLarge ? vast::ErrorCode::kXmlParsing : vast::ErrorCode::kWrapperTimeout;
}

std::chrono::milliseconds remaining(Clock::time_point deadline) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
}

FetchOptions fetch_options(const VastRequestOptions& options) {
  FetchOptions fetch;
  fetch.timeout = std::min(options.request_timeout, options.budget);
  fetch.max_bytes = vast::Limits{}.max_bytes;
  fetch.device_user_agent = options.device_user_agent;
  fetch.device_ip = options.device_ip;
  return fetch;
}

std::int64_t elapsed_ms(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

// Follows the wrappers of `body` until resolved or until `deadline`.
asio::awaitable<VastOutcome> resolve(Fetcher& fetcher, const std::string& body, VastRequestOptions options,
                                     Clock::time_point deadline, VastOutcome outcome);

}  // namespace

asio::awaitable<VastOutcome> request_ads(Fetcher& fetcher, std::string url, VastRequestOptions options) {
  const auto started = Clock::now();
  VastOutcome outcome;
  outcome.request.url = url;
  auto request = fetch_options(options);
  request.post_body = options.post_body;
  request.headers = options.headers;
  auto response = co_await fetcher.get(url, request);
  outcome.request.elapsed_ms = elapsed_ms(started);
  if (!response) {
    outcome.failure = "ad server unreachable: " + response.error().detail;
    outcome.failure_reason = response.error().code == FetchErrc::kTimeout ? SkipReason::kAdsTimeout : SkipReason::kAdsError;
  } else if (response->status != 200) {
    outcome.failure = "ad server answered HTTP " + std::to_string(response->status);
    outcome.failure_reason = SkipReason::kAdsError;
  }
  if (!outcome.failure.empty()) {
    outcome.request.error = outcome.failure;
    co_return outcome;
  }
  co_return co_await resolve(fetcher, response->body, options, started + options.budget, std::move(outcome));
}

asio::awaitable<VastOutcome> resolve_response(Fetcher& fetcher, std::string body, VastRequestOptions options) {
  VastOutcome outcome;
  outcome.request.url = "(file)";
  co_return co_await resolve(fetcher, body, options, Clock::now() + options.budget, std::move(outcome));
}

namespace {

asio::awaitable<VastOutcome> resolve(Fetcher& fetcher, const std::string& body, VastRequestOptions options,
                                     Clock::time_point deadline, VastOutcome outcome) {
  const FetchOptions fetch = fetch_options(options);
  auto document = vast::parse(body);
  if (!document) {
    outcome.failure = "VAST rejected (error " + std::to_string(vast::vast_error_code(document.error().code)) +
                      "): " + document.error().detail;
    outcome.failure_reason = SkipReason::kAdsError;
    outcome.request.error = outcome.failure;
    co_return outcome;
  }
  outcome.request.ok = true;
  outcome.vast_version = outcome.request.vast_version = document->version;
  std::vector<vast::Ad> ads;
  for (const auto* ad : vast::select_pod(*document)) ads.push_back(*ad);
  outcome.request.ads = ads.size();
  std::vector<vast::ErrorReport> ad_issues;
  for (const auto& issue : document->issues) {
    if (issue.dropped) ad_issues.push_back({static_cast<vast::ErrorCode>(issue.vast_error), issue.reason, issue.ad_id, issue.error_uris});
  }
  if (ads.empty()) {
    outcome.failure = "the ad server returned no ads";
    outcome.failure_reason = SkipReason::kNoAds;
    // A no-ad response's own Error URIs are told with 303, as players do.
    outcome.resolution.errors = std::move(ad_issues);
    if (!document->errors.empty()) {
      outcome.resolution.errors.push_back({vast::ErrorCode::kWrapperNoAds, outcome.failure, "", document->errors});
    }
    co_return outcome;
  }

  vast::ResolverLimits limits;
  limits.max_depth = options.max_depth;
  limits.max_requests = options.max_requests > 1 ? options.max_requests - 1 : 0;  // the ad request was one
  vast::Resolver resolver(std::move(ads), limits, vast::buffet_of(*document));
  const auto executor = co_await asio::this_coro::executor;
  auto results = std::make_shared<Results>(executor, kChannelCapacity);
  std::size_t outstanding = 0;
  std::map<std::size_t, Clock::time_point> sent;  // when each request went out
  asio::steady_timer timer(executor);
  for (;;) {
    for (auto& request : resolver.requests()) {
      const auto left = remaining(deadline);
      if (left.count() <= 0) break;
      FetchOptions hop = fetch;
      hop.timeout = std::min(options.request_timeout, left);
      ++outstanding;
      sent[request.id] = Clock::now();
      asio::co_spawn(
          executor,
          [&fetcher, results, request, hop]() -> asio::awaitable<void> {
            auto result = co_await fetcher.get(request.url, hop);
            results->try_send(boost::system::error_code{}, request.id, std::move(result));
          },
          logged_detached("ad server request"));
    }
    if (resolver.finished() || outstanding == 0) break;
    const auto left = remaining(deadline);
    if (left.count() <= 0) break;
    timer.expires_after(left);
    auto next = co_await (results->async_receive(asio::as_tuple(asio::use_awaitable)) || timer.async_wait(asio::use_awaitable));
    if (next.index() == 1) break;  // the budget ran out
    auto [ec, id, result] = std::get<0>(std::move(next));
    if (ec) break;
    --outstanding;
    if (!result) {
      resolver.on_failure(id, code_for(result.error()), result.error().detail);
    } else if (result->status != 200) {
      resolver.on_failure(id, vast::ErrorCode::kWrapperTimeout, "HTTP " + std::to_string(result->status));
    } else {
      resolver.on_response(id, result->body);
    }
  }
  if (!resolver.finished()) {
    resolver.abandon("the decision budget of " + std::to_string(options.budget.count()) + " ms ran out");
  }
  results->close();  // late answers are dropped
  outcome.resolution = std::move(resolver).take();
  outcome.resolution.errors.insert(outcome.resolution.errors.begin(), ad_issues.begin(), ad_issues.end());
  for (auto& hop : outcome.resolution.hops) {
    if (auto it = sent.find(hop.request_id); it != sent.end()) hop.elapsed_ms = elapsed_ms(it->second);
  }
  co_return outcome;
}

}  // namespace
}  // namespace ssai
