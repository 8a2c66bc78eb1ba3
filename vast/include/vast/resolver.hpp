#pragma once
// Resolves the wrapper chains of a VAST response without doing I/O: the caller fetches
// the URLs that requests() hands out (concurrently, with its own timeouts) and passes
// each body or failure back. A wrapper whose response holds several ads (when
// allowMultipleAds permits) makes the chain a tree; every branch is followed.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vast/model.hpp"
#include "vast/parser.hpp"

namespace vast {

/// VAST error codes (VAST 4.2 section 2.3.6) the resolver and the service decide.
enum class ErrorCode : int {
  kXmlParsing = 100,
  kSchemaValidation = 101,
  kVersionNotSupported = 102,
  kTraffickingError = 200,
  kLinearityNotExpected = 201,
  kDurationNotExpected = 202,
  kSizeNotExpected = 203,
  kWrapperGeneral = 300,
  kWrapperTimeout = 301,      ///< includes unreachable URIs and request errors
  kWrapperLimit = 302,        ///< depth limit, loops, followAdditionalWrappers="false"
  kWrapperNoAds = 303,        ///< no ads in a wrapper's response
  kLinearGeneral = 400,
  kFileNotFound = 401,
  kMediaTimeout = 402,
  kNoSupportedMedia = 403,
  kMediaDisplayProblem = 405,
  kUndefined = 900,
};

struct ResolverLimits {
  int max_depth = 7;  ///< wrappers in a chain; the market leader allows 7 now
  /// Wrapper fetches for one response in all: wrappers that answer with many wrappers
  /// (allowMultipleAds) would otherwise grow the tree exponentially with depth.
  std::size_t max_requests = 64;
  Limits document;
};

struct FetchRequest {
  std::size_t id = 0;
  std::string url;
  int depth = 0;  ///< 1 for the first wrapper's target
};

/// One wrapper hop as it went, for ad-ops.
struct Hop {
  std::size_t request_id = 0;  ///< the FetchRequest it answered
  std::string url;
  int depth = 0;
  bool ok = false;
  std::string vast_version;
  std::size_t ads = 0;
  std::string error;  ///< empty when ok
  std::int64_t elapsed_ms = 0;  ///< filled by whoever did the fetch
};

/// An error to report: the code, why, and the Error URIs of every ad in the chain.
struct ErrorReport {
  ErrorCode code = ErrorCode::kUndefined;
  std::string reason;
  std::string ad_id;
  std::vector<std::string> error_uris;
};

struct Resolution {
  std::vector<Ad> ads;  ///< InLine ads, wrapper tracking merged in, in pod order
  /// The top-level response's stand-alone ads (its "buffet", beside a pod) that did not
  /// replace an empty pod wrapper, in document order: what may stand in for a pod ad that
  /// cannot play (VAST 4.x section 2.3.2.2). Wrappers among them are not followed.
  std::vector<Ad> buffet;
  std::vector<ErrorReport> errors;
  std::vector<Hop> hops;
};

class Resolver {
 public:
  /// Starts from the ads chosen from the top-level response (select_pod). `buffet`: the
  /// response's stand-alone ads, which replace a pod wrapper that comes back empty when
  /// that wrapper says fallbackOnNoAd="true" (VAST 4 section 2.3.2).
  Resolver(std::vector<Ad> ads, ResolverLimits limits = {}, std::vector<Ad> buffet = {});

  /// URLs to fetch now; each request is handed out once.
  [[nodiscard]] std::vector<FetchRequest> requests();
  void on_response(std::size_t id, std::string_view body);
  void on_failure(std::size_t id, ErrorCode code, std::string reason);
  /// Gives up on every fetch still outstanding (the overall deadline passed).
  void abandon(std::string reason);
  [[nodiscard]] bool finished() const;
  /// The result; call once finished().
  [[nodiscard]] Resolution take() &&;

 private:
  struct Node {
    std::vector<Ad> chain;  ///< wrappers from the outermost, then (when resolved) the InLine ad
    int depth = 0;
    std::vector<std::string> visited;
    enum class State { kResolved, kPending, kFetching, kFailed } state = State::kPending;
    std::size_t slot = 0;             ///< position in pod order
    std::vector<std::size_t> order;  ///< position among siblings at each wrapper hop
  };

  void place(Node node);
  void fail(Node& node, ErrorCode code, std::string reason);
  void fall_back(std::size_t slot);

  ResolverLimits limits_;
  std::size_t requests_made_ = 0;
  std::vector<Ad> buffet_;
  std::vector<Node> nodes_;
  std::vector<Hop> hops_;
  std::vector<ErrorReport> errors_;
};

/// The stand-alone ads of a response (no sequence), when it also has a pod.
[[nodiscard]] std::vector<Ad> buffet_of(const Document& document);

/// The InLine ad with the tracking of its wrappers merged in, outermost wrapper first:
/// impressions, errors, linear tracking and click tracking, non-linear and companion
/// tracking, verifications.
[[nodiscard]] Ad merge_chain(const std::vector<Ad>& chain);

}  // namespace vast
