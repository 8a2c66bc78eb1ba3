// Cue text forms seen in the wild: base64 (HLS tags, DASH <Binary>), with or without
// padding, and hex with a 0x prefix (tools and logs).
#include <string>

#include "manifests/scte35/decode.hpp"

namespace manifests::scte35 {
namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;  // '-' and '_': the URL-safe alphabet some packagers use
  if (c == '/' || c == '_') return 63;
  return -1;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

Result<std::vector<std::uint8_t>> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return fail(Errc::kBadEncoding, "hex cue has an odd number of digits");
  std::vector<std::uint8_t> out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_value(hex[i]);
    const int lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      return fail(Errc::kBadEncoding, "hex cue has a non-hex character at position " + std::to_string(i));
    }
    out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
  }
  return out;
}

Result<std::vector<std::uint8_t>> from_base64(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return fail(Errc::kBadEncoding, "base64 cue has an impossible length");
  std::vector<std::uint8_t> out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int v = base64_value(text[i]);
    if (v < 0) {
      return fail(Errc::kBadEncoding, "base64 cue has an invalid character at position " + std::to_string(i));
    }
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits));
    }
  }
  return out;
}

}  // namespace

Result<std::vector<std::uint8_t>> bytes_from_text(std::string_view text) {
  text = trim(text);
  if (text.empty()) return fail(Errc::kBadEncoding, "empty cue");
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) return from_hex(text.substr(2));
  // Bare hex, as some tools print it: a section starts with table_id 0xFC, whereas the
  // base64 of a section always starts with "/D", so "fc..." cannot be base64 of one.
  const bool bare_hex = (text.starts_with("fc") || text.starts_with("FC")) &&
                        text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
  if (bare_hex) return from_hex(text);
  return from_base64(text);
}

}  // namespace manifests::scte35
