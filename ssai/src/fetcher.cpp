#include "ssai/fetcher.hpp"

#include <mutex>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <curl/curl.h>

namespace ssai {
namespace asio = boost::asio;

namespace {

struct Transfer {
  std::string body;
  std::size_t max_bytes = 0;
  bool too_large = false;
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->body.size() + bytes > transfer->max_bytes) {
    transfer->too_large = true;
    return 0;  // makes curl abort with CURLE_WRITE_ERROR
  }
  transfer->body.append(data, bytes);
  return bytes;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

struct Fetcher::Impl {
  explicit Impl(std::size_t threads) : pool(threads) {}
  asio::thread_pool pool;
};

Fetcher::Fetcher(std::size_t threads) : impl_(std::make_unique<Impl>(threads == 0 ? 1 : threads)) { global_init(); }

Fetcher::~Fetcher() { impl_->pool.join(); }

FetchResult Fetcher::get_blocking(const std::string& url, const FetchOptions& options) {
  global_init();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return tl::unexpected(FetchError{FetchErrc::kOther, "curl_easy_init failed"});
  Transfer transfer;
  transfer.max_bytes = options.max_bytes;
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, curl_slist_free_all);
  auto add_header = [&headers](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  if (!options.device_ip.empty()) {
    add_header("X-Device-IP: " + options.device_ip);
    add_header("X-Forwarded-For: " + options.device_ip);
  }
  if (!options.device_user_agent.empty()) add_header("X-Device-User-Agent: " + options.device_user_agent);
  for (const auto& [name, value] : options.headers) add_header(name + ": " + value);
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  if (options.post_body) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(options.post_body->size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, options.post_body->c_str());
  }
  const CURLcode rc = curl_easy_perform(h);
  if (transfer.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return tl::unexpected(FetchError{FetchErrc::kTooLarge, url + ": body over " + std::to_string(options.max_bytes) + " bytes"});
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return tl::unexpected(FetchError{FetchErrc::kTimeout, url + ": no answer within " + std::to_string(options.timeout.count()) + " ms"});
  }
  if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST) {
    return tl::unexpected(FetchError{FetchErrc::kConnect, url + ": " + curl_easy_strerror(rc)});
  }
  if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) {
    return tl::unexpected(FetchError{FetchErrc::kBadUrl, url + ": " + curl_easy_strerror(rc)});
  }
  if (rc != CURLE_OK) return tl::unexpected(FetchError{FetchErrc::kOther, url + ": " + curl_easy_strerror(rc)});
  FetchResponse response;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  char* content_type = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
    response.content_type = content_type;
  }
  char* effective = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective) {
    response.effective_url = effective;
  }
  response.body = std::move(transfer.body);
  return response;
}

asio::awaitable<FetchResult> Fetcher::get(std::string url, FetchOptions options) {
  // The request is shared and the initiation named and copied: GCC 12 destroys objects
  // moved into a co_await expression twice (seen here as a corrupted heap).
  auto* pool = &impl_->pool;
  auto request = std::make_shared<const std::pair<std::string, FetchOptions>>(std::move(url), std::move(options));
  auto initiation = [pool, request](auto handler) {
    asio::post(*pool, [handler = std::move(handler), request]() mutable {
      auto result = get_blocking(request->first, request->second);
      auto executor = asio::get_associated_executor(handler);
      asio::post(executor, [handler = std::move(handler), result = std::move(result)]() mutable { handler(std::move(result)); });
    });
  };
  auto result = co_await asio::async_initiate<decltype(asio::use_awaitable), void(FetchResult)>(initiation, asio::use_awaitable);
  co_return result;
}

}  // namespace ssai
