#include "support/avails.hpp"

#include "manifests/scte35/names.hpp"

namespace test_support {

std::string avails_summary(const manifests::CueReport& report) {
  using manifests::format_seconds;
  std::string out;
  for (const auto& a : report.avails) {
    out += "  avail " + a.id + " segments [" + std::to_string(a.first_segment) + "," + std::to_string(a.end_segment) + ") " +
           (a.duration_signalled ? "planned " : "no duration signalled, measured ") + format_seconds(a.duration) +
           " s, content " + format_seconds(a.content_duration) + " s";
    if (a.elapsed_before.count() > 0) out += ", " + format_seconds(a.elapsed_before) + " s before the window";
    if (a.open_at_end) out += ", open at the end";
    if (a.ended_early && a.duration_signalled) out += ", ended early";  // unsignalled: its CUE-IN ends it
    out += ", from";
    for (auto d : a.dialects) out += " " + std::string(manifests::dialect_name(d));
    if (a.scte35) out += ", SCTE-35 " + std::string(manifests::scte35::command_name(a.scte35->splice_command_type));
    out += "\n";
  }
  for (const auto& w : report.warnings) out += "  warning: " + w + "\n";
  return out;
}

}  // namespace test_support
