#include "adcache/conditioner.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

#include "adcache/iframes.hpp"
#include "adcache/process.hpp"
#include "manifests/hls/parser.hpp"
#include "text_files.hpp"

namespace adcache {
namespace fs = std::filesystem;

// Each fMP4 rendition's init segment, beside its media playlist.
constexpr const char* kInitSegment = "init.mp4";

namespace {

double to_double(std::string_view text) {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// "30000/1001" -> 29.97
double rate(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return to_double(text);
  const double den = to_double(text.substr(slash + 1));
  return den > 0 ? to_double(text.substr(0, slash)) / den : 0;
}

std::string fixed(double value, int decimals) {
  std::ostringstream out;
  out.precision(decimals);
  out << std::fixed << value;
  return out.str();
}

// The value of "key" : "value" in loudnorm's JSON summary on stderr.
std::optional<double> loudnorm_value(const std::string& text, const std::string& key) {
  const auto at = text.rfind("\"" + key + "\"");
  if (at == std::string::npos) return std::nullopt;
  const auto open = text.find('"', text.find(':', at) + 1);
  const auto close = text.find('"', open + 1);
  if (open == std::string::npos || close == std::string::npos) return std::nullopt;
  const auto value = text.substr(open + 1, close - open - 1);
  if (value.find_first_not_of("-0123456789.") != std::string::npos || value.empty()) return std::nullopt;
  return to_double(value);
}

// The audio of every output: resampled from the first sample (no gap at the start),
// loudness-normalised, AAC at the content's rate and layout.
void append_audio_encoding(std::vector<std::string>& cmd, const ConditionOptions& o) {
  const auto& ladder = o.ladder;
  cmd.insert(cmd.end(), {"-af", "aresample=async=1:first_pts=0,loudnorm=I=" + fixed(o.loudness_target, 1) +
                                    ":TP=-2:LRA=11:print_format=json,aresample=" + std::to_string(ladder.audio_sample_rate),
                         "-c:a", "aac", "-b:a", std::to_string(ladder.audio_bitrate), "-ar",
                         std::to_string(ladder.audio_sample_rate), "-ac", std::to_string(ladder.audio_channels)});
}

// Every output is an HLS VOD playlist in `dir`, in the content's container.
void append_hls_output(std::vector<std::string>& cmd, const ConditionOptions& o, const fs::path& dir) {
  cmd.insert(cmd.end(), {"-f", "hls", "-hls_time", std::to_string(o.ladder.segment_seconds), "-hls_playlist_type", "vod",
                         "-hls_flags", "independent_segments"});
  if (o.ladder.fmp4) {
    cmd.insert(cmd.end(), {"-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", kInitSegment,
                           "-hls_segment_filename", (dir / "seg_%03d.m4s").string()});
  } else {
    cmd.insert(cmd.end(), {"-hls_segment_filename", (dir / "seg_%03d.ts").string()});
  }
  cmd.push_back((dir / "index.m3u8").string());
}

// Silence for a creative without audio: every output carries audio, so players never
// switch audio tracks at the break.
void append_silence_input(std::vector<std::string>& cmd, const ConditionOptions& o) {
  cmd.insert(cmd.end(), {"-f", "lavfi", "-i",
                         "anullsrc=r=" + std::to_string(o.ladder.audio_sample_rate) + ":cl=" +
                             (o.ladder.audio_channels == 1 ? std::string("mono") : std::string("stereo"))});
}

std::vector<std::string> rung_command(const fs::path& input, const ProbeResult& in, const Rung& rung,
                                      const ConditionOptions& o, const fs::path& dir) {
  const auto& ladder = o.ladder;
  const int gop = std::max(1, static_cast<int>(std::lround(rung.frame_rate * ladder.segment_seconds)));
  const std::string size = std::to_string(rung.width) + ":" + std::to_string(rung.height);
  std::vector<std::string> cmd{"ffmpeg", "-hide_banner", "-nostdin", "-y"};
  const auto input_options = local_input_options();
  cmd.insert(cmd.end(), input_options.begin(), input_options.end());
  cmd.insert(cmd.end(), {"-i", input.string()});
  // Demuxed content (DASH) takes the creative's sound from its audio-only rendition.
  const bool with_audio = !ladder.demuxed;
  if (with_audio && !in.has_audio) append_silence_input(cmd, o);
  cmd.insert(cmd.end(), {"-map", "0:v:0"});
  if (with_audio) cmd.insert(cmd.end(), {"-map", in.has_audio ? "0:a:0" : "1:a:0", "-shortest"});
  cmd.insert(cmd.end(), {
                         // Letterbox rather than stretch; square pixels; the content's frame rate.
                         "-vf", "scale=" + size + ":force_original_aspect_ratio=decrease,pad=" + size +
                                    ":(ow-iw)/2:(oh-ih)/2,setsar=1,fps=" + fixed(rung.frame_rate, 3) + ",format=yuv420p",
                         "-c:v", "libx264", "-preset", o.preset, "-profile:v", rung.h264_profile, "-level:v",
                         rung.h264_level, "-b:v", std::to_string(rung.video_bitrate), "-maxrate",
                         std::to_string(rung.video_bitrate * 11 / 10), "-bufsize", std::to_string(rung.video_bitrate * 2),
                         // No B-frames: no composition delay, so audio and video start together.
                         "-bf", "0", "-g", std::to_string(gop), "-keyint_min", std::to_string(gop), "-sc_threshold", "0",
                         "-force_key_frames", "expr:gte(t,n_forced*" + std::to_string(ladder.segment_seconds) + ")"});
  if (with_audio) {
    append_audio_encoding(cmd, o);
  } else {
    cmd.push_back("-an");
  }
  append_hls_output(cmd, o, dir);
  return cmd;
}

// The creative's audio alone, for content whose audio is in alternate renditions: its
// players fetch the ad's audio from the audio playlists, in step with the video.
std::vector<std::string> audio_command(const fs::path& input, const ProbeResult& in, const ConditionOptions& o,
                                       const fs::path& dir) {
  std::vector<std::string> cmd{"ffmpeg", "-hide_banner", "-nostdin", "-y"};
  if (in.has_audio) {
    const auto input_options = local_input_options();
    cmd.insert(cmd.end(), input_options.begin(), input_options.end());
    cmd.insert(cmd.end(), {"-i", input.string(), "-map", "0:a:0"});
  } else {
    append_silence_input(cmd, o);
    cmd.insert(cmd.end(), {"-map", "0:a:0", "-t", fixed(in.duration_seconds, 3)});
  }
  cmd.push_back("-vn");
  append_audio_encoding(cmd, o);
  append_hls_output(cmd, o, dir);
  return cmd;
}

// Moves the finished tree into place in one rename; an older version goes after.
Result<void> publish(const fs::path& staged, const fs::path& target) {
  std::error_code ec;
  fs::path old;
  if (fs::exists(target, ec)) {
    old = target.parent_path() / (".old-" + target.filename().string() + "@" + std::to_string(getpid()));
    fs::rename(target, old, ec);
    if (ec) return fail(Errc::kBadRendition, "cannot replace " + target.string() + ": " + ec.message());
  }
  fs::rename(staged, target, ec);
  if (ec) return fail(Errc::kBadRendition, "cannot publish " + target.string() + ": " + ec.message());
  if (!old.empty()) fs::remove_all(old, ec);
  return {};
}

// Staging left by a worker that died mid-job. Names are ".tmp-<key>@<pid>..." and keys
// never hold '@', so one key's prefix never matches another's. Only the job's lease
// holder calls this, so no live worker owns them.
void remove_stale_staging(const fs::path& library, const std::string& key) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(library, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(".tmp-" + key + "@") || name.starts_with(".old-" + key + "@")) fs::remove_all(entry.path(), ec);
  }
}

// The rung's I-frame playlist, beside its media playlist; answers the master's
// EXT-X-I-FRAME-STREAM-INF line for it.
Result<std::string> write_iframes(const fs::path& dir, const Rung& rung, std::chrono::seconds time_limit) {
  auto bandwidth = write_iframes_beside(dir / "index.m3u8", time_limit);
  if (!bandwidth) return fail(Errc::kBadRendition, rung.name + ": " + bandwidth.error().detail);
  return iframe_stream_inf(*bandwidth, rung.width, rung.height, rung.codecs, rung.name + "/" + kIFramePlaylist);
}

}  // namespace

