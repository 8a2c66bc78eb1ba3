#pragma once
// Shell commands (ffmpeg, ffprobe, ssai) for integration tests, and what ffprobe says of
// a media file.
#include <filesystem>
#include <string>

namespace test_support {

struct CommandOutput {
  int exit_code = -1;
  std::string out;  ///< stdout; stderr is discarded
};

[[nodiscard]] CommandOutput run_command(const std::string& command);

/// "codec_name=...|width=...|..." per stream, from ffprobe.
[[nodiscard]] std::string stream_info(const std::filesystem::path& media);

/// The presentation time of the first packet of `stream` ("v" or "a").
[[nodiscard]] double first_packet_time(const std::filesystem::path& media, const char* stream);

}  // namespace test_support
