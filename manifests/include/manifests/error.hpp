#pragma once
// Errors of the manifests module: values, never exceptions.
#include <string>
#include <utility>

#include "errors/coded_error.hpp"

namespace manifests {

enum class Errc {
  kTruncated,       ///< input ends before a field the syntax requires
  kBadValue,        ///< a field holds a value the spec does not allow
  kBadCrc,          ///< CRC_32 does not match the bytes
  kBadEncoding,     ///< not valid base64 / hex / UTF-8 text
  kNotAPlaylist,    ///< missing #EXTM3U
  kBadAttribute,    ///< malformed attribute list
  kMissingTag,      ///< a required tag is absent
  kInconsistent,    ///< the parts disagree with each other (e.g. a plan outside the playlist)
};

using Error = errors::CodedError<Errc>;

template <class T>
using Result = tl::expected<T, Error>;

[[nodiscard]] inline tl::unexpected<Error> fail(Errc code, std::string detail) {
  return errors::coded_failure(code, std::move(detail));
}

}  // namespace manifests
