// A live media playlist for one session: each break in the window replaced by the
// session's ads and slate, laid from the break's start, continuing what the session was
// served before (manifests::hls::stitch_live and the ledger kept in the store).
#include "manifests/hls/align.hpp"
#include "manifests/hls/live_stitch.hpp"
#include "manifests/hls/writer.hpp"
#include "ssai/break_rules.hpp"
#include "ssai/live_preroll.hpp"
#include "ssai/log.hpp"
#include "ssai/service.hpp"
#include "store_keys.hpp"

namespace ssai {
namespace asio = boost::asio;
using manifests::hls::LiveLedger;

namespace {

// The id this session already knows a break by, when it served part of it: cue ids
// derived from what the window shows can change once the break's start scrolls away.
std::string known_break_id(const LiveLedger& ledger, const manifests::hls::MediaPlaylist& window,
                           const manifests::Avail& avail) {
  for (auto i = avail.first_segment; i < avail.end_segment; ++i) {
    if (auto id = ledger.break_at(window.media_sequence + static_cast<std::int64_t>(i)); !id.empty()) return id;
  }
  return avail.id;
}

// An unsignalled break that outlasts what was planned for it: it ends, for this session,
// at the segment where its fill runs out (the fill completes there, content resumes), so
// the playlist never waits on a CUE-IN that is not coming yet.
void end_at_capacity(manifests::hls::LiveBreak& live, const manifests::hls::MediaPlaylist& playlist, manifests::Ticks capacity) {
  const auto end = end_of_fill(playlist, live.first_segment, live.elapsed_before, capacity);
  if (!end || *end > live.end_segment) return;
  live.end_segment = *end;
  live.ended = true;
  live.ended_early = false;
}

}  // namespace

asio::awaitable<std::optional<Service::LivePreroll>> Service::live_preroll(const std::string& base, const Session& session,
                                                                         const PlaybackConfiguration& config,
                                                                         const SessionVariant& variant,
                                                                         const manifests::hls::MediaPlaylist& playlist,
                                                                         const manifests::hls::MediaPlaylist* reference,
                                                                         const LiveLedger* ledger, bool& transient) {
  if (config.live_preroll_ads.empty() || !session.preroll_msn) co_return std::nullopt;
  manifests::Avail avail;
  avail.id = std::string(kLivePrerollId);
  avail.duration = manifests::Ticks{config.live_preroll_max.count() * 90};  // [session.avail_duration_secs]
  BreakRequest wanted{avail, 1, BreakPosition::kPreRoll};  // the session's first break
  wanted.live = true;
  wanted.live_preroll = true;
  auto decision = co_await decision_for(session, config, wanted);
  transient = transient || decision.skip == SkipReason::kStoreUnavailable;
  if (decision.ads.empty()) co_return std::nullopt;  // no ads: the content plays
  // Its place is a segment number of the variants; I-frame playlists number keyframes.
  std::optional<PrerollPlacement> placed;
  if (variant.kind != MediaKind::kIFrames) {
    placed = place_preroll(playlist, *session.preroll_msn, decision.capacity);
  } else if (reference) {
    placed = place_preroll_by_date(*reference, playlist, *session.preroll_msn, decision.capacity);
  }
  if (!placed) co_return std::nullopt;
  avail.first_segment = placed->first_segment;
  avail.end_segment = placed->end_segment;
  const adcache::VariantTraits traits{variant.bandwidth, variant.width, variant.height};
  auto filled = fill_break(base, session, config, avail, decision, traits,
                           {variant.kind, ledger ? ledger->pin(avail.id) : nullptr, false});
  co_return LivePreroll{*placed,
                        {avail.id, placed->first_segment, placed->end_segment, placed->elapsed_before, placed->ended, false,
                         std::move(filled.fill.segments), std::move(filled.pin)}};
}

asio::awaitable<Response> Service::stitched_live(const Request& request, const Session& session,
                                                 const ConfigRegistry::Config& config_in_force, std::size_t variant_index,
                                                 const ParsedMedia& origin, const ParsedMedia* main) {
  const auto& config = *config_in_force;
  const auto& playlist = origin.playlist;
  const auto& variant = session.variants[variant_index];
  const std::string ledger_key = keys::live_ledger(session.id, variant_index);
  std::optional<LiveLedger> ledger;
  std::string stored_text;
  bool ledger_read = true;
  if (auto stored = co_await store_.get(ledger_key); !stored) {
    // Without it the numbering restarts from the origin's: a player may stall, but plays.
    // The ledger in the store is still good: this answer must not overwrite it.
    ledger_read = false;
    log::warn("live", "session " + session.id + ": ledger unavailable: " + stored.error().detail);
  } else if (*stored) {
    stored_text = std::move(**stored);
  }

  const std::string base = public_base(request);
  const std::uint64_t main_version = main ? main->version : 0;
  if (ledger_read && store_.reachable()) {
    auto written = written_live_.find(ledger_key);
    if (written && written->written_from(origin.version, main_version, config_in_force, base, stored_text)) {
      co_return hls_response(written->body);
    }
  }
  if (!stored_text.empty()) {
    if (auto decoded = LiveLedger::decode(stored_text)) {
      ledger = std::move(*decoded);
    } else {
      log::warn("live", "session " + session.id + ": " + decoded.error().detail);
    }
  }

  // The main variant's breaks, laid on this rendition's segments; a copy of the avails
  // only, since they take the ids the session knows them by.
  manifests::CueReport cues{(main ? main->cues : origin.cues).avails, {}};
  if (main) cues.avails = manifests::hls::align_avails(main->playlist, cues.avails, playlist);
  const adcache::VariantTraits traits{variant.bandwidth, variant.width, variant.height};
  std::vector<manifests::hls::LiveBreak> breaks;
  bool transient = false;  // an answer made without a decision the store could give
  if (auto preroll = co_await live_preroll(base, session, config, variant, playlist, main ? &main->playlist : nullptr,
                                           ledger ? &*ledger : nullptr, transient)) {
    yield_to_preroll(cues.avails, preroll->placement, playlist);
    breaks.push_back(std::move(preroll->live));
  }
  // The window's end is the live edge, now: where breaks start in wall-clock time.
  const auto window_length = manifests::hls::total_duration(playlist);
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  for (std::size_t i = 0; i < cues.avails.size(); ++i) {
    auto& avail = cues.avails[i];
    if (ledger) avail.id = known_break_id(*ledger, playlist, avail);
    // A live timeline cannot grow: insertion points (zero-length cues) play through.
    if (avail.first_segment == avail.end_segment) continue;
    if (below_threshold(avail, config)) continue;
    const auto before_edge = window_length - (avail.start - avail.elapsed_before);
    // No cue says how long it lasts: planned for the configured length while it goes on.
    if (!avail.duration_signalled && avail.open_at_end) {
      avail.duration = std::max(avail.duration, manifests::Ticks{config.unsignalled_break.count() * 90});
    }
    const BreakRequest wanted{avail, static_cast<int>(i + 1), BreakPosition::kMidRoll, std::nullopt, nullptr, true,
                              suppressed(config, session, before_edge, now_ms)};
    auto decision = co_await decision_for(session, config, wanted);
    transient = transient || decision.skip == SkipReason::kStoreUnavailable;
    if (decision.ads.empty()) continue;  // no ads: the content plays through
    auto filled = fill_break(base, session, config, avail, decision, traits,
                             {variant.kind, ledger ? ledger->pin(avail.id) : nullptr, false});
    manifests::hls::LiveBreak live{avail.id, avail.first_segment, avail.end_segment, avail.elapsed_before, !avail.open_at_end,
                                   avail.ended_early, std::move(filled.fill.segments), std::move(filled.pin)};
    if (!avail.duration_signalled) end_at_capacity(live, playlist, decision.capacity);
    breaks.push_back(std::move(live));
  }
  std::sort(breaks.begin(), breaks.end(), [](const auto& a, const auto& b) { return a.first_segment < b.first_segment; });

  auto stitched = manifests::hls::stitch_live(playlist, breaks, ledger, {config.ad_marker_passthrough});
  if (!stitched) co_return error_response({Errc::kInternal, "live stitch: " + stitched.error().detail});
  // Most reloads change nothing (the window moves once a segment): compared before encoding.
  const bool changed = !ledger || !(stitched->ledger == *ledger);
  bool ledger_kept = ledger_read && stitched->keep && !changed;
  std::string kept_text = stored_text;
  if (ledger_read && stitched->keep && changed) {
    kept_text = stitched->ledger.encode();
    if (auto saved = co_await store_.set(ledger_key, kept_text, session_ttl(config)); !saved) {
      log::warn("live", "session " + session.id + ": ledger not saved: " + saved.error().detail);
    } else {
      ledger_kept = true;
    }
  }
  std::string body = manifests::hls::write(stitched->playlist);
  // Served again while nothing it was written from changes: the ledger now in the store
  // is the one it continues.
  if (ledger_kept && !transient) {
    auto written = std::make_shared<const WrittenLive>(
        WrittenLive{origin.version, main_version, config_in_force, base, std::move(kept_text), body});
    const auto bytes = written->bytes();
    written_live_.remember(ledger_key, std::move(written), bytes);
  }
  co_return hls_response(std::move(body));
}

}  // namespace ssai
