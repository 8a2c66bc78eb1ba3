#include "ssai/url_signer.hpp"

#include <array>
#include <random>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace ssai {
namespace {
constexpr std::size_t kSignatureBytes = 16;
constexpr char kHex[] = "0123456789abcdef";
}  // namespace

UrlSigner::UrlSigner(std::string secret) : secret_(std::move(secret)) {
  if (!secret_.empty()) return;
  std::array<unsigned char, 32> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    std::random_device device;  // OpenSSL's generator failing is near impossible; still unguessable
    for (auto& byte : random) byte = static_cast<unsigned char>(device());
  }
  secret_.assign(reinterpret_cast<const char*>(random.data()), random.size());
}

std::string UrlSigner::sign(std::string_view message) const {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac.data(), &length);
  std::string hex;
  hex.reserve(kSignatureBytes * 2);
  for (std::size_t i = 0; i < kSignatureBytes; ++i) {
    hex.push_back(kHex[mac[i] >> 4]);
    hex.push_back(kHex[mac[i] & 0xf]);
  }
  return hex;
}

bool UrlSigner::verify(std::string_view message, std::string_view signature) const {
  const std::string expected = sign(message);
  if (signature.size() != expected.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) difference |= static_cast<unsigned char>(expected[i] ^ signature[i]);
  return difference == 0;
}

}  // namespace ssai
