#pragma once
#include <string>
#include <utility>

#include "errors/coded_error.hpp"

namespace adcache {

enum class Errc {
  kNotConditioned,  ///< no renditions for this creative yet
  kUnusable,        ///< the creative has nothing SSAI can play (no media file, VPAID only)
  kBadRendition,    ///< renditions on disk are unreadable or malformed
  kStoreUnavailable,  ///< the job store (Redis) did not answer
};

using Error = errors::CodedError<Errc>;

template <class T>
using Result = tl::expected<T, Error>;

[[nodiscard]] inline tl::unexpected<Error> fail(Errc code, std::string detail) {
  return errors::coded_failure(code, std::move(detail));
}

}  // namespace adcache
