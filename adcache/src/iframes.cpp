#include "adcache/iframes.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "adcache/process.hpp"

namespace adcache {
namespace {

struct Packet {
  double time = 0;
  std::int64_t pos = -1;
  bool key = false;
};

// "key=value|key=value" as ffprobe's compact writer prints it.
std::string_view field(std::string_view line, std::string_view key) {
  std::size_t start = 0;
  while (start <= line.size()) {
    const auto end = std::min(line.find('|', start), line.size());
    const auto item = line.substr(start, end - start);
    if (item.size() > key.size() && item.starts_with(key) && item[key.size()] == '=') return item.substr(key.size() + 1);
    start = end + 1;
  }
  return {};
}

std::string fixed3(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

}  // namespace

Result<std::vector<IFrame>> keyframes_from_packets(std::string_view packets, std::string_view uri, std::int64_t file_size,
                                                   double segment_seconds) {
  std::vector<Packet> video;
  std::size_t start = 0;
  while (start < packets.size()) {
    const auto end = std::min(packets.find('\n', start), packets.size());
    const auto line = packets.substr(start, end - start);
    start = end + 1;
    const auto pos_text = field(line, "pos");
    const auto time_text = field(line, "pts_time");
    Packet packet;
    if (std::from_chars(pos_text.data(), pos_text.data() + pos_text.size(), packet.pos).ec != std::errc{}) continue;
    // pts_time may be "N/A" on a broken packet: it cannot start an I-frame then.
    packet.time = std::strtod(std::string(time_text).c_str(), nullptr);
    packet.key = field(line, "flags").starts_with("K") && time_text != "N/A";
    video.push_back(packet);
  }
  if (video.empty()) return fail(Errc::kBadRendition, std::string(uri) + ": no video packets");
  const double segment_start = video.front().time;
  std::vector<IFrame> frames;
  for (std::size_t i = 0; i < video.size(); ++i) {
    if (!video[i].key) continue;
    const std::int64_t next_pos = i + 1 < video.size() ? video[i + 1].pos : file_size;
    if (next_pos <= video[i].pos || next_pos > file_size) {
      return fail(Errc::kBadRendition, std::string(uri) + ": keyframe byte range out of order");
    }
    frames.push_back({std::string(uri), 0, video[i].pos, next_pos - video[i].pos});
  }
  if (frames.empty()) return fail(Errc::kBadRendition, std::string(uri) + ": no keyframe");
  // Each stands until the next keyframe; the last until the segment ends.
  std::vector<double> times;
  for (const auto& packet : video) {
    if (packet.key) times.push_back(packet.time);
  }
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const double until = i + 1 < times.size() ? times[i + 1] : segment_start + segment_seconds;
    frames[i].duration = std::max(0.001, until - times[i]);
  }
  return frames;
}

Result<std::vector<IFrame>> keyframes_of(const std::filesystem::path& segment, std::string_view uri, double segment_seconds,
                                         std::chrono::seconds time_limit) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(segment, ec);
  if (ec) return fail(Errc::kBadRendition, segment.string() + ": " + ec.message());
  auto run = run_process({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,pos,flags",
                          "-of", "compact=p=0:nk=0", segment.string()},
                         time_limit);
  if (run.exit_code != 0) return fail(Errc::kBadRendition, "ffprobe failed on " + segment.string() + ": " + run.error_tail);
  return keyframes_from_packets(run.out, uri, static_cast<std::int64_t>(size), segment_seconds);
}

std::string iframe_playlist(const std::vector<IFrame>& frames) {
  double longest = 1;
  for (const auto& frame : frames) longest = std::max(longest, frame.duration);
  std::string out = "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:" +
                    std::to_string(static_cast<long long>(std::ceil(longest - 0.0005))) +
                    "\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-I-FRAMES-ONLY\n";
  for (const auto& frame : frames) {
    out += "#EXTINF:" + fixed3(frame.duration) + ",\n#EXT-X-BYTERANGE:" + std::to_string(frame.length) + "@" +
           std::to_string(frame.offset) + "\n" + frame.uri + "\n";
  }
  return out + "#EXT-X-ENDLIST\n";
}

std::int64_t iframe_bandwidth(const std::vector<IFrame>& frames) {
  double peak = 0;
  for (const auto& frame : frames) peak = std::max(peak, static_cast<double>(frame.length) * 8 / frame.duration);
  return static_cast<std::int64_t>(std::ceil(peak));
}

}  // namespace adcache
