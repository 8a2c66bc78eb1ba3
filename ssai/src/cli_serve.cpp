// `ssai serve` and `ssai fixtures serve`: run an HTTP server until SIGINT/SIGTERM.
// The first line on stdout is "listening on http://HOST:PORT", so a caller that asked
// for port 0 learns the port.
#include <csignal>
#include <cstdio>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "cli_commands.hpp"
#include "ssai/config.hpp"
#include "ssai/fetcher.hpp"
#include "ssai/fixture_server.hpp"
#include "ssai/http_server.hpp"
#include "ssai/log.hpp"
#include "ssai/memory_store.hpp"
#include "ssai/redis_store.hpp"
#include "ssai/service.hpp"

namespace ssai::cli {
namespace asio = boost::asio;

namespace {

unsigned io_threads() { return std::max(2u, std::thread::hardware_concurrency()); }

int run_server(asio::io_context& io, HttpServer& server, const std::string& host) {
  server.start();
  std::printf("listening on http://%s:%u\n", host.c_str(), static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.stop();
    io.stop();
  });
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < io_threads(); ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  return 0;
}

}  // namespace

int serve(const Args& args) {
  if (const char* level = std::getenv("SSAI_LOG"); level && std::string_view(level) == "debug") {
    log::set_threshold(log::Level::kDebug);
  }
  const auto config_path = args.option("--config");
  if (!config_path) return usage_error("serve needs --config FILE");
  auto config = load_config(*config_path);
  if (!config) return input_error("config " + *config_path + ": " + config.error().detail);
  if (auto listen = args.option("--listen")) config->listen = *listen;
  for (const auto& item : args.items) {
    if (item == "--no-workers") config->conditioning_workers = 0;
  }
  const auto store_kind = args.option("--store").value_or("memory");
  std::optional<RedisOptions> redis;
  if (store_kind != "memory") {
    auto options = parse_redis_url(store_kind);
    if (!options) return usage_error("--store must be 'memory' or redis://HOST:PORT: " + options.error().detail);
    redis = *options;
  }
  const auto endpoint = split_host_port(config->listen);
  if (!endpoint) return usage_error("listen address '" + config->listen + "' is not HOST:PORT");

  asio::io_context io;
  Fetcher fetcher(8);
  // Declared after the io_context: destroyed first, once the loop has stopped.
  std::unique_ptr<Store> store;
  if (redis) {
    store = std::make_unique<RedisStore>(io.get_executor(), *redis);
  } else {
    store = std::make_unique<MemoryStore>();
  }
  try {
    Service service(*config, *store, fetcher);
    HttpServer server(io, endpoint->first, endpoint->second,
                      [&service](Request request) { return service.handle(std::move(request)); });
    log::info("serve", std::to_string(config->playback_configurations.size()) + " playback configurations, " +
                          (redis ? "redis store at " + store_kind : std::string("memory store")));
    return run_server(io, server, endpoint->first);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ssai: cannot serve on %s: %s\n", config->listen.c_str(), e.what());
    return 1;
  }
}

int serve_fixtures(const Args& args) {
  const auto dir = args.option("--dir");
  if (!dir) return usage_error("fixtures serve needs --dir DIR");
  const auto endpoint = split_host_port(args.option("--listen").value_or("127.0.0.1:8081"));
  if (!endpoint) return usage_error("--listen must be HOST:PORT");
  asio::io_context io;
  FixtureServer fixtures(*dir);
  try {
    HttpServer server(io, endpoint->first, endpoint->second,
                      [&fixtures](Request request) { return fixtures.handle(std::move(request)); });
    return run_server(io, server, endpoint->first);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ssai: cannot serve fixtures: %s\n", e.what());
    return 1;
  }
}

}  // namespace ssai::cli
