// GET /v1/master/{config}/{content path}.m3u8: a new session and its master playlist,
// whose variants point back at us.
#include <boost/asio/this_coro.hpp>

#include "manifests/hls/attributes.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/uris.hpp"
#include "manifests/hls/writer.hpp"
#include "ssai/log.hpp"
#include "ssai/service.hpp"
#include "ssai/session.hpp"
#include "ssai/url.hpp"
#include "store_keys.hpp"
#include "vast/macros.hpp"

namespace ssai {
namespace asio = boost::asio;

asio::awaitable<Response> Service::start_session(const Request& request, std::string_view rest) {
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos) co_return error_response({Errc::kNotFound, "expected /v1/master/{config}/{path}"});
  const auto config_name = rest.substr(0, slash);
  const auto content_path = rest.substr(slash + 1);
  const auto* config = find_config(config_name);
  if (!config) co_return error_response({Errc::kNotFound, "no playback configuration named '" + std::string(config_name) + "'"});
  if (!is_safe_content_path(content_path) || !content_path.ends_with(".m3u8")) {
    co_return error_response({Errc::kBadRequest, "content path must be a relative .m3u8 path without '..'"});
  }

  Session session;
  session.id = new_session_id();
  session.config = config->name;
  session.master_url = config->content_origin + std::string(content_path);
  session.player_params = request.query;
  session.user_agent = request.user_agent;
  session.client_ip = request.remote_address;

  auto body = co_await fetch_origin(session.master_url, *config);
  if (!body) co_return error_response(body.error());
  if (!manifests::hls::is_master(*body)) {
    co_return error_response({Errc::kBadRequest, "content path names a media playlist; ask for its master playlist"});
  }
  auto master = manifests::hls::parse_master(std::move(*body));
  if (!master) co_return error_response({Errc::kOriginFailed, "origin master playlist: " + master.error().detail});

  // Everything absolute first: alternate renditions and I-frame playlists are not
  // stitched yet and keep pointing at the origin; variants then point at us.
  if (auto absolute = manifests::hls::make_uris_absolute(*master, session.master_url); !absolute) {
    co_return error_response({Errc::kOriginFailed, "origin master playlist: " + absolute.error().detail});
  }
  const std::string base = public_base(request);
  for (auto& entry : master->entries) {
    if (entry.uri.empty()) continue;
    auto attributes = manifests::hls::AttributeList::parse(entry.tag.value.value_or(""));
    if (!attributes) co_return error_response({Errc::kOriginFailed, "origin master has a bad variant: " + std::string(entry.uri)});
    const auto resolution = attributes->resolution().value_or(manifests::hls::Resolution{});
    session.variants.push_back({std::string(entry.uri), static_cast<int>(attributes->integer("BANDWIDTH").value_or(0)),
                                resolution.width, resolution.height});
    std::string uri = base + "v1/manifest/" + session.id + "/" + std::to_string(session.variants.size() - 1) + ".m3u8";
    // Where the content is, should the store be unreachable when the player comes back:
    // it then gets the content without ads rather than an error.
    const std::string_view variant_url = session.variants.back().uri;
    if (variant_url.starts_with(config->content_origin)) {
      uri += "?c=" + vast::percent_encode(config->name) +
             "&p=" + vast::percent_encode(variant_url.substr(config->content_origin.size()));
    }
    entry.uri = master->text.own(uri);
  }
  if (session.variants.empty()) co_return error_response({Errc::kOriginFailed, "origin master lists no variants"});

  if (auto stored = co_await store_.set(keys::session(session.id), to_json(session), config_.session_ttl); !stored) {
    co_return error_response(stored.error());
  }
  log::info("session", "new session " + session.id + " on " + config->name + " for " + session.master_url);
  Response response;
  response.content_type = std::string(kHlsContentType);
  response.body = manifests::hls::write(*master);
  co_return response;
}

}  // namespace ssai
