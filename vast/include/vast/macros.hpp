#pragma once
// VAST 4.x macros in tracking, error and ad-request URLs ([ERRORCODE], [CACHEBUSTING],
// ...). The caller supplies the values (clock and randomness included): this module
// reads no clock. Values are percent-encoded as VAST 4.1 section 6.1 requires; macros
// without a value are left as they are, so a later stage (or the ad server) can fill them.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vast {

class MacroValues {
 public:
  /// `name` without brackets: "ERRORCODE".
  MacroValues& set(std::string name, std::string value);
  [[nodiscard]] const std::string* find(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

/// Replaces every [NAME] that has a value; percent-encodes the value.
[[nodiscard]] std::string expand_macros(std::string_view url, const MacroValues& values);

/// RFC 3986 percent-encoding of everything but unreserved characters.
[[nodiscard]] std::string percent_encode(std::string_view text);

/// The macro names this service fills, for ad-ops documentation and tag-check.
[[nodiscard]] const std::vector<std::string_view>& known_macros();

}  // namespace vast
