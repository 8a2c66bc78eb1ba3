#include "vast/macros.hpp"

#include <algorithm>

namespace vast {

MacroValues& MacroValues::set(std::string name, std::string value) {
  for (auto& [n, v] : values_) {
    if (n == name) {
      v = std::move(value);
      return *this;
    }
  }
  values_.emplace_back(std::move(name), std::move(value));
  return *this;
}

const std::string* MacroValues::find(std::string_view name) const {
  for (const auto& [n, v] : values_) {
    if (n == name) return &v;
  }
  return nullptr;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

namespace {

bool is_macro_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::string expand_macros(std::string_view url, const MacroValues& values) {
  std::string out;
  out.reserve(url.size() + 32);
  std::size_t pos = 0;
  while (pos < url.size()) {
    const auto open = url.find('[', pos);
    if (open == std::string_view::npos) break;
    const auto close = url.find(']', open + 1);
    if (close == std::string_view::npos) break;
    out += url.substr(pos, open - pos);
    const auto name = url.substr(open + 1, close - open - 1);
    // "[" that opens no macro name (a JSON array, "[1,[CACHEBUSTING]"): keep it and look
    // for a macro after it.
    if (!is_macro_name(name)) {
      out += '[';
      pos = open + 1;
      continue;
    }
    // Ad servers also write %%NAME%% and ${NAME}; only the VAST [NAME] form is a macro.
    if (const auto* value = values.find(name)) {
      out += percent_encode(*value);
    } else {
      out += url.substr(open, close - open + 1);
    }
    pos = close + 1;
  }
  out += url.substr(std::min(pos, url.size()));
  return out;
}

const std::vector<std::string_view>& known_macros() {
  static const std::vector<std::string_view> kNames{
      "CACHEBUSTING", "TIMESTAMP",     "ERRORCODE", "REASON",     "ASSETURI",     "CONTENTPLAYHEAD",
      "ADPLAYHEAD",   "MEDIAPLAYHEAD", "BREAKPOSITION", "ADCOUNT", "ADSERVINGID", "UNIVERSALADID",
      "PLAYERSIZE",   "DEVICEUA",      "CLIENTUA",  "SERVERUA",   "SERVERSIDE",   "DEVICEIP",
      "IFA",          "IFATYPE",       "LIMITADTRACKING", "REGULATIONS", "GDPRCONSENT", "ADTYPE"};
  return kNames;
}

}  // namespace vast
