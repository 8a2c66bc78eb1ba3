#pragma once
// Whether a new session is guided or stitched (insertion_choice.cpp): the one rule, for
// implicit sessions (?aws.insertionMode=) and explicit ones ("insertionMode" in the
// POST body) alike, as MediaTailor players already ask.
#include <optional>
#include <string_view>

#include "ssai/config.hpp"
#include "ssai/error.hpp"

namespace ssai {

/// The player parameter an implicit session asks with (MediaTailor's name).
inline constexpr std::string_view kInsertionModeParam = "aws.insertionMode";

/// True for guided. `requested`: "GUIDED" or "STITCHED" (any case), when the player asked.
/// A stitched configuration refuses a request for guided, a guided one a request for
/// stitched (kBadRequest); player_select honours the request, except that players
/// listed in stitched_user_agents are always stitched; with no request, the listed
/// players and player_select_default decide. HLS and DASH alike.
[[nodiscard]] Result<bool> choose_guided(const PlaybackConfiguration& config, std::optional<std::string_view> requested,
                                         std::string_view user_agent);

}  // namespace ssai
