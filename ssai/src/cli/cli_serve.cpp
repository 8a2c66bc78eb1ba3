// `ssai serve` and `ssai worker`: run until SIGINT/SIGTERM.
// The servers' first line on stdout is "listening on http://HOST:PORT", so a caller that
// asked for port 0 learns the port.
#include <csignal>
#include <cstdio>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "cli/cli_commands.hpp"
#include "ssai/detached.hpp"
#include "ssai/config.hpp"
#include "ssai/fetcher.hpp"
#include "ssai/http_server.hpp"
#include "ssai/log.hpp"
#include "ssai/memory_beacon_queue.hpp"
#include "ssai/memory_store.hpp"
#include "ssai/conditioning.hpp"
#include "ssai/redis_beacon_queue.hpp"
#include "ssai/redis_job_store.hpp"
#include "ssai/redis_store.hpp"
#include "ssai/service.hpp"

namespace ssai::cli {
namespace asio = boost::asio;

namespace {

unsigned io_threads() { return std::max(2u, std::thread::hardware_concurrency()); }

// A node's event loops, one per thread: each serves the connections handed to it (a loop
// shared by threads costs a lock and a wake-up of the other thread per handler) and has
// its own Redis connection. The main one also holds what is shared (timers, the acceptor).
struct EventLoops {
  asio::io_context main;
  std::vector<std::unique_ptr<asio::io_context>> others;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;

  EventLoops() {
    for (unsigned i = 1; i < io_threads(); ++i) {
      others.push_back(std::make_unique<asio::io_context>(1));
      keep_running.push_back(asio::make_work_guard(*others.back()));
    }
  }
  [[nodiscard]] std::vector<asio::any_io_executor> executors() {
    std::vector<asio::any_io_executor> all{main.get_executor()};
    for (auto& other : others) all.push_back(other->get_executor());
    return all;
  }
};

// `tls`: an HTTPS server beside the plain one, started with it (its line printed second).
int run_server(EventLoops& loops, HttpServer& server, const std::string& host, HttpServer* tls = nullptr,
               const std::string& tls_host = {}) {
  auto& io = loops.main;
  auto& others = loops.others;
  server.serve_connections_on(loops.executors());
  server.start();
  std::printf("listening on http://%s:%u\n", host.c_str(), static_cast<unsigned>(server.port()));
  if (tls) {
    tls->serve_connections_on(loops.executors());
    tls->start();
    std::printf("listening on https://%s:%u\n", tls_host.c_str(), static_cast<unsigned>(tls->port()));
  }
  std::fflush(stdout);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.stop();
    if (tls) tls->stop();
    io.stop();
    for (auto& other : others) other->stop();
  });
  std::vector<std::thread> threads;
  for (auto& other : others) threads.emplace_back([context = other.get()] { context->run(); });
  io.run();
  for (auto& t : threads) t.join();
  return 0;
}

// --config and --store, shared by serve and worker.
struct NodeSetup {
  ServiceConfig config;
  std::optional<RedisOptions> redis;
  std::string store_name;
};

std::optional<NodeSetup> node_setup(const Args& args, const char* command, int& exit_code) {
  if (const char* level = std::getenv("SSAI_LOG"); level && std::string_view(level) == "debug") {
    log::set_threshold(log::Level::kDebug);
  }
  const auto config_path = args.option("--config");
  if (!config_path) {
    exit_code = usage_error(std::string(command) + " needs --config FILE");
    return std::nullopt;
  }
  auto config = load_config(*config_path);
  if (!config) {
    exit_code = input_error("config " + *config_path + ": " + config.error().detail);
    return std::nullopt;
  }
  NodeSetup setup{std::move(*config), std::nullopt, args.option("--store").value_or("memory")};
  if (setup.store_name != "memory") {
    auto options = parse_redis_url(setup.store_name);
    if (!options) {
      exit_code = usage_error("--store must be 'memory' or redis://HOST:PORT: " + options.error().detail);
      return std::nullopt;
    }
    setup.redis = *options;
  }
  return setup;
}

std::unique_ptr<adcache::JobStore> job_store(const NodeSetup& setup) {
  if (setup.redis) return std::make_unique<RedisJobStore>(*setup.redis);
  return std::make_unique<adcache::MemoryJobStore>();
}

}  // namespace

