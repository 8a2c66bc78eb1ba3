#pragma once
// The one shape of an error in every library here (manifests, vast, adcache, ssai): a
// code of the library's own enum and a sentence for people. Each library names its
// Error, Result and fail from these, with its own codes.
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace errors {

template <class Code>
struct CodedError {
  Code code;
  std::string detail;
};

template <class Code>
[[nodiscard]] inline tl::unexpected<CodedError<Code>> coded_failure(Code code, std::string detail) {
  return tl::unexpected<CodedError<Code>>(CodedError<Code>{code, std::move(detail)});
}

}  // namespace errors
