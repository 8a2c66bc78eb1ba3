#pragma once
// One route table: each route names its methods, how its path matches (exactly, by
// prefix, or by prefix and suffix with the part between handed to the handler), the
// label its requests are counted under in metrics, and its handler. The first route
// that matches answers; the table is the one place that says which URL goes where.
#include <functional>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "ssai/http_types.hpp"

namespace ssai {

class Router {
 public:
  /// `rest`: the path between the route's prefix and its suffix (empty for an exact path).
  using Handler = std::function<boost::asio::awaitable<Response>(const Request& request, std::string_view rest)>;

  enum class Methods { kRead, kPost, kAny };  ///< kRead: GET and HEAD
  struct Route {
    Methods methods = Methods::kRead;
    std::string_view prefix;  ///< the whole path when `exact`
    std::string_view suffix;  ///< after the variable part (may be empty)
    bool exact = false;
    const char* label = "other";  ///< a small fixed set: clients cannot create series at will
    Handler handler;
  };

  struct Match {
    const Route* route = nullptr;  ///< null: no route for the request
    std::string_view rest;         ///< a view of the request's path: valid while the request is
  };

  void add(Route route) { routes_.push_back(std::move(route)); }
  /// The first route that takes the request's method and path.
  [[nodiscard]] Match match(const Request& request) const;
  /// The matching route's answer; else 400 for a method no route takes here, 404 for a
  /// path no route has.
  [[nodiscard]] boost::asio::awaitable<Response> dispatch(const Request& request) const;
  /// The same for a match already made (the request is matched once, for its label too).
  [[nodiscard]] static boost::asio::awaitable<Response> answer(const Match& found, const Request& request);

 private:
  std::vector<Route> routes_;
};

/// A handler's answer known at once, as an awaitable (for handlers that do no I/O).
[[nodiscard]] boost::asio::awaitable<Response> answer_now(Response response);

}  // namespace ssai
