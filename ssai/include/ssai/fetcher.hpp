#pragma once
// Outgoing HTTP requests (origin playlists, ad decisions, beacons) with libcurl's multi
// interface driven by an Asio event loop: thousands of transfers in flight on one
// thread, connections kept alive and reused, and no service thread ever blocked on the
// network.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <tl/expected.hpp>

#include "ssai/outbound_policy.hpp"

namespace ssai {

struct FetchOptions {
  std::chrono::milliseconds timeout{3000};
  std::size_t max_bytes = 2 * 1024 * 1024;
  std::string user_agent = "ssai/0.1";
  /// The viewer's device, for ad requests and beacons made on its behalf (IAB server-side
  /// guidance): X-Device-IP and X-Forwarded-For, X-Device-User-Agent. Empty: not sent.
  std::string device_ip;
  std::string device_user_agent;
  /// POST when a body is given (ad servers that take JSON or forms); GET otherwise.
  std::optional<std::string> post_body;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct FetchResponse {
  long status = 0;
  std::string body;
  std::string content_type;
  std::string effective_url;  ///< after redirects
};

enum class FetchErrc {
  kTimeout,
  kConnect,
  kTooLarge,
  kBadUrl,
  kRefused,  ///< the outbound policy said no: nothing was sent (not worth a retry)
  kOther,
};

struct FetchError {
  FetchErrc code;
  std::string detail;
  OutboundRefusal refusal = OutboundRefusal::kAddress;  ///< why, when code is kRefused
};

using FetchResult = tl::expected<FetchResponse, FetchError>;

struct FetcherLimits {
  /// Connections open to one host at once; further transfers to it queue for one.
  long per_host = 16;
  /// Connections open at once, all hosts together.
  long total = 512;
};

class Fetcher {
 public:
  /// Every transfer is judged by `policy` (outbound_policy.hpp): its URL before it is
  /// sent, and each connection it opens, redirects included.
  explicit Fetcher(FetcherLimits limits = {}, OutboundPolicy policy = {});
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  /// GET `url` (http or https only; up to 3 redirects). Completes on the caller's executor.
  [[nodiscard]] boost::asio::awaitable<FetchResult> get(std::string url, FetchOptions options);

  /// The same transfer, blocking the calling thread (CLI tools and conditioning workers).
  [[nodiscard]] static FetchResult get_blocking(const std::string& url, const FetchOptions& options,
                                                const OutboundPolicy& policy);

  /// Told of each refused request, from the fetcher's own thread (metrics).
  void on_refusal(std::function<void(OutboundRefusal)> observer);
  [[nodiscard]] const OutboundPolicy& policy() const;

  /// Transfers finished, and the new connections they needed: far fewer connections
  /// than transfers means keep-alive works.
  [[nodiscard]] std::size_t transfers() const { return transfers_; }
  [[nodiscard]] std::size_t connections_opened() const { return connections_opened_; }

 private:
  std::atomic<std::size_t> transfers_{0};
  std::atomic<std::size_t> connections_opened_{0};
  struct Impl;
  std::unique_ptr<Impl> impl_;  // last: its loop thread counts into the members above
};

}  // namespace ssai
