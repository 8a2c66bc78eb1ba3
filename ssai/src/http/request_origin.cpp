#include "ssai/request_origin.hpp"

#include <algorithm>
#include <cctype>

#include <boost/asio/ip/address.hpp>

namespace ssai {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view header(const Request& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return value;
    }
  }
  return {};
}

bool from_trusted_proxy(const Request& request, const RequestOriginSettings& settings) {
  if (settings.trusted_proxies.empty()) return false;
  auto address = IpPrefix::parse(request.remote_address);
  if (!address) return false;
  return std::any_of(settings.trusted_proxies.begin(), settings.trusted_proxies.end(),
                     [&](const IpPrefix& proxy) { return proxy.contains(address->address); });
}

bool is_trusted(std::string_view address, const RequestOriginSettings& settings) {
  auto parsed = IpPrefix::parse(address);
  return parsed && std::any_of(settings.trusted_proxies.begin(), settings.trusted_proxies.end(),
                               [&](const IpPrefix& proxy) { return proxy.contains(parsed->address); });
}

bool known_host(std::string_view host, const RequestOriginSettings& settings) {
  const std::string name = lower(host);
  if (name == lower(settings.listen) || (!settings.tls_listen.empty() && name == lower(settings.tls_listen))) return true;
  return std::find(settings.public_hosts.begin(), settings.public_hosts.end(), name) != settings.public_hosts.end();
}

}  // namespace

bool is_valid_host_header(std::string_view host) {
  if (host.empty() || host.size() > 260) return false;
  std::string_view name = host;
  std::string_view port;
  if (host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos) return false;
    boost::system::error_code bad;
    boost::asio::ip::make_address_v6(std::string(host.substr(1, close - 1)), bad);
    if (bad) return false;
    const auto rest = host.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
    port = rest.empty() ? rest : rest.substr(1);
    name = {};
  } else if (const auto colon = host.find(':'); colon != std::string_view::npos) {
    name = host.substr(0, colon);
    port = host.substr(colon + 1);
    if (port.empty()) return false;
  }
  if (host.front() != '[' &&
      (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
                           std::string_view::npos)) {
    return false;
  }
  return port.size() <= 5 && port.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string public_base_for(const Request& request, const RequestOriginSettings& settings) {
  if (!settings.public_base_url.empty()) return settings.public_base_url;
  std::string scheme = request.tls ? "https" : "http";
  std::string_view host = request.host;
  bool vouched = false;
  if (from_trusted_proxy(request, settings)) {
    // The first of a comma-separated list: the host the client asked for.
    if (auto forwarded = trim(header(request, "X-Forwarded-Host").substr(0, header(request, "X-Forwarded-Host").find(',')));
        !forwarded.empty()) {
      host = forwarded;
    }
    const std::string proto = lower(trim(header(request, "X-Forwarded-Proto").substr(0, header(request, "X-Forwarded-Proto").find(','))));
    if (proto == "https" || proto == "http") scheme = proto;
    vouched = true;
  }
  if (!is_valid_host_header(host) || !(vouched || known_host(host, settings))) return "/";
  return scheme + "://" + lower(host) + "/";
}

std::string client_address(const Request& request, const RequestOriginSettings& settings) {
  if (!from_trusted_proxy(request, settings)) return request.remote_address;
  // Right to left: each trusted proxy appended the address it got the request from; the
  // first one that is not a trusted proxy is the viewer (anything left of it is the
  // client's own claim).
  std::string_view list = header(request, "X-Forwarded-For");
  while (!list.empty()) {
    const auto comma = list.rfind(',');
    const std::string_view entry = trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(0, comma);
    if (!IpPrefix::parse(entry) || entry.find('/') != std::string_view::npos) break;  // not an address: stop trusting
    if (!is_trusted(entry, settings)) return std::string(entry);
  }
  return request.remote_address;
}

}  // namespace ssai
