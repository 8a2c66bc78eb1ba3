#include "ssai/response_head.hpp"

#include <ostream>  // boost/beast/http/status.hpp needs it first

#include <boost/beast/http/status.hpp>

namespace ssai {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

void add_field(std::string& head, std::string_view name, std::string_view value) {
  head.append(name).append(": ");
  // Control characters (CR and LF above all, which would end the field and let a value
  // add headers of its own) become spaces; a tab stays, as HTTP allows it.
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    head.push_back((byte < 0x20 && c != '\t') || byte == 0x7f ? ' ' : c);
  }
  head.append("\r\n");
}

bool has_header(const Response& response, std::string_view name) {
  for (const auto& [field, value] : response.headers) {
    if (same_name(field, name)) return true;
  }
  return false;
}

}  // namespace

std::string response_head(const Response& response, unsigned version, bool keep_alive) {
  namespace http = boost::beast::http;
  std::string head;
  head.reserve(256);
  head.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ").append(std::to_string(response.status)).push_back(' ');
  head.append(http::obsolete_reason(http::int_to_status(static_cast<unsigned>(response.status)))).append("\r\n");
  add_field(head, "Server", "ssai");
  if (!has_header(response, "Content-Type")) add_field(head, "Content-Type", response.content_type);
  if (!has_header(response, "Cache-Control")) add_field(head, "Cache-Control", "no-cache");
  for (const auto& [name, value] : response.headers) {
    // Ours to say: the framing, and CORS for every answer alike.
    if (same_name(name, "Content-Length") || same_name(name, "Connection") ||
        same_name(name, "Access-Control-Allow-Origin") || same_name(name, "Access-Control-Expose-Headers")) {
      continue;
    }
    add_field(head, name, value);
  }
  add_field(head, "Access-Control-Allow-Origin", "*");
  add_field(head, "Access-Control-Expose-Headers", "Location, Content-Length");
  if (version == 10 && keep_alive) add_field(head, "Connection", "keep-alive");
  if (version != 10 && !keep_alive) add_field(head, "Connection", "close");
  const bool bodiless = (response.status >= 100 && response.status < 200) || response.status == 204 || response.status == 304;
  if (!bodiless) add_field(head, "Content-Length", std::to_string(response.body.size()));
  head.append("\r\n");
  return head;
}

}  // namespace ssai
