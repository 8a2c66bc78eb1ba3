#include "ssai/transcode_profile.hpp"

#include <algorithm>
#include <cstdio>

#include <rapidjson/document.h>

#include "adcache/conditioner.hpp"
#include "common/json_io.hpp"

namespace ssai {
namespace {

constexpr std::string_view kSourcePrefix = "profile:";

tl::unexpected<Error> bad(std::string_view where, std::string_view why) {
  return fail(Errc::kBadConfig, std::string(where) + ": " + std::string(why));
}

// A whole number in [low, high], or `fallback` when absent.
Result<int> whole(const rapidjson::Value& object, const char* name, std::string_view where, int fallback, int low,
                  int high) {
  const auto it = object.FindMember(name);
  if (it == object.MemberEnd()) return fallback;
  if (!it->value.IsInt() || it->value.GetInt() < low || it->value.GetInt() > high) {
    return bad(std::string(where) + "." + name, "must be a whole number from " + std::to_string(low) + " to " +
                                                    std::to_string(high));
  }
  return it->value.GetInt();
}

// RFC 6381's avc1.PPCCLL for the H.264 profile and level, with AAC-LC: what the
// conditioned master's CODECS says.
std::string codecs_of(const std::string& profile, const std::string& level) {
  const int profile_idc = profile == "baseline" ? 0x42 : profile == "high" ? 0x64 : 0x4d;
  const int level_idc = static_cast<int>(std::stod(level) * 10 + 0.5);
  char text[32];
  std::snprintf(text, sizeof text, "avc1.%02x00%02x,mp4a.40.2", profile_idc, level_idc);
  return text;
}

Result<adcache::Rung> parse_rung(const rapidjson::Value& item, const std::string& where) {
  if (!item.IsObject()) return bad(where, "must be an object");
  adcache::Rung rung;
  const auto name = item.FindMember("name");
  if (name == item.MemberEnd() || !name->value.IsString() || name->value.GetStringLength() == 0 ||
      std::string_view(name->value.GetString()).find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
          std::string_view::npos) {
    return bad(where + ".name", "must be letters, digits, '_' or '-' (it names a directory)");
  }
  rung.name = name->value.GetString();
  if (rung.name == adcache::kAudioRendition) return bad(where + ".name", "\"audio\" names the audio-only rendition");
  auto width = whole(item, "width", where, 0, 16, 7680);
  auto height = whole(item, "height", where, 0, 16, 4320);
  auto bitrate = whole(item, "video_bitrate", where, 0, 50'000, 100'000'000);
  for (const auto* field : {&width, &height, &bitrate}) {
    if (!*field) return tl::unexpected(field->error());
  }
  if (*width == 0 || *height == 0 || *bitrate == 0) return bad(where, "needs width, height and video_bitrate");
  if (*width % 2 != 0 || *height % 2 != 0) return bad(where, "width and height must be even (4:2:0 video)");
  rung.width = *width;
  rung.height = *height;
  rung.video_bitrate = *bitrate;
  const auto rate = item.FindMember("frame_rate");
  if (rate != item.MemberEnd()) {
    if (!rate->value.IsNumber() || rate->value.GetDouble() < 1 || rate->value.GetDouble() > 120) {
      return bad(where + ".frame_rate", "must be a number from 1 to 120");
    }
    rung.frame_rate = rate->value.GetDouble();
  }
  const auto profile = item.FindMember("profile");
  if (profile != item.MemberEnd()) {
    const std::string value = profile->value.IsString() ? profile->value.GetString() : "";
    if (value != "baseline" && value != "main" && value != "high") return bad(where + ".profile", "must be baseline, main or high");
    rung.h264_profile = value;
  }
  const auto level = item.FindMember("level");
  if (level != item.MemberEnd()) {
    const std::string value = level->value.IsString() ? level->value.GetString() : "";
    static constexpr std::string_view kLevels[] = {"3", "3.0", "3.1", "3.2", "4", "4.0", "4.1", "4.2", "5", "5.0", "5.1", "5.2"};
    if (std::find(std::begin(kLevels), std::end(kLevels), value) == std::end(kLevels)) {
      return bad(where + ".level", "must be an H.264 level from 3 to 5.2, as text (\"3.1\")");
    }
    rung.h264_level = value;
  }
  rung.codecs = codecs_of(rung.h264_profile, rung.h264_level);
  return rung;
}

}  // namespace

Result<adcache::LadderSpec> parse_transcode_profile(std::string_view json, std::string_view where) {
  rapidjson::Document doc;
  if (!parse_json(doc, json) || !doc.IsObject()) return bad(where, "must be a JSON object");
  adcache::LadderSpec ladder;
  auto segment = whole(doc, "segment_seconds", where, ladder.segment_seconds, 1, 30);
  if (!segment) return tl::unexpected(segment.error());
  ladder.segment_seconds = *segment;
  const auto container = doc.FindMember("container");
  if (container != doc.MemberEnd()) {
    const std::string value = container->value.IsString() ? container->value.GetString() : "";
    if (value != "ts" && value != "fmp4") return bad(std::string(where) + ".container", "must be \"ts\" or \"fmp4\"");
    ladder.fmp4 = value == "fmp4";
  }
  if (const auto iframes = doc.FindMember("iframes"); iframes != doc.MemberEnd()) {
    if (!iframes->value.IsBool()) return bad(std::string(where) + ".iframes", "must be true or false");
    ladder.iframes = iframes->value.GetBool();
  }
  const auto audio = doc.FindMember("audio");
  if (audio != doc.MemberEnd()) {
    const std::string at = std::string(where) + ".audio";
    if (!audio->value.IsObject()) return bad(at, "must be an object");
    auto rate = whole(audio->value, "sample_rate", at, ladder.audio_sample_rate, 8000, 96000);
    auto channels = whole(audio->value, "channels", at, ladder.audio_channels, 1, 2);
    auto bitrate = whole(audio->value, "bitrate", at, ladder.audio_bitrate, 16000, 512000);
    for (const auto* field : {&rate, &channels, &bitrate}) {
      if (!*field) return tl::unexpected(field->error());
    }
    ladder.audio_sample_rate = *rate;
    ladder.audio_channels = *channels;
    ladder.audio_bitrate = *bitrate;
  }
  const auto rungs = doc.FindMember("rungs");
  if (rungs == doc.MemberEnd() || !rungs->value.IsArray() || rungs->value.Empty() || rungs->value.Size() > 12) {
    return bad(std::string(where) + ".rungs", "must be an array of 1 to 12 rungs");
  }
  for (rapidjson::SizeType i = 0; i < rungs->value.Size(); ++i) {
    auto rung = parse_rung(rungs->value[i], std::string(where) + ".rungs[" + std::to_string(i) + "]");
    if (!rung) return tl::unexpected(rung.error());
    for (const auto& other : ladder.rungs) {
      if (other.name == rung->name) return bad(std::string(where) + ".rungs", "two rungs named " + rung->name);
    }
    rung->bandwidth = rung->video_bitrate * 11 / 10 + ladder.audio_bitrate;
    ladder.rungs.push_back(std::move(*rung));
  }
  std::sort(ladder.rungs.begin(), ladder.rungs.end(),
            [](const adcache::Rung& a, const adcache::Rung& b) { return a.video_bitrate < b.video_bitrate; });
  return ladder;
}

std::string profile_source(std::string_view json) { return std::string(kSourcePrefix) + std::string(json); }

std::string_view profile_of_source(std::string_view source) {
  return source.starts_with(kSourcePrefix) ? source.substr(kSourcePrefix.size()) : std::string_view{};
}

}  // namespace ssai
