// `ssai hls iframes MASTER_FILE [--out FILE]`: I-frame playlists (trick play) for content
// on disk that has none. Writes iframes.m3u8 beside each variant's media playlist (byte
// ranges of its keyframes, read with ffprobe) and prints the master with an
// EXT-X-I-FRAME-STREAM-INF line for each (the ones it had are replaced).
#include <cstdio>
#include <fstream>
#include <sstream>

#include "adcache/iframes.hpp"
#include "cli/cli_commands.hpp"
#include "manifests/hls/attributes.hpp"
#include "manifests/hls/parser.hpp"

namespace ssai::cli {
namespace fs = std::filesystem;

namespace {

constexpr std::chrono::seconds kProbeLimit{60};  // per segment

std::string without_iframe_streams(const std::string& master) {
  std::istringstream lines(master);
  std::string out;
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("#EXT-X-I-FRAME-STREAM-INF")) out += line + "\n";
  }
  return out;
}

}  // namespace

int hls_iframes(const Args& args) {
  if (args.items.size() < 3 || args.items[2].starts_with("--")) return usage_error("hls iframes needs a master playlist file");
  const fs::path master_path = args.items[2];
  std::ifstream in(master_path, std::ios::binary);
  if (!in) return input_error("cannot read " + master_path.string());
  std::ostringstream read;
  read << in.rdbuf();
  const std::string text = read.str();
  auto master = manifests::hls::parse_master(text);
  if (!master) return input_error(master_path.string() + ": " + master.error().detail);

  std::string lines;
  for (const auto& entry : master->entries) {
    if (entry.uri.empty()) continue;  // a variant is an EXT-X-STREAM-INF with its URI line
    const std::string uri(entry.uri);
    if (uri.find("://") != std::string::npos || uri.starts_with('/')) {
      return input_error("variant " + uri + " is not a file beside the master");
    }
    auto attributes = manifests::hls::AttributeList::parse(entry.tag.value.value_or(""));
    if (!attributes) return input_error("variant " + uri + ": " + attributes.error().detail);
    auto bandwidth = adcache::write_iframes_beside(master_path.parent_path() / uri, kProbeLimit);
    if (!bandwidth) return input_error("variant " + uri + ": " + bandwidth.error().detail);
    const auto resolution = attributes->resolution().value_or(manifests::hls::Resolution{});
    const auto slash = uri.rfind('/');
    const std::string iframes = (slash == std::string::npos ? std::string() : uri.substr(0, slash + 1)) + adcache::kIFramePlaylist;
    lines += adcache::iframe_stream_inf(*bandwidth, resolution.width, resolution.height,
                                        attributes->text("CODECS").value_or(""), iframes);
  }
  if (lines.empty()) return input_error(master_path.string() + " lists no variants");
  const std::string out = without_iframe_streams(text) + lines;
  if (const auto file = args.option("--out")) {
    std::ofstream written(*file, std::ios::binary);
    written << out;
    if (!written) return input_error("cannot write " + *file);
  } else {
    std::fputs(out.c_str(), stdout);
  }
  return 0;
}

}  // namespace ssai::cli
