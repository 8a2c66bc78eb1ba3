// A live media playlist for one session: each break in the window replaced by the
// session's ads and slate, laid from the break's start, continuing what the session was
// served before (manifests::hls::stitch_live and the ledger kept in the store).
#include "playback/media_playlists.hpp"

#include "manifests/hls/align.hpp"
#include "manifests/hls/live_stitch.hpp"
#include "manifests/hls/writer.hpp"
#include "pipeline/hls_breaks.hpp"
#include "ssai/beacon_queue.hpp"
#include "ssai/log.hpp"
#include "store/store_keys.hpp"

namespace ssai {
namespace asio = boost::asio;
using manifests::hls::LiveLedger;

asio::awaitable<Response> MediaPlaylists::live(const Request& request, const Session& session,
                                               const ConfigRegistry::Config& config_in_force, std::size_t variant_index,
                                               const ParsedMedia& origin, const ParsedMedia* main) {
  const auto& config = *config_in_force;
  const auto& playlist = origin.playlist;
  const auto& variant = session.variants[variant_index];
  const std::string ledger_key = keys::live_ledger(session.id, variant_index);
  std::optional<LiveLedger> ledger;
  std::string stored_text;
  bool ledger_read = true;
  if (auto stored = co_await p_.store.get(ledger_key); !stored) {
    // Without it the numbering restarts from the origin's: a player may stall, but plays.
    // The ledger in the store is still good: this answer must not overwrite it.
    ledger_read = false;
    log::warn("live", "session " + session.id + ": ledger unavailable: " + stored.error().detail);
  } else if (*stored) {
    stored_text = std::move(**stored);
  }

  const std::string base = public_base_for(request, p_.urls);
  const std::uint64_t main_version = main ? main->version : 0;
  if (ledger_read && p_.store.reachable()) {
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
  SessionDecider decider(p_.decisions, session, config);
  auto timeline = hls_live_timeline(std::move(cues.avails), playlist, main ? &main->playlist : nullptr, variant.kind,
                                    ledger ? &*ledger : nullptr);
  auto planned = co_await run_break_pipeline(std::move(timeline), session, config, decider, p_.clock.unix_ms());
  for (const auto& warning : planned.warnings) log::warn("stitch", "session " + session.id + ": " + warning);
  const bool transient = planned.transient;  // an answer made without a decision the store could give
  const BreakFiller::HlsFillContext context{base, session, config, {variant.bandwidth, variant.width, variant.height}, variant.kind};
  const auto breaks = p_.fills.live_breaks(context, planned, playlist, ledger ? &*ledger : nullptr);

  auto stitched = manifests::hls::stitch_live(playlist, breaks, ledger, {config.ad_marker_passthrough});
  if (!stitched) co_return error_response({Errc::kInternal, "live stitch: " + stitched.error().detail});
  // Most reloads change nothing (the window moves once a segment): compared before encoding.
  const bool changed = !ledger || !(stitched->ledger == *ledger);
  bool ledger_kept = ledger_read && stitched->keep && !changed;
  std::string kept_text = stored_text;
  if (ledger_read && stitched->keep && changed) {
    kept_text = stitched->ledger.encode();
    if (auto saved = co_await p_.store.set(ledger_key, kept_text, p_.lifetime(config)); !saved) {
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
