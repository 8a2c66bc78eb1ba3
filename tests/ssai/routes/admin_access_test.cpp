// AdminAccess: the admin API is off without a token and needs the bearer token exactly
// (the query token only where a browser's EventSource must use it); /metrics is open
// until a metrics token is configured.
#include <catch2/catch.hpp>

#include "routes/admin_access.hpp"

namespace {

ssai::Request with_header(const std::string& target, const std::string& authorization) {
  auto request = ssai::request_for("GET", target, "");
  if (!authorization.empty()) request.headers.emplace_back("Authorization", authorization);
  return request;
}

}  // namespace

TEST_CASE("admin access: off without a token, else the bearer token exactly", "[routes]") {
  const ssai::AdminAccess off("", "");
  CHECK(off.admin(with_header("/v1/config/demo", "Bearer ")).error().code == ssai::Errc::kUnauthorized);

  const ssai::AdminAccess on("s3cret", "");
  CHECK(on.admin(with_header("/v1/config/demo", "Bearer s3cret")));
  CHECK_FALSE(on.admin(with_header("/v1/config/demo", "Bearer s3cre")));
  CHECK_FALSE(on.admin(with_header("/v1/config/demo", "Bearer s3cret2")));
  CHECK_FALSE(on.admin(with_header("/v1/config/demo", "s3cret")));
  CHECK_FALSE(on.admin(with_header("/v1/config/demo", "")));
  // The header's name in any case, as HTTP has it.
  auto lower = ssai::request_for("GET", "/v1/config/demo", "");
  lower.headers.emplace_back("authorization", "Bearer s3cret");
  CHECK(on.admin(lower));
}

TEST_CASE("admin access: ?token= only where the route allows it", "[routes]") {
  const ssai::AdminAccess on("s3cret", "");
  CHECK_FALSE(on.admin(with_header("/v1/events?token=s3cret", "")));
  CHECK(on.admin(with_header("/v1/events?token=s3cret", ""), true));
  CHECK_FALSE(on.admin(with_header("/v1/events?token=wrong", ""), true));
}

TEST_CASE("admin access: /metrics is open until a metrics token is configured", "[routes]") {
  CHECK(ssai::AdminAccess("s3cret", "").metrics(with_header("/metrics", "")));
  const ssai::AdminAccess closed("s3cret", "m");
  CHECK_FALSE(closed.metrics(with_header("/metrics", "")));
  CHECK_FALSE(closed.metrics(with_header("/metrics", "Bearer s3cret")));  // the admin token is not the metrics one
  CHECK(closed.metrics(with_header("/metrics", "Bearer m")));
}
