#include "ssai/router.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace {

bool takes(Router::Methods methods, std::string_view method) {
  switch (methods) {
    case Router::Methods::kRead:
      return method == "GET" || method == "HEAD";
    case Router::Methods::kPost:
      return method == "POST";
    case Router::Methods::kAny:
      return true;
  }
  return false;
}

}  // namespace

Router::Match Router::match(const Request& request) const {
  const std::string_view path = request.path;
  for (const auto& route : routes_) {
    if (!takes(route.methods, request.method)) continue;
    if (route.exact) {
      if (path == route.prefix) return {&route, {}};
      continue;
    }
    if (path.size() < route.prefix.size() + route.suffix.size() || !path.starts_with(route.prefix) ||
        !path.ends_with(route.suffix)) {
      continue;
    }
    return {&route, path.substr(route.prefix.size(), path.size() - route.prefix.size() - route.suffix.size())};
  }
  return {};
}

boost::asio::awaitable<Response> Router::dispatch(const Request& request) const {
  co_return co_await answer(match(request), request);
}

boost::asio::awaitable<Response> Router::answer(const Match& found, const Request& request) {
  if (found.route) co_return co_await found.route->handler(request, found.rest);
  if (request.method != "GET" && request.method != "HEAD") {
    co_return error_response({Errc::kBadRequest, "method " + request.method + " is not allowed here"});
  }
  co_return error_response({Errc::kNotFound, "no route for " + request.path});
}

boost::asio::awaitable<Response> answer_now(Response response) { co_return response; }

}  // namespace ssai