Result<void> publish_files(const fs::path& library, const std::string& key,
                           const std::vector<std::pair<std::string, std::string>>& files) {
  if (key.empty() || key.front() == '.' || key.find('/') != std::string::npos) {
    return fail(Errc::kBadRendition, "creative key '" + key + "' is not a safe path component");
  }
  std::error_code ec;
  fs::create_directories(library, ec);
  remove_stale_staging(library, key);
  const fs::path staged = library / (".tmp-" + key + "@" + std::to_string(getpid()));
  fs::remove_all(staged, ec);
  for (const auto& [path, text] : files) {
    fs::create_directories((staged / path).parent_path(), ec);
    std::ofstream out(staged / path, std::ios::binary);
    out << text;
    if (!out) {
      fs::remove_all(staged, ec);
      return fail(Errc::kBadRendition, "cannot write " + (staged / path).string());
    }
  }
  auto published = publish(staged, library / key);
  if (!published) fs::remove_all(staged, ec);
  return published;
}

Result<ProbeResult> probe(const fs::path& input, std::chrono::seconds time_limit) {
  std::vector<std::string> argv{"ffprobe", "-v", "error"};
  const auto input_options = local_input_options();
  argv.insert(argv.end(), input_options.begin(), input_options.end());
  argv.insert(argv.end(), {"-show_entries",
                           "stream=codec_type,codec_name,width,height,r_frame_rate,sample_rate,channels:format=duration",
                           "-of", "compact=p=0:nk=0", input.string()});
  auto result = run_process(argv, time_limit);
  if (result.exit_code != 0) {
    return fail(Errc::kUnusable, "not a media file ffprobe can read: " + result.error_tail.substr(0, 300));
  }
  ProbeResult probe;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    std::map<std::string, std::string> fields;
    std::size_t start = 0;
    while (start <= line.size()) {
      const auto end = std::min(line.find('|', start), line.size());
      const auto item = line.substr(start, end - start);
      if (const auto eq = item.find('='); eq != std::string::npos) fields[item.substr(0, eq)] = item.substr(eq + 1);
      start = end + 1;
    }
    auto get = [&fields](const char* key) {
      auto it = fields.find(key);
      return it == fields.end() ? std::string{} : it->second;
    };
    const std::string type = get("codec_type");
    if (type == "video" && probe.video_codec.empty()) {
      probe.video_codec = get("codec_name");
      probe.width = static_cast<int>(to_double(get("width")));
      probe.height = static_cast<int>(to_double(get("height")));
      probe.frame_rate = rate(get("r_frame_rate"));
    } else if (type == "audio" && !probe.has_audio) {
      probe.has_audio = true;
      probe.audio_codec = get("codec_name");
      probe.sample_rate = static_cast<int>(to_double(get("sample_rate")));
      probe.channels = static_cast<int>(to_double(get("channels")));
    } else if (type.empty() && !get("duration").empty()) {
      probe.duration_seconds = to_double(get("duration"));
    }
  }
  if (probe.video_codec.empty()) return fail(Errc::kUnusable, "no video stream");
  return probe;
}

