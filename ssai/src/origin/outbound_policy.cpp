#include "ssai/outbound_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>


namespace ssai {
namespace {

constexpr std::uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

IpAddress from_v4(const std::uint8_t* four) {
  IpAddress a;
  std::memcpy(a.bytes, kMappedPrefix, 12);
  std::memcpy(a.bytes + 12, four, 4);
  return a;
}

std::optional<IpAddress> parse_address(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string copy(text);
  IpAddress a;
  // inet_pton takes the strict dotted quad only: "0177.0.0.1" or "2130706433" are no
  // address here (they are names to curl, and judged once resolved).
  if (in_addr v4{}; inet_pton(AF_INET, copy.c_str(), &v4) == 1) return from_v4(reinterpret_cast<const std::uint8_t*>(&v4));
  if (in6_addr v6{}; inet_pton(AF_INET6, copy.c_str(), &v6) == 1) {
    std::memcpy(a.bytes, &v6, 16);
    return a;
  }
  return std::nullopt;
}

// The ranges no request goes to unless allowed, as written in the registries (IANA's
// special-purpose address registries), in the 16-byte form.
constexpr std::array kNonPublicV4 = {
    "0.0.0.0/8",       // "this network", 0.0.0.0 reaches loopback on Linux
    "10.0.0.0/8",      // private
    "100.64.0.0/10",   // carrier-grade NAT
    "127.0.0.0/8",     // loopback
    "169.254.0.0/16",  // link-local, the cloud metadata address 169.254.169.254
    "172.16.0.0/12",   // private
    "192.0.0.0/24",    // IETF protocol assignments (192.0.0.192 is a metadata address too)
    "192.0.2.0/24",    // documentation
    "192.168.0.0/16",  // private
    "198.18.0.0/15",   // benchmarking
    "198.51.100.0/24", // documentation
    "203.0.113.0/24",  // documentation
    "224.0.0.0/4",     // multicast
    "240.0.0.0/4",     // reserved, broadcast
};
constexpr std::array kNonPublicV6 = {
    "::/128",         // unspecified
    "::1/128",        // loopback
    "::/96",          // IPv4-compatible (deprecated)
    "64:ff9b:1::/48", // local-use NAT64
    "100::/64",       // discard
    "2001::/32",      // Teredo: an IPv4 address in disguise
    "2001:db8::/32",  // documentation
    "fc00::/7",       // unique-local (fd00:ec2::254 is a metadata address)
    "fe80::/10",      // link-local
    "fec0::/10",      // site-local (deprecated)
    "ff00::/8",       // multicast
};

const std::vector<IpPrefix>& non_public_prefixes() {
  static const std::vector<IpPrefix> all = [] {
    std::vector<IpPrefix> prefixes;
    for (const char* text : kNonPublicV4) prefixes.push_back(*IpPrefix::parse(text));
    for (const char* text : kNonPublicV6) prefixes.push_back(*IpPrefix::parse(text));
    return prefixes;
  }();
  return all;
}

// The IPv4 address an IPv6 one carries and routes to: NAT64 (64:ff9b::/96) and 6to4
// (2002::/16); nullopt for others. (IPv4-mapped addresses already are the IPv4 form.)
std::optional<IpAddress> embedded_v4(const IpAddress& a) {
  static const IpPrefix nat64 = *IpPrefix::parse("64:ff9b::/96");
  static const IpPrefix six_to_four = *IpPrefix::parse("2002::/16");
  if (nat64.contains(a)) return from_v4(a.bytes + 12);
  if (six_to_four.contains(a)) return from_v4(a.bytes + 2);
  return std::nullopt;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<std::uint16_t> parse_port(std::string_view digits) {
  unsigned port = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc{} || end != digits.data() + digits.size() || port == 0 || port > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(port);
}

bool is_host_name(std::string_view host) {
  return !host.empty() && host.size() <= 253 &&
         host.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-_") == std::string_view::npos;
}

tl::unexpected<Error> bad_entry(const std::string& entry, std::string_view why) {
  return fail(Errc::kBadConfig, "outbound.allow: \"" + entry + "\" " + std::string(why));
}

}  // namespace

bool IpAddress::is_v4() const { return std::memcmp(bytes, kMappedPrefix, 12) == 0; }

std::string IpAddress::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (is_v4()) {
    inet_ntop(AF_INET, bytes + 12, text, sizeof text);
  } else {
    inet_ntop(AF_INET6, bytes, text, sizeof text);
  }
  return text;
}

std::optional<IpPrefix> IpPrefix::parse(std::string_view text) {
  const auto slash = text.find('/');
  auto address = parse_address(text.substr(0, slash));
  if (!address) return std::nullopt;
  const int width = address->is_v4() && text.substr(0, slash).find(':') == std::string_view::npos ? 32 : 128;
  int length = width;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
    if (ec != std::errc{} || end != digits.data() + digits.size() || length < 0 || length > width) return std::nullopt;
  }
  IpPrefix prefix{*address, length + (128 - width)};
  // The bits past the prefix are cleared, so contains() compares whole bytes.
  for (int bit = prefix.length; bit < 128; ++bit) prefix.address.bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80 >> (bit % 8)));
  return prefix;
}

bool IpPrefix::contains(const IpAddress& candidate) const {
  const int whole = length / 8;
  if (std::memcmp(address.bytes, candidate.bytes, static_cast<std::size_t>(whole)) != 0) return false;
  const int rest = length % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (candidate.bytes[whole] & mask) == address.bytes[whole];
}

