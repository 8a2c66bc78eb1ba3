#pragma once
// Signs what we put in a URL so that only URLs we wrote are honoured: HMAC-SHA256 under
// a secret, truncated to 128 bits, hex. Nodes that share the secret verify each other's
// URLs; without a configured secret each process draws its own (its URLs then verify on
// that process only).
#include <string>
#include <string_view>

namespace ssai {

class UrlSigner {
 public:
  /// `secret` empty: a random one, for this process.
  explicit UrlSigner(std::string secret);

  [[nodiscard]] std::string sign(std::string_view message) const;
  /// In constant time.
  [[nodiscard]] bool verify(std::string_view message, std::string_view signature) const;

 private:
  std::string secret_;
};

}  // namespace ssai