Result<ConditionReport> condition(const fs::path& input, const ConditionOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  if (o.key.empty() || o.key.front() == '.' || o.key.find('/') != std::string::npos) {
    return fail(Errc::kBadRendition, "creative key '" + o.key + "' is not a safe path component");
  }
  if (o.ladder.rungs.empty()) return fail(Errc::kBadRendition, "empty ladder");
  auto in = probe(input, o.time_limit);
  if (!in) return tl::unexpected(in.error());
  if (in->duration_seconds <= 0) return fail(Errc::kUnusable, "the creative has no duration");

  ConditionReport report;
  report.key = o.key;
  report.input = *in;
  std::error_code ec;
  fs::create_directories(o.library_dir, ec);
  remove_stale_staging(o.library_dir, o.key);
  const fs::path staged = o.library_dir / (".tmp-" + o.key + "@" + std::to_string(getpid()));
  fs::remove_all(staged, ec);
  fs::create_directories(staged, ec);
  if (ec) return fail(Errc::kBadRendition, "cannot write " + staged.string() + ": " + ec.message());
  auto abandon = [&](Error error) {
    std::error_code ignored;
    fs::remove_all(staged, ignored);
    return tl::unexpected(std::move(error));
  };

  // One ffmpeg run writing <dir>/index.m3u8: its segment count and exact duration.
  auto encode = [&](const std::vector<std::string>& command, const fs::path& dir, const std::string& name) -> Result<RungReport> {
    auto run = run_process(command, o.time_limit);
    if (run.timed_out) return fail(Errc::kBadRendition, "ffmpeg took longer than " + std::to_string(o.time_limit.count()) + " s for " + name);
    if (run.exit_code != 0) {
      return fail(Errc::kBadRendition, "ffmpeg failed for " + name + ": " +
                                           run.error_tail.substr(run.error_tail.size() > 400 ? run.error_tail.size() - 400 : 0));
    }
    if (!report.loudness_before) {
      report.loudness_before = loudnorm_value(run.error_tail, "input_i");
      report.loudness_after = loudnorm_value(run.error_tail, "output_i");
    }
    auto text = read_text(dir / "index.m3u8");
    if (!text) return tl::unexpected(text.error());
    auto media = manifests::hls::parse_media(std::move(*text));
    if (!media || media->segments.empty()) return fail(Errc::kBadRendition, "ffmpeg wrote no segments for " + name);
    return RungReport{name, 0, 0, static_cast<int>(media->segments.size()), manifests::hls::total_duration(*media)};
  };

  // The audio-only rendition first (it takes a second), so that it is published with the
  // first rung: content with alternate audio can play the creative from then on.
  const std::string header = "#EXTM3U\n#EXT-X-VERSION:" + std::string(o.ladder.fmp4 ? "7" : "3") + "\n#EXT-X-INDEPENDENT-SEGMENTS\n";
  fs::create_directories(staged / kAudioRendition, ec);
  auto audio = encode(audio_command(input, *in, o, staged / kAudioRendition), staged / kAudioRendition, kAudioRendition);
  if (!audio) return abandon(audio.error());
  report.audio = *audio;
  // Listed after the variants, so the rungs keep their indexes (0 = lowest).
  const std::string audio_entry = "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"ad-audio\",NAME=\"ad\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"" +
                                  std::to_string(o.ladder.audio_channels) + "\",URI=\"" + kAudioRendition + "/index.m3u8\"\n";
  std::string variants;
  std::string iframe_entries;  // after everything else: the rungs keep their indexes
  const bool with_iframes = o.ladder.iframes && !o.ladder.demuxed;  // HLS: DASH has no I-frame playlists

  // Rungs are published as they finish, lowest first: the first with the master and a
  // ".partial" marker (the library re-reads partial creatives), each later one staged
  // and renamed into place before the master that lists it; the marker goes last.
  const fs::path target = o.library_dir / o.key;
  for (std::size_t i = 0; i < o.ladder.rungs.size(); ++i) {
    const auto& rung = o.ladder.rungs[i];
    const fs::path rung_stage = i == 0 ? staged : o.library_dir / (".tmp-" + o.key + "@" + std::to_string(getpid()) + "-" + rung.name);
    const fs::path dir = rung_stage / rung.name;
    fs::create_directories(dir, ec);
    auto encoded = encode(rung_command(input, *in, rung, o, dir), dir, rung.name);
    if (!encoded) {
      std::error_code ignored;
      fs::remove_all(rung_stage, ignored);
      return abandon(encoded.error());
    }
    encoded->width = rung.width;
    encoded->height = rung.height;
    report.rungs.push_back(*encoded);
    if (with_iframes) {
      // Trick play is worth less than the ad itself: a rung without it still plays.
      if (auto entry = write_iframes(dir, rung, o.time_limit)) {
        iframe_entries += *entry;
      } else {
        report.changes.push_back("no I-frame playlist for " + rung.name + ": " + entry.error().detail);
      }
    }
    variants += "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(rung.video_bitrate * 11 / 10 + o.ladder.audio_bitrate) +
              ",AVERAGE-BANDWIDTH=" + std::to_string(rung.video_bitrate + o.ladder.audio_bitrate) +
              ",RESOLUTION=" + std::to_string(rung.width) + "x" + std::to_string(rung.height) +
              (rung.codecs.empty() ? std::string() : ",CODECS=\"" + rung.codecs + "\"") +
              ",FRAME-RATE=" + fixed(rung.frame_rate, 3) + (o.ladder.demuxed ? ",AUDIO=\"ad-audio\"" : "") + "\n" +
              rung.name + "/index.m3u8\n";
    const std::string master = header + variants + audio_entry + iframe_entries;
    if (i == 0) {
      std::ofstream(staged / kPartialMarker).flush();
      if (auto written = write_atomically(staged / "master.m3u8", master); !written) return abandon(written.error());
      if (auto published = publish(staged, target); !published) return abandon(published.error());
      continue;
    }
    fs::remove_all(target / rung.name, ec);
    fs::rename(dir, target / rung.name, ec);
    fs::remove_all(rung_stage, ec);
    if (auto written = write_atomically(target / "master.m3u8", master); !written) return tl::unexpected(written.error());
  }
  fs::remove(target / kPartialMarker, ec);

  const auto& top = o.ladder.rungs.back();
  if (in->width != top.width || in->height != top.height) {
    report.changes.push_back("scaled " + std::to_string(in->width) + "x" + std::to_string(in->height) + " to the ladder");
  }
  if (std::abs(in->frame_rate - top.frame_rate) > 0.01) {
    report.changes.push_back("frame rate " + fixed(in->frame_rate, 3) + " -> " + fixed(top.frame_rate, 3));
  }
  if (!in->has_audio) {
    report.changes.push_back("silent audio added");
  } else if (in->sample_rate != o.ladder.audio_sample_rate || in->channels != o.ladder.audio_channels) {
    report.changes.push_back("audio " + std::to_string(in->sample_rate) + " Hz x" + std::to_string(in->channels) + " -> " +
                             std::to_string(o.ladder.audio_sample_rate) + " Hz x" + std::to_string(o.ladder.audio_channels));
  }
  if (report.loudness_before && report.loudness_after) {
    report.changes.push_back("loudness " + fixed(*report.loudness_before, 1) + " -> " + fixed(*report.loudness_after, 1) + " LUFS");
  }
  report.seconds_taken = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace adcache
