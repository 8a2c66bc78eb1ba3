#pragma once
// Outgoing HTTP GETs (origin playlists, ad decisions, beacons) with libcurl, run on a
// small pool of worker threads so no I/O thread ever blocks on the network.
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <tl/expected.hpp>

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

enum class FetchErrc { kTimeout, kConnect, kTooLarge, kBadUrl, kOther };

struct FetchError {
  FetchErrc code;
  std::string detail;
};

using FetchResult = tl::expected<FetchResponse, FetchError>;

class Fetcher {
 public:
  /// `threads` workers; each blocks in one transfer at a time.
  explicit Fetcher(std::size_t threads);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  /// GET `url` (http or https only; up to 3 redirects). Completes on the caller's executor.
  [[nodiscard]] boost::asio::awaitable<FetchResult> get(std::string url, FetchOptions options);

  /// The same transfer, blocking the calling thread (CLI tools only).
  [[nodiscard]] static FetchResult get_blocking(const std::string& url, const FetchOptions& options);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ssai
