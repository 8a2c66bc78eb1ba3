#pragma once
// Playback configurations by name: those of the config file, overridden or added to at
// run time through the admin API (PUT/DELETE /v1/config/{name}). Run-time ones live in
// the store, so every node sees them; each node keeps what it read for a few seconds, so
// a change reaches all nodes within kConfigRefresh without a store read per request.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "ssai/clock.hpp"
#include "ssai/config.hpp"
#include "ssai/store.hpp"

namespace ssai {

inline constexpr std::chrono::seconds kConfigRefresh{5};

class ConfigRegistry {
 public:
  using Config = std::shared_ptr<const PlaybackConfiguration>;

  ConfigRegistry(const std::map<std::string, PlaybackConfiguration, std::less<>>& from_file, Store& store,
                 const Clock& clock = system_clock());

  /// The configuration in force under `name`, or null. When the store cannot be read,
  /// what this node read last (or the file's) stays in force.
  [[nodiscard]] boost::asio::awaitable<Config> find(std::string_view name);
  [[nodiscard]] boost::asio::awaitable<Result<void>> put(PlaybackConfiguration config);
  /// Removes the run-time configuration; the file's one of that name, if any, is back in
  /// force. False when there was none.
  [[nodiscard]] boost::asio::awaitable<Result<bool>> remove(std::string name);
  /// True when `name` comes from the file and is not overridden.
  [[nodiscard]] bool from_file(std::string_view name, const Config& config) const;

 private:
  struct Cached {
    Config config;  ///< null: the store has none (or a deletion)
    std::chrono::steady_clock::time_point expires;
  };
  void remember(const std::string& name, Config config);

  std::map<std::string, Config, std::less<>> file_;
  Store& store_;
  const Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Cached, std::less<>> cache_;
};

}  // namespace ssai
