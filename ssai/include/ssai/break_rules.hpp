#pragma once
// Which breaks a session's ads go into, by the playback configuration: the
// personalization threshold and (live) avail suppression. Pure, so the rules are tested
// on their own.
#include <cstdint>

#include "manifests/avail.hpp"
#include "ssai/config.hpp"
#include "ssai/decision.hpp"
#include "ssai/session.hpp"

namespace ssai {

/// [BREAKPOSITION]: an insertion point at the start of a playlist of `segment_count`
/// segments is a pre-roll, one at its end a post-roll; anything else a mid-roll.
[[nodiscard]] BreakPosition break_position(const manifests::Avail& avail, std::size_t segment_count);

/// A replaced break shorter than the personalization threshold passes through untouched.
[[nodiscard]] bool below_threshold(const manifests::Avail& avail, const PlaybackConfiguration& config);

/// Whether avail suppression leaves a live break unfilled for this session. The break
/// started `before_edge` before the live edge of the window it is in, and the live edge
/// is now (`now_ms`, wall clock).
[[nodiscard]] bool suppressed(const PlaybackConfiguration& config, const Session& session, manifests::Ticks before_edge,
                              std::int64_t now_ms);

}  // namespace ssai
