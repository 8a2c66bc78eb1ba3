#include "adcache/iframes.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "adcache/process.hpp"
#include "manifests/hls/attributes.hpp"
#include "manifests/hls/parser.hpp"
#include "text_files.hpp"

namespace adcache {
namespace {

Result<std::string> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::kBadRendition, "cannot read " + path.string());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

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

std::optional<std::int64_t> box_offset(std::string_view bytes, std::string_view type) {
  std::uint64_t at = 0;
  while (at + 8 <= bytes.size()) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
    std::uint64_t size = (std::uint64_t{p[0]} << 24) | (std::uint64_t{p[1]} << 16) | (std::uint64_t{p[2]} << 8) | p[3];
    if (bytes.substr(at + 4, 4) == type) return static_cast<std::int64_t>(at);
    if (size == 1 && at + 16 <= bytes.size()) {  // a 64-bit size follows the type
      size = 0;
      for (int i = 0; i < 8; ++i) size = (size << 8) | p[8 + i];
    }
    if (size < 8) return std::nullopt;  // 0 (to the end) or corrupt: nothing after it
    at += size;
  }
  return std::nullopt;
}

Result<std::vector<IFrame>> keyframes_of(const std::filesystem::path& segment, std::string_view uri, double segment_seconds,
                                         std::chrono::seconds time_limit, const std::filesystem::path& init) {
  auto bytes = read_bytes(segment);
  if (!bytes) return tl::unexpected(bytes.error());
  // An fMP4 fragment is only readable after its init segment: probe the two together.
  std::int64_t init_size = 0;
  std::filesystem::path probed = segment;
  if (!init.empty()) {
    auto header = read_bytes(init);
    if (!header) return tl::unexpected(header.error());
    init_size = static_cast<std::int64_t>(header->size());
    probed = segment.string() + ".with-init.mp4";
    std::ofstream(probed, std::ios::binary) << *header << *bytes;
  }
  std::vector<std::string> argv{"ffprobe", "-v", "error"};
  const auto input_options = local_input_options();
  argv.insert(argv.end(), input_options.begin(), input_options.end());
  argv.insert(argv.end(), {"-select_streams", "v:0", "-show_entries", "packet=pts_time,pos,flags", "-of",
                           "compact=p=0:nk=0", probed.string()});
  auto run = run_process(argv, time_limit);
  std::error_code ignored;
  if (!init.empty()) std::filesystem::remove(probed, ignored);
  if (run.exit_code != 0) return fail(Errc::kBadRendition, "ffprobe failed on " + segment.string() + ": " + run.error_tail);
  const auto size = static_cast<std::int64_t>(bytes->size());
  if (init.empty()) return keyframes_from_packets(run.out, uri, size, segment_seconds);
  // Positions counted from the init segment's start: shift them into the fragment.
  auto frames = keyframes_from_packets(run.out, uri, size + init_size, segment_seconds);
  if (!frames) return frames;
  const auto moof = box_offset(*bytes, "moof");
  IFrame first = frames->front();
  first.offset -= init_size;
  if (!moof || first.offset <= *moof || first.offset + first.length > size) {
    return fail(Errc::kBadRendition, segment.string() + ": no moof before its first keyframe");
  }
  // From the moof (which describes the sample) to the end of the keyframe's bytes.
  first.length = first.offset + first.length - *moof;
  first.offset = *moof;
  first.duration = segment_seconds;
  return std::vector<IFrame>{first};
}

std::string iframe_playlist(const std::vector<IFrame>& frames, std::string_view map_uri) {
  double longest = 1;
  for (const auto& frame : frames) longest = std::max(longest, frame.duration);
  std::string out = "#EXTM3U\n#EXT-X-VERSION:" + std::string(map_uri.empty() ? "4" : "7") + "\n#EXT-X-TARGETDURATION:" +
                    std::to_string(static_cast<long long>(std::ceil(longest - 0.0005))) +
                    "\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-I-FRAMES-ONLY\n";
  if (!map_uri.empty()) out += "#EXT-X-MAP:URI=\"" + std::string(map_uri) + "\"\n";
  for (const auto& frame : frames) {
    out += "#EXTINF:" + fixed3(frame.duration) + ",\n#EXT-X-BYTERANGE:" + std::to_string(frame.length) + "@" +
           std::to_string(frame.offset) + "\n" + frame.uri + "\n";
  }
  return out + "#EXT-X-ENDLIST\n";
}

Result<std::int64_t> write_iframes_beside(const std::filesystem::path& playlist, std::chrono::seconds time_limit) {
  auto text = read_text(playlist);
  if (!text) return tl::unexpected(text.error());
  auto media = manifests::hls::parse_media(std::move(*text));
  if (!media) return fail(Errc::kBadRendition, playlist.string() + ": " + media.error().detail);
  const auto dir = playlist.parent_path();
  std::string init;
  if (const auto* map = media->segments.empty() ? nullptr : media->segments.front().find(manifests::hls::kMap)) {
    auto attributes = manifests::hls::AttributeList::parse(map->value.value_or(""));
    init = attributes ? attributes->text("URI").value_or("") : "";
    if (init.empty()) return fail(Errc::kBadRendition, playlist.string() + ": EXT-X-MAP without a URI");
  }
  std::vector<IFrame> frames;
  for (const auto& segment : media->segments) {
    const std::string uri(segment.uri);
    if (uri.find("://") != std::string::npos || uri.starts_with('/')) {
      return fail(Errc::kBadRendition, playlist.string() + ": segment " + uri + " is not a file beside it");
    }
    auto found = keyframes_of(dir / uri, uri, static_cast<double>(segment.duration.count()) / 90000.0, time_limit,
                              init.empty() ? std::filesystem::path{} : dir / init);
    if (!found) return tl::unexpected(found.error());
    frames.insert(frames.end(), found->begin(), found->end());
  }
  if (frames.empty()) return fail(Errc::kBadRendition, playlist.string() + ": no keyframes");
  if (auto written = write_atomically(dir / kIFramePlaylist, iframe_playlist(frames, init)); !written) {
    return tl::unexpected(written.error());
  }
  return iframe_bandwidth(frames);
}

std::string iframe_stream_inf(std::int64_t bandwidth, int width, int height, std::string_view codecs, std::string_view uri) {
  const std::string_view video_codec = codecs.substr(0, codecs.find(','));
  return "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=" + std::to_string(bandwidth) + ",RESOLUTION=" + std::to_string(width) +
         "x" + std::to_string(height) + (video_codec.empty() ? std::string() : ",CODECS=\"" + std::string(video_codec) + "\"") +
         ",URI=\"" + std::string(uri) + "\"\n";
}

std::int64_t iframe_bandwidth(const std::vector<IFrame>& frames) {
  double peak = 0;
  for (const auto& frame : frames) {
    if (frame.duration > 0) peak = std::max(peak, static_cast<double>(frame.length) * 8 / frame.duration);
  }
  return static_cast<std::int64_t>(std::ceil(peak));
}

}  // namespace adcache
