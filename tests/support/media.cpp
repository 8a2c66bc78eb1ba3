#include "support/media.hpp"

#include <cstdio>
#include <stdexcept>
#include <sys/wait.h>

namespace test_support {

CommandOutput run_command(const std::string& command) {
  CommandOutput result;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string stream_info(const std::filesystem::path& media) {
  return run_command("ffprobe -v error -show_entries stream=codec_name,width,height,r_frame_rate,sample_rate,channels,has_b_frames "
                     "-of compact=p=0 " + media.string()).out;
}

double first_packet_time(const std::filesystem::path& media, const char* stream) {
  const auto out = run_command("ffprobe -v error -select_streams " + std::string(stream) +
                               " -show_entries packet=pts_time -of csv=p=0 -read_intervals %+#1 " + media.string()).out;
  return std::stod(out);
}

}  // namespace test_support
