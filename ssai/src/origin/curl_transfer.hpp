#pragma once
// One libcurl transfer: the easy handle set up from FetchOptions, the body collected
// under its size limit, and the outcome read back as a FetchResult. Shared by the
// event-driven Fetcher (curl multi) and the blocking path the CLI tools use.
#include <memory>
#include <optional>
#include <string>

#include <curl/curl.h>

#include "ssai/fetcher.hpp"

namespace ssai {

class CurlTransfer {
 public:
  /// Sets up the easy handle; nothing is sent until it is performed or added to a multi.
  /// `policy` must outlive the transfer. A URL it refuses leaves the transfer not
  /// ready(), its outcome the refusal.
  CurlTransfer(std::string url, FetchOptions options, const OutboundPolicy& policy);
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  [[nodiscard]] CURL* handle() const { return easy_.get(); }
  [[nodiscard]] bool ready() const { return easy_ != nullptr && !refusal_; }
  /// What the transfer came to, given curl's code for it.
  [[nodiscard]] FetchResult outcome(CURLcode code);

 private:
  static std::size_t on_data(char* data, std::size_t size, std::size_t count, void* self);
  /// curl's CURLOPT_OPENSOCKETFUNCTION: every connection, first or after a redirect, is
  /// judged here on the address it is about to reach.
  static curl_socket_t open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);

  std::string url_;
  FetchOptions options_;
  std::string body_;
  bool too_large_ = false;
  const OutboundPolicy& policy_;
  std::optional<OutboundRefusal> refusal_;
  std::string refusal_detail_;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy_{nullptr, curl_easy_cleanup};
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers_{nullptr, curl_slist_free_all};
};

/// curl_global_init, once per process.
void curl_global_setup();

}  // namespace ssai
