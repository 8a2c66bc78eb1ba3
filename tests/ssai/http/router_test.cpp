// The route table: the first route that takes the method and the path answers, with the
// part of the path between prefix and suffix; other methods get 400, other paths 404.
#include <catch2/catch.hpp>

#include "ssai/router.hpp"
#include "support/loop.hpp"

namespace {

// A handler that answers with its name and what it was given.
ssai::Router::Handler named(std::string name) {
  return [name](const ssai::Request& request, std::string_view rest) {
    return ssai::answer_now({200, "text/plain", name + " " + request.method + " [" + std::string(rest) + "]", {}});
  };
}

struct Table {
  test_support::Loop loop;
  ssai::Router router;
  Table() {
    using M = ssai::Router::Methods;
    router.add({M::kPost, "/v1/session/", "", false, "session", named("new")});
    router.add({M::kRead, "/v1/sessions/", "/explain", false, "sessions", named("explain")});
    router.add({M::kRead, "/v1/sessions/", "/master.m3u8", false, "sessions", named("master")});
    router.add({M::kAny, "/v1/config/", "", false, "config", named("config")});
    router.add({M::kRead, "/healthz", "", true, "healthz", named("health")});
  }
  ssai::Response ask(const std::string& method, const std::string& target) {
    return loop.await(router.dispatch(ssai::request_for(method, target)));
  }
};

}  // namespace

TEST_CASE("router: the first route taking the method and the path answers, given the part between", "[http]") {
  Table t;
  CHECK(t.ask("GET", "/v1/sessions/abc/explain").body == "explain GET [abc]");
  CHECK(t.ask("HEAD", "/v1/sessions/abc/master.m3u8").body == "master HEAD [abc]");
  CHECK(t.ask("POST", "/v1/session/demo/content/master.m3u8").body == "new POST [demo/content/master.m3u8]");
  CHECK(t.ask("DELETE", "/v1/config/news").body == "config DELETE [news]");
  CHECK(t.ask("GET", "/healthz?probe=1").body == "health GET []");
  const auto request = ssai::request_for("GET", "/v1/sessions/x/explain");
  const auto found = t.router.match(request);  // `rest` views the request's path
  REQUIRE(found.route);
  CHECK(found.route->label == std::string("sessions"));
  CHECK(found.rest == "x");
  CHECK_FALSE(t.router.match(ssai::request_for("GET", "/nowhere")).route);
}

TEST_CASE("router: a path no route has is 404, a method no route takes there is 400", "[http]") {
  Table t;
  CHECK(t.ask("GET", "/healthz/more").status == 404);      // exact means exact
  CHECK(t.ask("GET", "/v1/sessions/abc/other").status == 404);  // the suffix must match
  CHECK(t.ask("GET", "/v1/sessions/explain").status == 404);  // prefix and suffix may not overlap
  CHECK(t.ask("GET", "/v1/session/demo/content/master.m3u8").status == 404);
  CHECK(t.ask("PUT", "/v1/session/demo/content/master.m3u8").status == 400);
  CHECK(t.ask("POST", "/healthz").status == 400);
}
