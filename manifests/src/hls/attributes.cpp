#include "manifests/hls/attributes.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace manifests::hls {

Result<AttributeList> AttributeList::parse(std::string_view text) {
  AttributeList list;
  std::size_t pos = 0;
  while (pos < text.size()) {
    // Some packagers put a space after each comma (and after the tag's colon).
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos == text.size()) break;
    const auto eq = text.find('=', pos);
    if (eq == std::string_view::npos || eq == pos || text.substr(pos, eq - pos).find(',') != std::string_view::npos) {
      return fail(Errc::kBadAttribute, "attribute without a name or '=' at column " + std::to_string(pos));
    }
    Attribute attribute{std::string(text.substr(pos, eq - pos)), {}};
    std::size_t end = eq + 1;
    if (end < text.size() && text[end] == '"') {
      const auto close = text.find('"', end + 1);
      if (close == std::string_view::npos) {
        return fail(Errc::kBadAttribute, "unterminated quoted string in attribute " + attribute.name);
      }
      end = close + 1;
    } else {
      end = std::min(text.find(',', end), text.size());
    }
    attribute.value = std::string(text.substr(eq + 1, end - eq - 1));
    list.items_.push_back(std::move(attribute));
    if (end < text.size() && text[end] != ',') {
      return fail(Errc::kBadAttribute, "expected ',' after attribute " + list.items_.back().name);
    }
    pos = end + 1;
  }
  return list;
}

namespace {
// Attribute names are upper case by the RFC; some packagers write them in lower case.
bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}
}  // namespace

std::optional<std::string_view> AttributeList::raw(std::string_view name) const {
  for (const auto& a : items_)
    if (same_name(a.name, name)) return std::string_view(a.value);
  return std::nullopt;
}

std::optional<std::string> AttributeList::text(std::string_view name) const {
  auto value = raw(name);
  if (!value) return std::nullopt;
  if (value->size() >= 2 && value->front() == '"' && value->back() == '"') {
    return std::string(value->substr(1, value->size() - 2));
  }
  return std::string(*value);
}

std::optional<std::int64_t> AttributeList::integer(std::string_view name) const {
  auto value = raw(name);
  if (!value) return std::nullopt;
  std::int64_t out = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), out);
  if (ec != std::errc{} || ptr != value->data() + value->size()) return std::nullopt;
  return out;
}

std::optional<Resolution> AttributeList::resolution() const {
  auto value = raw("RESOLUTION");
  if (!value) return std::nullopt;
  const auto x = value->find('x');
  if (x == std::string_view::npos) return std::nullopt;
  Resolution r;
  auto w = std::from_chars(value->data(), value->data() + x, r.width);
  auto h = std::from_chars(value->data() + x + 1, value->data() + value->size(), r.height);
  if (w.ec != std::errc{} || h.ec != std::errc{} || w.ptr != value->data() + x ||
      h.ptr != value->data() + value->size())
    return std::nullopt;
  return r;
}

void AttributeList::set_quoted(std::string_view name, std::string_view value) {
  std::string quoted = "\"" + std::string(value) + "\"";
  for (auto& a : items_) {
    if (same_name(a.name, name)) {
      a.value = std::move(quoted);
      return;
    }
  }
  items_.push_back({std::string(name), std::move(quoted)});
}

std::string AttributeList::to_string() const {
  std::string out;
  for (const auto& a : items_) {
    if (!out.empty()) out.push_back(',');
    out += a.name;
    out.push_back('=');
    out += a.value;
  }
  return out;
}

}  // namespace manifests::hls
