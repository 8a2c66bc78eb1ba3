#pragma once
#include <string>
#include <utility>

#include "errors/coded_error.hpp"

namespace vast {

enum class Errc {
  kXmlParse,            ///< not well-formed XML (VAST error 100)
  kSchema,              ///< well-formed, but not what VAST requires (VAST error 101)
  kUnsupportedVersion,  ///< a VAST version we do not handle (VAST error 102)
  kTooLarge,            ///< over the configured size or element limits
  kForbidden,           ///< DTDs and entity declarations are refused
};

using Error = errors::CodedError<Errc>;

template <class T>
using Result = tl::expected<T, Error>;

[[nodiscard]] inline tl::unexpected<Error> fail(Errc code, std::string detail) {
  return errors::coded_failure(code, std::move(detail));
}

/// The VAST error code (section 2.3.6 of VAST 4) that reports this error to Error URIs.
[[nodiscard]] int vast_error_code(Errc code);

}  // namespace vast
