#pragma once
// Runs a program (ffmpeg, ffprobe) as a child process: argv directly, no shell, stdout
// collected, the tail of stderr kept for the failure reason, killed past a time limit.
#include <chrono>
#include <string>
#include <vector>

namespace adcache {

struct ProcessResult {
  int exit_code = -1;  ///< -1 when it did not exit normally
  bool timed_out = false;
  std::string out;          ///< stdout (up to max_output)
  std::string error_tail;   ///< the last few KiB of stderr
};

/// Input options for ffmpeg and ffprobe, before each "-i" (or ffprobe's input): the input
/// is a local file the service wrote itself, and nothing it names may make ffmpeg open
/// anything else: no network protocol (a playlist of URLs), and only media containers
/// (no concat scripts, no playlists of other local files).
[[nodiscard]] std::vector<std::string> local_input_options();

[[nodiscard]] ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds time_limit,
                                        std::size_t max_output = 4 * 1024 * 1024);

}  // namespace adcache