int serve(const Args& args) {
  int exit_code = 0;
  auto setup = node_setup(args, "serve", exit_code);
  if (!setup) return exit_code;
  auto& config = setup->config;
  if (auto listen = args.option("--listen")) config.listen = *listen;
  for (const auto& item : args.items) {
    if (item == "--no-workers") config.conditioning_workers = 0;
  }
  const auto& redis = setup->redis;
  const auto endpoint = split_host_port(config.listen);
  if (!endpoint) return usage_error("listen address '" + config.listen + "' is not HOST:PORT");

  EventLoops loops;
  auto& io = loops.main;
  Fetcher fetcher({}, config.outbound);
  // Declared after the loops: destroyed first, once they have stopped.
  std::unique_ptr<Store> store;
  if (redis) {
    store = std::make_unique<RedisStore>(loops.executors(), *redis);
  } else {
    store = std::make_unique<MemoryStore>(system_clock(), config.session_limits.memory_store_max_bytes);
  }
  auto jobs = job_store(*setup);
  // Beacons have their own connection pool: a receiver that hangs holds up no origin or
  // ad server request, even at its per-host connection limit.
  Fetcher beacon_fetcher({}, config.outbound);
  const auto lease = std::chrono::duration_cast<std::chrono::milliseconds>(config.beacons.lease);
  std::unique_ptr<BeaconQueue> beacons;
  if (redis) {
    beacons = std::make_unique<RedisBeaconQueue>(static_cast<RedisStore&>(*store), lease);
  } else {
    beacons = std::make_unique<MemoryBeaconQueue>(lease);
  }
  try {
    Service service(config, *store, fetcher, *jobs, *beacons);
    service.start_beacon_dispatcher(io.get_executor(), beacon_fetcher);
    asio::co_spawn(io, service.prepare_slates(), logged_detached("slate preparation"));
    ServerLimits limits;
    limits.max_body_bytes = kLargestRequestBody;
    limits.body_limit = request_body_limit;
    HttpServer server(io, endpoint->first, endpoint->second,
                      [&service](Request request) { return service.handle(std::move(request)); }, limits);
    service.listening_on(endpoint->first, server.port());
    std::unique_ptr<HttpServer> tls_server;
    std::string tls_host;
    if (config.tls) {
      const auto tls_endpoint = split_host_port(config.tls->listen);
      if (!tls_endpoint) return usage_error("tls.listen '" + config.tls->listen + "' is not HOST:PORT");
      const TlsFiles files{config.tls->certificate, config.tls->key};
      tls_host = tls_endpoint->first;
      tls_server = std::make_unique<HttpServer>(io, tls_endpoint->first, tls_endpoint->second,
                                                [&service](Request request) { return service.handle(std::move(request)); },
                                                limits, &files);
      service.listening_on(tls_endpoint->first, tls_server->port(), true);
    }
    log::info("serve", std::to_string(config.playback_configurations.size()) + " playback configurations, " +
                          (redis ? "redis store at " + setup->store_name : std::string("memory store")) + ", " +
                          std::to_string(config.conditioning_workers) + " conditioning workers");
    return run_server(loops, server, endpoint->first, tls_server.get(), tls_host);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ssai: cannot serve on %s: %s\n", config.listen.c_str(), e.what());
    return 1;
  }
}

int worker(const Args& args) {
  int exit_code = 0;
  auto setup = node_setup(args, "worker", exit_code);
  if (!setup) return exit_code;
  if (!setup->redis) return usage_error("worker needs --store redis://HOST:PORT (the queue it shares with ssai serve)");
  if (auto workers = args.option("--workers")) {
    const int n = std::atoi(workers->c_str());
    if (n < 1 || n > 64) return usage_error("--workers must be from 1 to 64");
    setup->config.conditioning_workers = n;
  }
  if (setup->config.conditioning_workers < 1) setup->config.conditioning_workers = 1;
  asio::io_context io;
  RedisJobStore jobs(*setup->redis);
  adcache::ConditioningQueue queue(jobs, conditioning_work(setup->config, jobs), conditioning_options(setup->config));
  log::info("worker", std::to_string(setup->config.conditioning_workers) + " conditioning workers on " + setup->store_name +
                          ", publishing to " + setup->config.ad_renditions_dir.string());
  std::printf("working\n");
  std::fflush(stdout);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
  io.run();
  log::info("worker", "stopping after the jobs under way");
  return 0;
}

}  // namespace ssai::cli
