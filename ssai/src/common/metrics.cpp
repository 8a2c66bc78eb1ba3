#include "ssai/metrics.hpp"

#include <cstdio>

namespace ssai {
namespace {

// {a="x",b="y"}, values escaped as the format asks. Into a buffer of the calling
// thread's, reused: the series it names usually exists, and then nothing is allocated.
std::string_view render(const Labels& labels) {
  thread_local std::string out;
  out.clear();
  if (labels.empty()) return out;
  out += '{';
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out.append(labels[i].first).append("=\"");
    for (char c : labels[i].second) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.12g", value);
  return buffer;
}

// Adds le="..." to a rendered label set.
std::string with_le(const std::string& rendered, const std::string& le) {
  if (rendered.empty()) return "{le=\"" + le + "\"}";
  return rendered.substr(0, rendered.size() - 1) + ",le=\"" + le + "\"}";
}

}  // namespace

template <class V>
V& Metrics::series_locked(Series<V>& all, std::string_view name, std::string_view labels) {
  auto named = all.find(name);
  if (named == all.end()) named = all.emplace(std::string(name), typename Series<V>::mapped_type{}).first;
  auto value = named->second.find(labels);
  if (value == named->second.end()) value = named->second.emplace(std::string(labels), V{}).first;
  return value->second;
}

void Metrics::add(std::string_view name, const Labels& labels, double value) {
  const auto key = render(labels);
  std::lock_guard lock(mutex_);
  series_locked(counters_, name, key) += value;
}

void Metrics::observe(std::string_view name, const Labels& labels, double seconds) {
  const auto key = render(labels);
  std::lock_guard lock(mutex_);
  auto& histogram = series_locked(histograms_, name, key);
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++histogram.buckets[i];
  }
  ++histogram.count;
  histogram.sum += seconds;
}

void Metrics::set(std::string_view name, const Labels& labels, double value) {
  const auto key = render(labels);
  std::lock_guard lock(mutex_);
  series_locked(gauges_, name, key) = value;
}

void Metrics::describe(const std::string& name, std::string help) {
  std::lock_guard lock(mutex_);
  help_[name] = std::move(help);
}

std::string Metrics::prometheus_text() const {
  std::lock_guard lock(mutex_);
  std::string out;
  auto header = [&](const std::string& name, const char* type) {
    if (auto it = help_.find(name); it != help_.end()) out += "# HELP " + name + " " + it->second + "\n";
    out += "# TYPE " + name + " " + type + "\n";
  };
  for (const auto& [name, series] : counters_) {
    header(name, "counter");
    for (const auto& [labels, value] : series) out += name + labels + " " + number(value) + "\n";
  }
  for (const auto& [name, series] : gauges_) {
    header(name, "gauge");
    for (const auto& [labels, value] : series) out += name + labels + " " + number(value) + "\n";
  }
  for (const auto& [name, series] : histograms_) {
    header(name, "histogram");
    for (const auto& [labels, h] : series) {
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out += name + "_bucket" + with_le(labels, number(kBuckets[i])) + " " + std::to_string(h.buckets[i]) + "\n";
      }
      out += name + "_bucket" + with_le(labels, "+Inf") + " " + std::to_string(h.count) + "\n";
      out += name + "_sum" + labels + " " + number(h.sum) + "\n";
      out += name + "_count" + labels + " " + std::to_string(h.count) + "\n";
    }
  }
  return out;
}

}  // namespace ssai
