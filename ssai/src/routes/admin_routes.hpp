#pragma once
// The operators' routes over configurations, creatives and this node's figures
// (admin_route.cpp):
//   GET /v1/creatives/{key}   a creative's conditioning state, published renditions and report
//   PUT|GET|DELETE /v1/config/{name}   run-time playback configurations
//   GET /metrics              Prometheus text, with the conditioning queue's depth as of now
#include <filesystem>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include "adcache/job_store.hpp"
#include "adcache/rendition_library.hpp"
#include "routes/admin_access.hpp"
#include "ssai/config_registry.hpp"
#include "ssai/http_types.hpp"
#include "ssai/metrics.hpp"

namespace ssai {

class AdminRoutes {
 public:
  AdminRoutes(const AdminAccess& access, ConfigRegistry& configs, adcache::JobStore& jobs,
              adcache::RenditionLibrary& library, std::filesystem::path renditions_dir, Metrics& metrics)
      : access_(access), configs_(configs), jobs_(jobs), library_(library), renditions_dir_(std::move(renditions_dir)),
        metrics_(metrics) {}

  [[nodiscard]] boost::asio::awaitable<Response> creative_status(const Request& request, std::string_view key);
  [[nodiscard]] boost::asio::awaitable<Response> config_admin(const Request& request, std::string_view name);
  [[nodiscard]] boost::asio::awaitable<Response> metrics_page(const Request& request);

 private:
  struct CreativeRecord {
    adcache::Result<std::optional<adcache::JobStatus>> status;
    adcache::Result<adcache::ConditionedCreative> published;
    std::string report;  ///< the worker's report.json, when there is one
  };
  /// Blocks (the job store, the disk): run it on blocking_.
  boost::asio::awaitable<CreativeRecord> creative_record(std::string key);
  /// Blocks (the job store): run it on blocking_.
  boost::asio::awaitable<adcache::Result<adcache::QueueDepth>> queue_depth();

  const AdminAccess& access_;
  ConfigRegistry& configs_;
  adcache::JobStore& jobs_;
  adcache::RenditionLibrary& library_;
  std::filesystem::path renditions_dir_;
  Metrics& metrics_;
  boost::asio::thread_pool blocking_{1};  ///< for job store calls (hiredis, blocking) and disk reads
};

}  // namespace ssai
