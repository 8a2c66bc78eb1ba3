#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vast/error.hpp"
#include "vast/model.hpp"

namespace vast {

struct Limits {
  std::size_t max_bytes = 1 << 20;
  std::size_t max_elements = 20'000;
  std::size_t max_depth = 32;
};

/// Parses a VAST 2.0-4.x response. Required elements are checked explicitly.
[[nodiscard]] Result<Document> parse(std::string_view xml, const Limits& limits = {});

/// The linear ads to play in one break: the pod (ads with a sequence, in sequence
/// order) when there is one, else the first stand-alone ad (VAST 4 section 2.3.2).
[[nodiscard]] std::vector<const Ad*> select_pod(const Document& document);

/// The first linear creative of an ad, if any.
[[nodiscard]] const Creative* linear_creative(const Ad& ad);

/// "HH:MM:SS" or "HH:MM:SS.mmm" to milliseconds.
[[nodiscard]] std::optional<Milliseconds> parse_duration(std::string_view text);

}  // namespace vast
