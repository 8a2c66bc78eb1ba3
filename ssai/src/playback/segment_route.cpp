// GET /v1/segment/{session}/{avail}/{ad}/{rendition}/{n}.ts|.m4s: answers 302 to the ad
// segment on the CDN and records the VAST events this segment reaches: Impression and
// start on the first, quartiles on the segments that cross them, complete on the last.
// Each event is recorded at most once per (session, avail, ad), and per AdServingId,
// whatever the player refetches and whichever node sees the fetch; its beacons go to
// the queue (BeaconQueue) and are sent by the dispatchers.
//
// When a beacon is due (the rule, documented in the README): a player fetches ahead of
// what it plays, so a quartile's segment being fetched does not mean the viewer got
// there. An event is due at the later of its segment's fetch and the ad's start (its
// first segment's fetch) plus the event's place in the ad: playback cannot reach it
// sooner. So a player that buffers the whole ad in two seconds does not send all four
// quartiles in those two seconds; each goes when playback can first have reached it.
#include "playback/ad_segments.hpp"

#include "playback/path_parts.hpp"

#include "ssai/log.hpp"

namespace ssai {
namespace asio = boost::asio;
using manifests::Ticks;

namespace {

/// The events whose moment falls inside [begin, end) of an ad lasting `total`, with
/// their moments.
std::vector<TimedAdEvent> events_reached(Ticks begin, Ticks end, Ticks total, bool first, bool last) {
  std::vector<TimedAdEvent> events;
  if (first) events.insert(events.end(), {{"impression", Ticks{}}, {"start", Ticks{}}});
  const std::pair<std::string_view, int> quartiles[] = {{"firstQuartile", 1}, {"midpoint", 2}, {"thirdQuartile", 3}};
  for (const auto& [name, quarter] : quartiles) {
    const Ticks moment{total.count() * quarter / 4};
    if (begin <= moment && moment < end) events.push_back({name, moment});
  }
  if (last) events.push_back({"complete", total});
  return events;
}

}  // namespace

asio::awaitable<Response> AdSegments::answer(const Request& request, std::string_view rest) {
  // MPEG-TS or fMP4, whatever the creative was conditioned to.
  const std::size_t extension = rest.ends_with(".ts") ? 3 : rest.ends_with(".m4s") ? 4 : 0;
  if (extension == 0) co_return error_response({Errc::kNotFound, "no such ad segment"});
  const auto parts = split_path(rest.substr(0, rest.size() - extension));
  if (parts.size() != 5) co_return error_response({Errc::kNotFound, "no such ad segment"});
  const auto ad_index = parse_index(parts[2]);
  const auto rendition_index = parse_index(parts[3]);
  const auto segment_index = parse_index(parts[4]);
  if (!ad_index || !rendition_index || !segment_index) co_return error_response({Errc::kNotFound, "no such ad segment"});

  auto loaded = co_await p_.sessions.load(parts[0]);
  const std::string avail_id(parts[1]);
  if (!loaded && loaded.error().code == Errc::kUnavailable) {
    co_return redirect_without_beacons(request, *rendition_index, *segment_index, loaded.error());
  }
  if (!loaded) co_return error_response(loaded.error());
  const Session& session = **loaded;
  auto stored = co_await p_.decisions.stored(session.id, avail_id);
  if (!stored) co_return redirect_without_beacons(request, *rendition_index, *segment_index, stored.error());
  if (!*stored) co_return error_response({Errc::kNotFound, "no decision for avail " + avail_id});
  const auto& decision = *stored;
  if (*ad_index >= decision->ads.size()) co_return error_response({Errc::kNotFound, "no such ad"});
  const auto& ad = decision->ads[*ad_index];
  auto creative = p_.library.find(ad.creative_key);
  if (!creative || *rendition_index >= (*creative)->renditions.size()) {
    co_return error_response({Errc::kNotFound, "no such ad rendition"});
  }
  const auto& rendition = (*creative)->renditions[*rendition_index];
  if (*segment_index >= rendition.segments.size()) co_return error_response({Errc::kNotFound, "no such ad segment"});

  Ticks begin{};
  for (std::size_t n = 0; n < *segment_index; ++n) begin += rendition.segments[n].duration;
  const Ticks end = begin + rendition.segments[*segment_index].duration;
  const bool last_segment = *segment_index + 1 == rendition.segments.size();
  auto events = events_reached(begin, end, rendition.duration, *segment_index == 0, last_segment);
  // A VMAP break's own events: its start with the first ad, its end with the last.
  const bool vmap_break = !decision->break_tracking.empty();
  if (vmap_break && *ad_index == 0 && *segment_index == 0) events.insert(events.begin(), TimedAdEvent{"breakStart", Ticks{}});
  if (vmap_break && *ad_index + 1 == decision->ads.size() && last_segment) events.push_back(TimedAdEvent{"breakEnd", rendition.duration});
  const auto config = co_await p_.configs.find(session.config);
  const auto keep = config ? p_.lifetime(*config) : p_.lifetime.service_default;
  // A VOD player's ad segment fetches are the only sign it still plays: noted with the
  // events when there are some (one write), alone when there are none.
  if (!events.empty() && !ad.bumper) {
    co_await p_.recorder.ad_events(session, *decision, *ad_index, *segment_index, begin, events, keep);
  } else {
    co_await p_.recorder.presence(session, std::chrono::milliseconds{0}, keep);
  }
  co_return redirect(request, p_.fills.on_ad_cdn(rendition.segments[*segment_index].uri, config.get()));
}

// A URI of ours ("/v1/ads/...") is made absolute for this request; others go as they are.
Response AdSegments::redirect(const Request& request, const std::string& uri) const {
  if (uri.empty() || uri.front() != '/') return redirect_response(uri);
  const auto base = public_base_for(request, p_.urls);
  return redirect_response(base.substr(0, base.size() - 1) + uri);
}

// The ad keeps playing when the store is away; its events cannot be counted once
// without the store, so they are not sent (and the log says so).
Response AdSegments::redirect_without_beacons(const Request& request, std::size_t rendition_index,
                                           std::size_t segment_index, const Error& why) {
  const auto key = request.query_param("k");
  auto creative = key ? p_.library.find(std::string(*key)) : tl::unexpected(adcache::Error{adcache::Errc::kNotConditioned, ""});
  if (!creative || rendition_index >= (*creative)->renditions.size() ||
      segment_index >= (*creative)->renditions[rendition_index].segments.size()) {
    return error_response(why);
  }
  log::warn("beacons", "not sent for " + request.path + ": the store is unavailable: " + why.detail);
  return redirect(request, (*creative)->renditions[rendition_index].segments[segment_index].uri);
}

}  // namespace ssai
