#include "ssai/cli.hpp"

#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_commands.hpp"

namespace ssai::cli {
namespace {

constexpr const char* kUsage =
    "usage:\n"
    "  ssai serve --config FILE [--listen HOST:PORT] [--store memory|redis://HOST:PORT] [--no-workers]\n"
    "  ssai worker --config FILE --store redis://HOST:PORT [--workers N]\n"
    "  ssai scte35 decode CUE|-        (base64, hex with 0x, or - for raw bytes on stdin)\n"
    "  ssai scte35 encode JSON|-       (the JSON decode prints, back to base64)\n"
    "  ssai cues FILE|URL              (avails of an HLS media playlist, as JSON)\n"
    "  ssai hls rewrite FILE|URL       (the playlist as ssai parses and writes it; warnings on stderr)\n"
    "  ssai hls iframes MASTER [--out FILE]\n"
    "                                  (I-frame playlists for content on disk: iframes.m3u8 beside each variant,\n"
    "                                   the master printed with their EXT-X-I-FRAME-STREAM-INF lines)\n"
    "  ssai tag-check URL|FILE [--param k=v]... [--duration S] [--json] [--timeout-ms N] [--budget-ms N]\n"
    "                [--store redis://HOST:PORT [--content MASTER_URL|MPD_URL]]\n"
    "                                  (resolve a VAST/VMAP tag as the service would; exit 1 when no ad plays;\n"
    "                                   with --store, where conditioning of each creative stands, for the\n"
    "                                   content's ladder with --content)\n"
    "  ssai vast parse FILE|URL        (a VAST response as ssai reads it, JSON, wrappers not followed)\n"
    "  ssai condition MEDIA --ladder MASTER [--out DIR] [--key K] [--loudness LUFS] [--preset P] [--json]\n"
    "                                  (transcode one creative to a content ladder with ffmpeg)\n";

}  // namespace

int usage_error(std::string_view message) {
  if (!message.empty()) std::fprintf(stderr, "ssai: %.*s\n", static_cast<int>(message.size()), message.data());
  std::fputs(kUsage, stderr);
  return 2;
}

int input_error(std::string_view message) {
  std::fprintf(stderr, "ssai: %.*s\n", static_cast<int>(message.size()), message.data());
  return 2;
}

std::optional<std::string> Args::option(std::string_view name) const {
  for (std::size_t i = 0; i + 1 < items.size(); ++i) {
    if (items[i] == name) return items[i + 1];
  }
  return std::nullopt;
}

namespace {
int dispatch(const Args& args);
}  // namespace

int run(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) args.items.emplace_back(argv[i]);
  // Errors are values in the libraries; what still throws (the filesystem, allocation)
  // ends here with a message, not in std::terminate.
  try {
    return dispatch(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ssai: %s\n", e.what());
    return 1;
  }
}

namespace {

int dispatch(const Args& args) {
  const auto word = [&](std::size_t i) { return i < args.items.size() ? std::string_view(args.items[i]) : ""; };
  if (word(0) == "serve") return serve(args);
  if (word(0) == "worker") return worker(args);
  if (word(0) == "scte35" && word(1) == "decode") return scte35_decode(args);
  if (word(0) == "scte35" && word(1) == "encode") return scte35_encode(args);
  if (word(0) == "cues") return cues(args);
  if (word(0) == "hls" && word(1) == "rewrite") return hls_rewrite(args);
  if (word(0) == "hls" && word(1) == "iframes") return hls_iframes(args);
  if (word(0) == "tag-check") return tag_check(args);
  if (word(0) == "vast" && word(1) == "parse") return vast_parse(args);
  if (word(0) == "condition") return condition(args);
  if (word(0) == "--help" || word(0) == "-h" || word(0) == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  return usage_error(word(0).empty() ? "" : "unknown command '" + std::string(word(0)) + "'");
}

}  // namespace

}  // namespace ssai::cli
