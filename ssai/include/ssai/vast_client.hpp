#pragma once
// Asks an ad server for VAST and follows its wrappers: the I/O half of vast::Resolver.
// Wrapper targets are fetched concurrently; each request has its own timeout and the
// whole resolution one budget it never exceeds.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "ssai/decision.hpp"
#include "ssai/fetcher.hpp"
#include "vast/resolver.hpp"

namespace ssai {

struct VastRequestOptions {
  std::chrono::milliseconds request_timeout{3000};
  std::chrono::milliseconds budget{10000};
  int max_depth = 7;
  /// Requests in all: the ad request and its wrappers (the decision's outbound budget).
  std::size_t max_requests = 32;
  std::string device_user_agent;
  std::string device_ip;
  /// For the ad request itself (wrapper targets are plain GETs).
  std::optional<std::string> post_body;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct VastOutcome {
  vast::Hop request;  ///< the ad request itself
  std::string vast_version;
  vast::Resolution resolution;
  /// Why there are no ads at all when the ad request itself failed (unreachable, not
  /// VAST...): there are no Error URIs to tell then.
  std::string failure;
  SkipReason failure_reason = SkipReason::kNone;
};

[[nodiscard]] boost::asio::awaitable<VastOutcome> request_ads(Fetcher& fetcher, std::string url,
                                                              VastRequestOptions options);

/// The same from a response already in hand (a file, for tag-check): its wrappers are
/// followed over HTTP.
[[nodiscard]] boost::asio::awaitable<VastOutcome> resolve_response(Fetcher& fetcher, std::string body,
                                                                   VastRequestOptions options);

}  // namespace ssai
