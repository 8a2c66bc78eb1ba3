#pragma once
// Counters and histograms for GET /metrics, in the Prometheus text format. Names start
// with "ssai_"; each series is a name plus its labels, created on first use.
// Thread-safe; an update of a series that exists is two map lookups and an add under one
// mutex, with no allocation (every request updates two).
#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ssai {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  /// Seconds: request latencies from 0.5 ms to 10 s.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,     10};

  void add(std::string_view name, const Labels& labels, double value = 1);
  void observe(std::string_view name, const Labels& labels, double seconds);
  /// A gauge: the value as of now.
  void set(std::string_view name, const Labels& labels, double value);
  /// Text for a name's HELP line; a name without one is still written.
  void describe(const std::string& name, std::string help);
  [[nodiscard]] std::string prometheus_text() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, std::string> help_;
  template <class V>
  using Series = std::map<std::string, std::map<std::string, V, std::less<>>, std::less<>>;
  /// The value of `name` with `labels` (rendered), created on first use. Under the mutex.
  template <class V>
  static V& series_locked(Series<V>& all, std::string_view name, std::string_view labels);

  Series<double> counters_;  ///< name -> rendered labels -> value
  Series<double> gauges_;
  Series<Histogram> histograms_;
};

}  // namespace ssai
