#include "routes/admin_access.hpp"

#include <boost/algorithm/string/predicate.hpp>

namespace ssai {
namespace {

// Compares without stopping at the first difference, so response times do not tell an
// attacker how much of a guessed token was right.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>((i < given.size() ? given[i] : '\0') ^ expected[i]);
  }
  return diff == 0;
}

bool has_bearer(const Request& request, std::string_view token) {
  for (const auto& [name, value] : request.headers) {
    if (boost::algorithm::iequals(name, "authorization") && same_secret(value, "Bearer " + std::string(token))) return true;
  }
  return false;
}

}  // namespace

Result<void> AdminAccess::metrics(const Request& request) const {
  if (metrics_token_.empty() || has_bearer(request, metrics_token_)) return {};
  return fail(Errc::kUnauthorized, "/metrics needs 'Authorization: Bearer <metrics_token>'");
}

Result<void> AdminAccess::admin(const Request& request, bool token_in_query) const {
  if (admin_token_.empty()) return fail(Errc::kUnauthorized, "the admin API is off: no admin_token is configured");
  if (has_bearer(request, admin_token_)) return {};
  if (auto token = request.query_param("token"); token_in_query && token && same_secret(*token, admin_token_)) return {};
  return fail(Errc::kUnauthorized, token_in_query ? "this route needs 'Authorization: Bearer <admin_token>' or ?token=<admin_token>"
                                                  : "this route needs 'Authorization: Bearer <admin_token>'");
}

}  // namespace ssai
