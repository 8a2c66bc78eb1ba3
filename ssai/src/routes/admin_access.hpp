#pragma once
// Who may use the operators' routes: the admin API (configurations, creatives, explain,
// the lab, the analytics stream) behind the admin bearer token, /metrics behind its own
// when one is configured. Tokens are compared in constant time.
#include <string>
#include <string_view>

#include "ssai/error.hpp"
#include "ssai/http_types.hpp"

namespace ssai {

class AdminAccess {
 public:
  /// Empty `admin_token`: the admin API is off (401 to everyone). Empty `metrics_token`:
  /// /metrics is open.
  AdminAccess(std::string admin_token, std::string metrics_token)
      : admin_token_(std::move(admin_token)), metrics_token_(std::move(metrics_token)) {}

  /// Ok when the request carries the admin bearer token (or, `token_in_query`, has it
  /// as ?token=: for browsers' EventSource, which cannot set headers).
  [[nodiscard]] Result<void> admin(const Request& request, bool token_in_query = false) const;
  /// Ok when no metrics token is configured, or the request carries it as a bearer token.
  [[nodiscard]] Result<void> metrics(const Request& request) const;

 private:
  std::string admin_token_;
  std::string metrics_token_;
};

}  // namespace ssai
