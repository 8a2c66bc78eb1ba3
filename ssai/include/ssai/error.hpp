#pragma once
// Service errors. Only manifest-side failures become HTTP errors; ad-side failures
// degrade to content or slate and are logged. The HTTP mapping lives in one place.
#include <string>
#include <utility>

#include "errors/coded_error.hpp"

namespace ssai {

enum class Errc {
  kBadRequest,      ///< 400: malformed path, parameters or body
  kUnauthorized,    ///< 401: an admin route without the admin bearer token
  kNotFound,        ///< 404: unknown configuration, session or rendition
  kGone,            ///< 410: the session existed and has expired
  kOriginNotFound,  ///< 404: the origin says the content does not exist
  kOriginFailed,    ///< 502: origin unreachable, timed out, or sent something unusable
  kAdsFailed,       ///< 502: the ad server failed (players never see it: they get content)
  kTooLarge,        ///< 413: a request body or a value in it over its limit
  kTooManyRequests, ///< 429: this client's rate of new sessions is over its limit (Retry-After)
  kUnavailable,     ///< 503: the store is not answering, or full
  kInternal,        ///< 500: a bug
  kBadConfig,       ///< start-up: the configuration file is wrong
};

using Error = errors::CodedError<Errc>;

template <class T>
using Result = tl::expected<T, Error>;

[[nodiscard]] inline tl::unexpected<Error> fail(Errc code, std::string detail) {
  return errors::coded_failure(code, std::move(detail));
}

/// The one table from service errors to HTTP status codes.
[[nodiscard]] int http_status(Errc code);
/// Stable machine-readable name ("origin_failed") for JSON error bodies.
[[nodiscard]] const char* error_name(Errc code);

}  // namespace ssai
