#pragma once
// GET /v1/manifest/{session}/{variant}.m3u8: a session's HLS media playlists, the
// origin's with the session's ads in every break. VOD in manifest_route.cpp; live, which
// continues what the session was served (its ledger in the store), in live_route.cpp.
#include <cstddef>
#include <memory>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "pipeline/break_filler.hpp"
#include "ssai/beacon_recorder.hpp"
#include "ssai/clock.hpp"
#include "ssai/config.hpp"
#include "ssai/config_registry.hpp"
#include "ssai/decision_store.hpp"
#include "ssai/generation_memo.hpp"
#include "ssai/http_types.hpp"
#include "ssai/origin_media.hpp"
#include "ssai/request_origin.hpp"
#include "ssai/session_cache.hpp"
#include "ssai/store.hpp"
#include "ssai/url_signer.hpp"
#include "ssai/written_live.hpp"

namespace ssai {

class MediaPlaylists {
 public:
  struct Parts {
    SessionCache& sessions;
    ConfigRegistry& configs;
    OriginMedia& origin;
    DecisionStore& decisions;
    BreakFiller& fills;
    BeaconRecorder& recorder;
    Store& store;  ///< the live ledgers
    const UrlSigner& signer;
    const RequestOriginSettings& urls;
    const Clock& clock;
    SessionLifetime lifetime;
  };
  explicit MediaPlaylists(Parts parts) : p_(parts) {}

  /// `rest`: "{session}/{variant}.m3u8".
  [[nodiscard]] boost::asio::awaitable<Response> answer(const Request& request, std::string_view rest);

 private:
  /// A live media playlist: breaks replaced, continuing what this session was served of
  /// the variant (its ledger in the store). `main`: the main variant's window when this
  /// is another rendition, whose breaks it follows (and by whose dates an I-frame
  /// playlist places the pre-roll).
  boost::asio::awaitable<Response> live(const Request& request, const Session& session, const ConfigRegistry::Config& config,
                                        std::size_t variant_index, const ParsedMedia& origin, const ParsedMedia* main);
  /// The origin's playlist, URIs made absolute, no ads: what a player gets when the
  /// store cannot tell its session (the variant URL names the content for this).
  boost::asio::awaitable<Response> content_only(const Request& request, std::string_view session_id, const Error& why);

  Parts p_;
  /// Live playlists as last written, by ledger key: a reload that changes nothing is
  /// answered from here. Bounded in bytes too: a DVR window's playlist can be 100 KB.
  GenerationMemo<std::shared_ptr<const WrittenLive>> written_live_{30'000, kWrittenLiveBytes};
};

}  // namespace ssai
