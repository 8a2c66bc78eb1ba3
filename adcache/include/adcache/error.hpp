#pragma once
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace adcache {

enum class Errc {
  kNotConditioned,  ///< no renditions for this creative yet
  kUnusable,        ///< the creative has nothing SSAI can play (no media file, VPAID only)
  kBadRendition,    ///< renditions on disk are unreadable or malformed
  kStoreUnavailable,  ///< the job store (Redis) did not answer
};

struct Error {
  Errc code;
  std::string detail;
};

template <class T>
using Result = tl::expected<T, Error>;

[[nodiscard]] inline tl::unexpected<Error> fail(Errc code, std::string detail) {
  return tl::unexpected<Error>(Error{code, std::move(detail)});
}

}  // namespace adcache
