#pragma once
// Where the service may send requests. Every outgoing request (origin, ad server,
// wrappers, VMAP, creative and content downloads, beacons) is judged by one policy:
//   - http and https only: a bare path, file:, gopher: ... are refused before anything
//     is sent;
//   - the address actually connected to (after DNS, on every redirect hop) must not be
//     in a non-public range (loopback, private, link-local and the cloud metadata
//     address, unique-local, CGNAT, multicast, unspecified, reserved; IPv4-mapped and
//     NAT64 IPv6 judged by their IPv4 part) unless the configuration allows it.
// The check on the connected address is what defeats decimal or octal spellings of an
// address, names that resolve to loopback and DNS rebinding: whatever the URL says, the
// socket is judged.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ssai/error.hpp"

struct sockaddr;

namespace ssai {

/// An address as 16 bytes (IPv4 as IPv4-mapped IPv6), so one prefix match serves both.
struct IpAddress {
  std::uint8_t bytes[16]{};
  [[nodiscard]] bool is_v4() const;
  [[nodiscard]] std::string to_string() const;
};

/// "a.b.c.d", "a.b.c.d/n", "v6", "v6/n" (no brackets); nullopt when malformed.
struct IpPrefix {
  IpAddress address;
  int length = 128;  ///< in bits of the 16-byte form (an IPv4 /8 is 104)
  [[nodiscard]] static std::optional<IpPrefix> parse(std::string_view text);
  [[nodiscard]] bool contains(const IpAddress& address) const;
};

/// Why a request was not sent; also the label of ssai_outbound_refused_total.
enum class OutboundRefusal {
  kScheme,   ///< not http or https (a bare path, file:, ...)
  kBadUrl,   ///< not a URL at all
  kAddress,  ///< a non-public address the configuration does not allow
  kBudget,   ///< the decision's outbound request budget is spent
};
[[nodiscard]] const char* outbound_refusal_name(OutboundRefusal refusal);

class OutboundPolicy {
 public:
  /// The production default: public addresses only, nothing allowed besides.
  OutboundPolicy() = default;

  /// Entries of "outbound.allow": a host name ("ads.internal", any port), host and port
  /// ("127.0.0.1:8081", "[::1]:8081", "origin.internal:8443"), an address or a CIDR
  /// ("10.1.0.0/16", "fd00::/8"). Errors name the entry.
  [[nodiscard]] static Result<OutboundPolicy> allowing(const std::vector<std::string>& entries);
  /// Anything a URL can name, local files too: the CLI tools, run by the operator on
  /// files and tags of their own choosing.
  [[nodiscard]] static OutboundPolicy open();

  /// The request's URL before anything is sent: nullopt when it may go ahead to the
  /// connection check, else why not (with a message in `why`).
  [[nodiscard]] std::optional<OutboundRefusal> check_url(std::string_view url, std::string* why = nullptr) const;
  /// The host of an absolute URL, lower case, brackets of an IPv6 literal removed.
  [[nodiscard]] static std::string host_of(std::string_view url);
  /// A connection curl is about to open to `address` for a request to `host` (as
  /// host_of gives it) at `port`.
  [[nodiscard]] bool may_connect(std::string_view host, std::uint16_t port, const IpAddress& address) const;
  /// Whether local files (bare paths) may be read: only with open().
  [[nodiscard]] bool reads_local_files() const { return open_; }

  /// True when `address` is in one of the non-public ranges.
  [[nodiscard]] static bool is_non_public(const IpAddress& address);
  /// From a socket address (AF_INET or AF_INET6); nullopt for other families.
  [[nodiscard]] static std::optional<IpAddress> from_sockaddr(const sockaddr* address);

 private:
  struct HostRule {
    std::string host;  ///< lower case, brackets removed
    std::optional<std::uint16_t> port;
  };
  struct PrefixRule {
    IpPrefix prefix;
    std::optional<std::uint16_t> port;
  };
  bool open_ = false;
  std::vector<HostRule> hosts_;
  std::vector<PrefixRule> prefixes_;
};

}  // namespace ssai
