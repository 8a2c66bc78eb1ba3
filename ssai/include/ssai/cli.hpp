#pragma once
// The `ssai` command line: serve, fixtures serve, scte35 decode, cues.

namespace ssai::cli {

/// Runs one subcommand; returns the process exit code (0 ok, 2 usage or input error).
[[nodiscard]] int run(int argc, char** argv);

}  // namespace ssai::cli
