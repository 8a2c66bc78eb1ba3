#include "ssai/error.hpp"

namespace ssai {

int http_status(Errc code) {
  switch (code) {
    case Errc::kBadRequest: return 400;
    case Errc::kUnauthorized: return 401;
    case Errc::kNotFound: return 404;
    case Errc::kGone: return 410;
    case Errc::kOriginNotFound: return 404;
    case Errc::kOriginFailed: return 502;
    case Errc::kAdsFailed: return 502;
    case Errc::kTooLarge: return 413;
    case Errc::kTooManyRequests: return 429;
    case Errc::kUnavailable: return 503;
    case Errc::kInternal: return 500;
    case Errc::kBadConfig: return 500;
  }
  return 500;
}

const char* error_name(Errc code) {
  switch (code) {
    case Errc::kBadRequest: return "bad_request";
    case Errc::kUnauthorized: return "unauthorized";
    case Errc::kNotFound: return "not_found";
    case Errc::kGone: return "gone";
    case Errc::kOriginNotFound: return "origin_not_found";
    case Errc::kOriginFailed: return "origin_failed";
    case Errc::kAdsFailed: return "ads_failed";
    case Errc::kTooLarge: return "too_large";
    case Errc::kTooManyRequests: return "too_many_requests";
    case Errc::kUnavailable: return "unavailable";
    case Errc::kInternal: return "internal";
    case Errc::kBadConfig: return "bad_config";
  }
  return "internal";
}

}  // namespace ssai
