#pragma once
// The I/O around adcache::condition: the content ladder read from a master playlist
// (URL or file) and the creative downloaded under size and time limits. Blocking: for
// the CLI and the conditioning workers, never an I/O thread.
#include <string>

#include "adcache/conditioner.hpp"
#include "adcache/conditioning_queue.hpp"
#include "ssai/config.hpp"
#include "ssai/outbound_policy.hpp"

namespace ssai {

// Every read goes through `policy`: a worker's is the service's (URLs the configuration
// allows, no local files); the CLI's is OutboundPolicy::open(), files included.

[[nodiscard]] adcache::Result<adcache::LadderSpec> read_ladder(const std::string& master_source,
                                                               const OutboundPolicy& policy);
/// The fingerprint of that ladder (adcache::ladder_fingerprint), without probing the
/// audio: the part of the creative keys the service derives per content.
[[nodiscard]] adcache::Result<std::string> read_ladder_fingerprint(const std::string& master_source,
                                                                   const OutboundPolicy& policy);

/// Conditions the creative at `media_source` (a URL, or a file where the policy reads
/// files) to the ladder in `options`. ffmpeg reads only the downloaded copy.
[[nodiscard]] adcache::Result<adcache::ConditionReport> condition_source(const std::string& media_source,
                                                                         const adcache::ConditionOptions& options,
                                                                         const OutboundPolicy& policy);

/// The work of a conditioning worker: ladder, download, condition, publish to the
/// library; then, if the library is over its cap, evict the least recently used
/// creatives and forget their jobs in `jobs`.
[[nodiscard]] adcache::ConditioningQueue::Work conditioning_work(const ServiceConfig& config, adcache::JobStore& jobs);

/// The report as JSON, for `ssai condition --json`, <key>/report.json and the API.
[[nodiscard]] std::string condition_report_json(const adcache::ConditionReport& report, const std::filesystem::path& published);

/// Where a worker leaves a creative's report, beside its renditions.
inline constexpr const char* kReportFile = "report.json";

/// Workers and lease from the service config.
[[nodiscard]] adcache::ConditioningQueue::Options conditioning_options(const ServiceConfig& config);

}  // namespace ssai
