#include "origin/curl_transfer.hpp"

#include <mutex>

#include <netinet/in.h>
#include <sys/socket.h>


namespace ssai {

void curl_global_setup() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlTransfer::CurlTransfer(std::string url, FetchOptions options, const OutboundPolicy& policy)
    : url_(std::move(url)), options_(std::move(options)), policy_(policy) {
  curl_global_setup();
  if (auto refused = policy_.check_url(url_, &refusal_detail_)) {
    refusal_ = *refused;
    return;
  }
  easy_.reset(curl_easy_init());
  if (!easy_) return;
  CURL* h = easy_.get();
  curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, this);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_bytes));
  auto add_header = [this](const std::string& line) { headers_.reset(curl_slist_append(headers_.release(), line.c_str())); };
  if (!options_.device_ip.empty()) {
    add_header("X-Device-IP: " + options_.device_ip);
    add_header("X-Forwarded-For: " + options_.device_ip);
  }
  if (!options_.device_user_agent.empty()) add_header("X-Device-User-Agent: " + options_.device_user_agent);
  for (const auto& [name, value] : options_.headers) add_header(name + ": " + value);
  if (headers_) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers_.get());
  if (options_.post_body) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(options_.post_body->size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, options_.post_body->c_str());
  }
}

std::size_t CurlTransfer::on_data(char* data, std::size_t size, std::size_t count, void* self) {
  auto* transfer = static_cast<CurlTransfer*>(self);
  const std::size_t bytes = size * count;
  if (transfer->body_.size() + bytes > transfer->options_.max_bytes) {
    transfer->too_large_ = true;
    return 0;  // makes curl abort with CURLE_WRITE_ERROR
  }
  transfer->body_.append(data, bytes);
  return bytes;
}

curl_socket_t CurlTransfer::open_socket(void* self, curlsocktype, curl_sockaddr* address) {
  auto* transfer = static_cast<CurlTransfer*>(self);
  const auto ip = OutboundPolicy::from_sockaddr(&address->addr);
  // The URL being fetched now: after a redirect, the hop's (curl updates it before it
  // connects), so each hop's host and address are judged together.
  char* current = nullptr;
  curl_easy_getinfo(transfer->easy_.get(), CURLINFO_EFFECTIVE_URL, &current);
  const std::string host = current ? OutboundPolicy::host_of(current) : std::string{};
  std::uint16_t port = 0;
  if (address->family == AF_INET) {
    port = ntohs(reinterpret_cast<const sockaddr_in*>(&address->addr)->sin_port);
  } else if (address->family == AF_INET6) {
    port = ntohs(reinterpret_cast<const sockaddr_in6*>(&address->addr)->sin6_port);
  }
  if (!ip || !transfer->policy_.may_connect(host, port, *ip)) {
    transfer->refusal_ = OutboundRefusal::kAddress;
    transfer->refusal_detail_ = (ip ? ip->to_string() : std::string("an address of an unknown family")) + " (for " +
                                host + ") is not a public address and outbound.allow does not name it";
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

FetchResult CurlTransfer::outcome(CURLcode code) {
  // A refused connection counts only when the transfer failed: curl may have gone on to
  // another address of the same name that the policy allows.
  if (refusal_ && code != CURLE_OK) return tl::unexpected(FetchError{FetchErrc::kRefused, url_ + ": refused: " + refusal_detail_, *refusal_});
  if (!easy_) return tl::unexpected(FetchError{FetchErrc::kOther, "curl_easy_init failed"});
  if (too_large_ || code == CURLE_FILESIZE_EXCEEDED) {
    return tl::unexpected(
        FetchError{FetchErrc::kTooLarge, url_ + ": body over " + std::to_string(options_.max_bytes) + " bytes"});
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return tl::unexpected(
        FetchError{FetchErrc::kTimeout, url_ + ": no answer within " + std::to_string(options_.timeout.count()) + " ms"});
  }
  if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST) {
    return tl::unexpected(FetchError{FetchErrc::kConnect, url_ + ": " + curl_easy_strerror(code)});
  }
  if (code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL) {
    return tl::unexpected(FetchError{FetchErrc::kBadUrl, url_ + ": " + curl_easy_strerror(code)});
  }
  if (code != CURLE_OK) return tl::unexpected(FetchError{FetchErrc::kOther, url_ + ": " + curl_easy_strerror(code)});
  CURL* h = easy_.get();
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
  response.body = std::move(body_);
  return response;
}

}  // namespace ssai
