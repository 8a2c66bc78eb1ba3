// `ssai scte35 decode` and `ssai cues`: look inside cues, playlists and MPDs.
#include <cstdio>
#include <fstream>
#include <span>
#include <iostream>
#include <sstream>

#include "cli/cli_commands.hpp"
#include "common/json_io.hpp"
#include "manifests/dash/cues.hpp"
#include "manifests/hls/cues.hpp"
#include "manifests/hls/parser.hpp"
#include "manifests/hls/writer.hpp"
#include "manifests/scte35/decode.hpp"
#include "manifests/scte35/encode.hpp"
#include "ssai/fetcher.hpp"
#include "ssai/scte35_json.hpp"

namespace ssai::cli {

void write_avail(JsonWriter& w, const manifests::Avail& avail) {
  w.begin_object();
  w.field("id", avail.id);
  w.field("first_segment", static_cast<std::uint64_t>(avail.first_segment));
  w.field("end_segment", static_cast<std::uint64_t>(avail.end_segment));
  w.field("start_seconds", manifests::format_seconds(avail.start));
  w.field("duration_seconds", manifests::format_seconds(avail.duration));
  w.field("content_duration_seconds", manifests::format_seconds(avail.content_duration));
  if (avail.elapsed_before.count() > 0) w.field("elapsed_before_seconds", manifests::format_seconds(avail.elapsed_before));
  if (avail.open_at_end) w.field("open_at_end", true);
  if (avail.ended_early) w.field("ended_early", true);
  if (avail.start_date_ms) w.field("start_date_ms", *avail.start_date_ms);
  w.key("dialects");
  w.begin_array();
  for (auto dialect : avail.dialects) w.value(manifests::dialect_name(dialect));
  w.end_array();
  if (!avail.asset.empty()) {
    w.key("asset");
    w.begin_object();
    for (const auto& [name, value] : avail.asset) w.field(name, value);
    w.end_object();
  }
  if (avail.scte35) {
    w.key("scte35");
    w.raw(scte35_to_json(*avail.scte35));
  }
  w.end_object();
}

int scte35_decode(const Args& args) {
  if (args.items.size() < 3) return usage_error("scte35 decode needs a CUE (or - for raw bytes on stdin)");
  auto section = [&] {
    if (args.items[2] != "-") return manifests::scte35::decode_text(args.items[2]);
    std::ostringstream in;
    in << std::cin.rdbuf();
    const std::string bytes = in.str();
    return manifests::scte35::decode(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  }();
  if (!section) {
    std::fprintf(stderr, "ssai: cannot decode cue: %s\n", section.error().detail.c_str());
    return 2;
  }
  std::puts(scte35_to_json(*section).c_str());
  if (!section->crc_ok) {
    std::fputs("ssai: CRC_32 does not match the cue's bytes\n", stderr);
    return 3;
  }
  return 0;
}

int scte35_encode(const Args& args) {
  if (args.items.size() < 3) return usage_error("scte35 encode needs JSON (or - to read it from stdin)");
  std::string json = args.items[2];
  if (json == "-") {
    std::ostringstream in;
    in << std::cin.rdbuf();
    json = in.str();
  }
  auto section = scte35_from_json(json);
  if (!section) return input_error("cannot encode: " + section.error().detail);
  auto bytes = manifests::scte35::encode(*section);
  if (!bytes) return input_error("cannot encode: " + bytes.error().detail);
  std::puts(manifests::scte35::to_base64(*bytes).c_str());
  return 0;
}

namespace {

// A playlist from a file or an http(s) URL; prints the reason and returns nullopt on failure.
std::optional<std::string> read_source(const std::string& source) {
  std::string text;
  if (source.starts_with("http://") || source.starts_with("https://")) {
    auto response = Fetcher::get_blocking(source, FetchOptions{}, OutboundPolicy::open());
    if (!response || response->status != 200) {
      std::fprintf(stderr, "ssai: cannot fetch %s: %s\n", source.c_str(),
                   response ? ("HTTP " + std::to_string(response->status)).c_str() : response.error().detail.c_str());
      return std::nullopt;
    }
    text = std::move(response->body);
  } else {
    std::ifstream in(source, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "ssai: cannot read %s\n", source.c_str());
      return std::nullopt;
    }
    std::ostringstream body;
    body << in.rdbuf();
    text = body.str();
  }
  return text;
}

}  // namespace

int hls_rewrite(const Args& args) {
  if (args.items.size() < 3) return usage_error("hls rewrite needs a FILE or URL");
  auto text = read_source(args.items[2]);
  if (!text) return 2;
  std::string out;
  if (manifests::hls::is_master(*text)) {
    auto master = manifests::hls::parse_master(std::move(*text));
    if (!master) return input_error(args.items[2] + ": " + master.error().detail);
    for (const auto& w : master->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    out = manifests::hls::write(*master);
  } else {
    auto media = manifests::hls::parse_media(std::move(*text));
    if (!media) return input_error(args.items[2] + ": " + media.error().detail);
    for (const auto& w : media->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    out = manifests::hls::write(*media);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

int cues(const Args& args) {
  if (args.items.size() < 2) return usage_error("cues needs a FILE or URL");
  const std::string& source = args.items[1];
  auto text = read_source(source);
  if (!text) return 2;
  manifests::CueReport report;
  std::vector<std::string> parse_warnings;
  // An MPD is XML; anything else is read as an HLS media playlist.
  if (text->find("<MPD") != std::string::npos) {
    auto mpd = manifests::dash::Mpd::parse(*text);
    if (!mpd) {
      std::fprintf(stderr, "ssai: %s: %s\n", source.c_str(), mpd.error().detail.c_str());
      return 2;
    }
    report = manifests::dash::find_avails(*mpd);
  } else {
    auto playlist = manifests::hls::parse_media(std::move(*text));
    if (!playlist) {
      std::fprintf(stderr, "ssai: %s: %s\n", source.c_str(), playlist.error().detail.c_str());
      return 2;
    }
    report = manifests::hls::find_avails(*playlist);
    parse_warnings = playlist->warnings;
  }
  JsonWriter w;
  w.begin_object();
  w.key("avails");
  w.begin_array();
  for (const auto& avail : report.avails) write_avail(w, avail);
  w.end_array();
  w.key("warnings");
  w.begin_array();
  for (const auto& warning : parse_warnings) w.value(warning);
  for (const auto& warning : report.warnings) w.value(warning);
  w.end_array();
  w.end_object();
  std::puts(w.take().c_str());
  return 0;
}

}  // namespace ssai::cli
