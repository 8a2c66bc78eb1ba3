#pragma once
// The `ssai` command line: serve, worker, scte35 decode, cues, tag-check...

namespace ssai::cli {

/// Runs one subcommand; returns the process exit code (0 ok, 2 usage or input error).
[[nodiscard]] int run(int argc, char** argv);

}  // namespace ssai::cli
