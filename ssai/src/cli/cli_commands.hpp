#pragma once
// One function per subcommand, each in its own file.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssai::cli {

struct Args {
  std::vector<std::string> items;
  [[nodiscard]] std::optional<std::string> option(std::string_view name) const;
};

/// Prints the message and the usage; returns 2.
int usage_error(std::string_view message);
/// Prints the message only; returns 2.
int input_error(std::string_view message);
int serve(const Args& args);
int worker(const Args& args);
int scte35_decode(const Args& args);
int scte35_encode(const Args& args);
int cues(const Args& args);
int hls_rewrite(const Args& args);
int hls_iframes(const Args& args);
int tag_check(const Args& args);
int vast_parse(const Args& args);
int condition(const Args& args);

}  // namespace ssai::cli
