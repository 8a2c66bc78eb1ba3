#include "playback/insertion_choice.hpp"

#include <boost/algorithm/string/find.hpp>
#include <boost/algorithm/string/predicate.hpp>

namespace ssai {

Result<bool> choose_guided(const PlaybackConfiguration& config, std::optional<std::string_view> requested,
                           std::string_view user_agent) {
  std::optional<bool> wants_guided;
  if (requested) {
    if (boost::algorithm::iequals(*requested, "GUIDED")) {
      wants_guided = true;
    } else if (boost::algorithm::iequals(*requested, "STITCHED")) {
      wants_guided = false;
    } else {
      return fail(Errc::kBadRequest, "insertionMode must be GUIDED or STITCHED");
    }
  }
  switch (config.insertion_mode) {
    case InsertionMode::kStitched:
      if (wants_guided.value_or(false)) {
        return fail(Errc::kBadRequest, "playback configuration '" + config.name + "' is stitched only");
      }
      return false;
    case InsertionMode::kGuided:
      if (!wants_guided.value_or(true)) {
        return fail(Errc::kBadRequest, "playback configuration '" + config.name + "' is guided only");
      }
      return true;
    case InsertionMode::kPlayerSelect: {
      const bool listed = std::any_of(config.stitched_user_agents.begin(), config.stitched_user_agents.end(),
                                      [&](const std::string& agent) { return !boost::algorithm::ifind_first(user_agent, agent).empty(); });
      if (listed) return false;
      return wants_guided.value_or(config.player_select_default == InsertionMode::kGuided);
    }
  }
  return false;
}

}  // namespace ssai
