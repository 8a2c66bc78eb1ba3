#include "ssai/config_registry.hpp"

#include "ssai/log.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {

std::string store_key(std::string_view name) { return "config:" + std::string(name); }

// Run-time configurations stay until deleted; the store wants a lifetime for every key.
constexpr std::chrono::seconds kForever{10LL * 365 * 24 * 3600};
// A bound on names remembered, so a client asking for many unknown names cannot grow it.
constexpr std::size_t kMaxCached = 10'000;

}  // namespace

ConfigRegistry::ConfigRegistry(const std::map<std::string, PlaybackConfiguration, std::less<>>& from_file, Store& store,
                               const Clock& clock)
    : store_(store), clock_(clock) {
  for (const auto& [name, config] : from_file) file_.emplace(name, std::make_shared<const PlaybackConfiguration>(config));
}

void ConfigRegistry::remember(const std::string& name, Config config) {
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCached) cache_.clear();
  cache_.insert_or_assign(name, Cached{std::move(config), clock_.steady() + kConfigRefresh});
}

asio::awaitable<ConfigRegistry::Config> ConfigRegistry::find(std::string_view name) {
  if (!is_config_name(name)) co_return nullptr;
  const std::string wanted(name);
  Config fallback;
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(wanted); it != cache_.end()) {
      if (clock_.steady() < it->second.expires) {
        if (it->second.config) co_return it->second.config;
        auto file = file_.find(wanted);
        co_return file == file_.end() ? nullptr : file->second;
      }
      fallback = it->second.config;
    }
  }
  auto stored = co_await store_.get(store_key(wanted));
  if (!stored) {
    if (fallback) co_return fallback;
    auto file = file_.find(wanted);
    co_return file == file_.end() ? nullptr : file->second;
  }
  Config config;
  if (*stored && !(*stored)->empty()) {
    auto parsed = parse_playback_configuration(wanted, **stored);
    if (parsed) {
      config = std::make_shared<const PlaybackConfiguration>(std::move(*parsed));
    } else {
      log::warn("config", "stored configuration " + wanted + " is unusable: " + parsed.error().detail);
    }
  }
  remember(wanted, config);
  if (config) co_return config;
  auto file = file_.find(wanted);
  co_return file == file_.end() ? nullptr : file->second;
}

asio::awaitable<Result<void>> ConfigRegistry::put(PlaybackConfiguration config) {
  const std::string name = config.name;
  auto stored = co_await store_.set(store_key(name), config.json, kForever);
  if (!stored) co_return tl::unexpected(stored.error());
  remember(name, std::make_shared<const PlaybackConfiguration>(std::move(config)));
  co_return Result<void>{};
}

asio::awaitable<Result<bool>> ConfigRegistry::remove(std::string name) {
  auto current = co_await store_.get(store_key(name));
  if (!current) co_return tl::unexpected(current.error());
  if (!*current || (*current)->empty()) co_return false;
  // The store has no delete: an empty value is a deletion, seen by every node.
  auto stored = co_await store_.set(store_key(name), "", kForever);
  if (!stored) co_return tl::unexpected(stored.error());
  remember(name, nullptr);
  co_return true;
}

bool ConfigRegistry::from_file(std::string_view name, const Config& config) const {
  auto it = file_.find(name);
  return it != file_.end() && it->second == config;
}

}  // namespace ssai
