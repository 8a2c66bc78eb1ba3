#pragma once
// HLS attribute lists (RFC 8216 section 4.2): NAME=value pairs, values possibly quoted.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifests/error.hpp"

namespace manifests::hls {

struct Resolution {
  int width = 0;
  int height = 0;
};

class AttributeList {
 public:
  /// Parses `A=1,B="x,y",C=0x1F`. Quoted values may contain commas.
  [[nodiscard]] static Result<AttributeList> parse(std::string_view text);

  /// The value exactly as written (quotes included for quoted strings).
  [[nodiscard]] std::optional<std::string_view> raw(std::string_view name) const;
  /// Quoted-string values without their quotes; other values as written.
  [[nodiscard]] std::optional<std::string> text(std::string_view name) const;
  [[nodiscard]] std::optional<std::int64_t> integer(std::string_view name) const;
  [[nodiscard]] std::optional<Resolution> resolution() const;

  /// Replaces (or appends) a quoted-string attribute.
  void set_quoted(std::string_view name, std::string_view value);

  [[nodiscard]] std::string to_string() const;

  struct Attribute {
    std::string name;
    std::string value;  ///< as written, quotes included
  };
  [[nodiscard]] const std::vector<Attribute>& items() const { return items_; }

 private:
  std::vector<Attribute> items_;
};

}  // namespace manifests::hls
