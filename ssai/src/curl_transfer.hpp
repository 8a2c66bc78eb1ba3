#pragma once
// One libcurl transfer: the easy handle set up from FetchOptions, the body collected
// under its size limit, and the outcome read back as a FetchResult. Shared by the
// event-driven Fetcher (curl multi) and the blocking path the CLI tools use.
#include <memory>
#include <string>

#include <curl/curl.h>

#include "ssai/fetcher.hpp"

namespace ssai {

class CurlTransfer {
 public:
  /// Sets up the easy handle; nothing is sent until it is performed or added to a multi.
  CurlTransfer(std::string url, FetchOptions options);
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  [[nodiscard]] CURL* handle() const { return easy_.get(); }
  [[nodiscard]] bool ready() const { return easy_ != nullptr; }
  /// What the transfer came to, given curl's code for it.
  [[nodiscard]] FetchResult outcome(CURLcode code);

 private:
  static std::size_t on_data(char* data, std::size_t size, std::size_t count, void* self);

  std::string url_;
  FetchOptions options_;
  std::string body_;
  bool too_large_ = false;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy_{nullptr, curl_easy_cleanup};
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers_{nullptr, curl_slist_free_all};
};

/// curl_global_init, once per process.
void curl_global_setup();

}  // namespace ssai