const char* outbound_refusal_name(OutboundRefusal refusal) {
  switch (refusal) {
    case OutboundRefusal::kScheme: return "scheme";
    case OutboundRefusal::kBadUrl: return "bad_url";
    case OutboundRefusal::kAddress: return "address";
    case OutboundRefusal::kBudget: return "budget";
  }
  return "unknown";
}

Result<OutboundPolicy> OutboundPolicy::allowing(const std::vector<std::string>& entries) {
  OutboundPolicy policy;
  for (const auto& entry : entries) {
    if (entry.empty()) return bad_entry(entry, "is empty");
    if (entry.find('/') != std::string::npos) {
      auto prefix = IpPrefix::parse(entry);
      if (!prefix) return bad_entry(entry, "is not a CIDR (address/length)");
      policy.prefixes_.push_back({*prefix, std::nullopt});
      continue;
    }
    // "[v6]:port", "[v6]", a bare v6 address (two colons or more), "v4:port", "name:port".
    std::string_view host = entry;
    std::optional<std::uint16_t> port;
    if (entry.front() == '[') {
      const auto close = entry.find(']');
      if (close == std::string::npos) return bad_entry(entry, "has no closing ']'");
      host = std::string_view(entry).substr(1, close - 1);
      const auto after = std::string_view(entry).substr(close + 1);
      if (!after.empty()) {
        if (after.front() != ':' || !(port = parse_port(after.substr(1)))) return bad_entry(entry, "has a bad port");
      }
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
      const auto colon = entry.find(':');
      host = std::string_view(entry).substr(0, colon);
      if (!(port = parse_port(std::string_view(entry).substr(colon + 1)))) return bad_entry(entry, "has a bad port");
    }
    if (auto address = parse_address(host)) {
      policy.prefixes_.push_back({IpPrefix{*address, 128}, port});
      continue;
    }
    std::string name = lower(host);
    if (!is_host_name(name)) return bad_entry(entry, "is neither a host name, an address nor a CIDR");
    policy.hosts_.push_back({std::move(name), port});
  }
  return policy;
}

OutboundPolicy OutboundPolicy::open() {
  OutboundPolicy policy;
  policy.open_ = true;
  return policy;
}

std::optional<OutboundRefusal> OutboundPolicy::check_url(std::string_view url, std::string* why) const {
  if (open_) return std::nullopt;
  auto say = [why](std::string text) {
    if (why) *why = std::move(text);
  };
  // Read leniently, as curl does: ad servers' URLs carry unexpanded macros ("[X]") and
  // other characters a strict URI parser refuses. What matters is the scheme and host.
  const auto colon = url.find(':');
  const bool has_scheme = colon != std::string_view::npos && colon > 0 &&
                          std::isalpha(static_cast<unsigned char>(url.front())) &&
                          url.substr(0, colon).find_first_not_of(
                              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") == std::string_view::npos;
  if (!has_scheme) {
    say("not an http or https URL (a bare path)");
    return OutboundRefusal::kScheme;
  }
  const std::string scheme = lower(url.substr(0, colon));
  if (scheme != "http" && scheme != "https") {
    say("the " + scheme + ": scheme is not fetched (http and https only)");
    return OutboundRefusal::kScheme;
  }
  if (url.substr(colon + 1, 2) != "//" || host_of(url).empty()) {
    say("the URL names no host");
    return OutboundRefusal::kBadUrl;
  }
  return std::nullopt;
}

std::string OutboundPolicy::host_of(std::string_view url) {
  const auto start = url.find("://");
  if (start == std::string_view::npos) return {};
  std::string_view authority = url.substr(start + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    return close == std::string_view::npos ? std::string{} : lower(authority.substr(1, close - 1));
  }
  return lower(authority.substr(0, authority.find(':')));
}

bool OutboundPolicy::may_connect(std::string_view host, std::uint16_t port, const IpAddress& address) const {
  if (open_ || !is_non_public(address)) return true;
  std::string name = lower(host);
  for (const auto& rule : hosts_) {
    if (rule.host == name && (!rule.port || *rule.port == port)) return true;
  }
  for (const auto& rule : prefixes_) {
    if (rule.prefix.contains(address) && (!rule.port || *rule.port == port)) return true;
  }
  return false;
}

bool OutboundPolicy::is_non_public(const IpAddress& address) {
  const auto& prefixes = non_public_prefixes();
  auto inside = [&prefixes](const IpAddress& a) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&a](const IpPrefix& p) { return p.contains(a); });
  };
  if (inside(address)) return true;
  if (auto v4 = embedded_v4(address)) return inside(*v4);
  return false;
}

std::optional<IpAddress> OutboundPolicy::from_sockaddr(const sockaddr* address) {
  if (!address) return std::nullopt;
  if (address->sa_family == AF_INET) {
    sockaddr_in v4{};
    std::memcpy(&v4, address, sizeof v4);
    return from_v4(reinterpret_cast<const std::uint8_t*>(&v4.sin_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 v6{};
    std::memcpy(&v6, address, sizeof v6);
    IpAddress a;
    std::memcpy(a.bytes, &v6.sin6_addr, 16);
    return a;
  }
  return std::nullopt;
}

}  // namespace ssai
