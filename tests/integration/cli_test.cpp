// The `ssai` command line as tools and people use it.
#include <catch2/catch.hpp>
#include <cstdio>
#include <rapidjson/document.h>
#include <string>
#include <sys/wait.h>

#include "support/files.hpp"

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
};

Run run(const std::string& arguments, const std::string& stdin_file = "") {
  std::string command = std::string(SSAI_BINARY) + " " + arguments + (stdin_file.empty() ? "" : " < " + stdin_file) + " 2>/dev/null";
  Run result;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

const char* kSample = "/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==";

}  // namespace

TEST_CASE("ssai scte35 decode prints the spec's field names, encode brings the same cue back") {
  const auto decoded = run(std::string("scte35 decode '") + kSample + "'");
  REQUIRE(decoded.exit_code == 0);
  rapidjson::Document json;
  json.Parse(decoded.out.c_str());
  REQUIRE(json.IsObject());
  CHECK(json["splice_command_type"].GetUint() == 6);
  const auto& d = json["descriptors"][0];
  CHECK(d["segmentation_type_id"].GetUint() == 52);
  CHECK(std::string(d["segmentation_type_name"].GetString()) == "Provider Placement Opportunity Start");
  CHECK(d["segmentation_duration_seconds"].GetDouble() == Approx(307.0));
  CHECK(json["crc_ok"].GetBool());

  test_support::TempDir dir;
  test_support::write_file(dir.path() / "cue.json", decoded.out);
  const auto encoded = run("scte35 encode -", (dir.path() / "cue.json").string());
  CHECK(encoded.exit_code == 0);
  CHECK(encoded.out == std::string(kSample) + "\n");
}

TEST_CASE("ssai scte35 decode reads raw bytes, and says why it refuses") {
  test_support::TempDir dir;
  // SCTE 35 sample 14.1 (time_signal, placement opportunity start) as raw bytes.
  const std::string hex = "fc3034000000000000fffff00506fe72bd0050001e021c435545494800008e7fcf0001a599b00808000000002ca0a18a3402009ac9d17e";
  std::string bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  test_support::write_file(dir.path() / "cue.bin", bytes);
  CHECK(run("scte35 decode -", (dir.path() / "cue.bin").string()).exit_code == 0);

  CHECK(run("scte35 decode 'not a cue'").exit_code == 2);
  CHECK(run("scte35 decode 0xFC3034000000").exit_code == 2);
  // Good bytes, corrupted CRC: printed, and exit 3.
  const auto bad_crc = run("scte35 decode 0x" + hex.substr(0, hex.size() - 2) + "00");
  CHECK(bad_crc.exit_code == 3);
  CHECK(bad_crc.out.find("\"crc_ok\":false") != std::string::npos);
}

TEST_CASE("ssai cues and ssai hls rewrite on a file") {
  const std::string file = std::string(SSAI_FIXTURES_DIR) + "/conformance/hls/threefive/scte35.m3u8";
  const auto cues = run("cues " + file);
  REQUIRE(cues.exit_code == 0);
  rapidjson::Document json;
  json.Parse(cues.out.c_str());
  REQUIRE(json["avails"].Size() == 2);
  CHECK(std::string(json["avails"][0]["dialects"][0].GetString()) == "EXT-OATCLS-SCTE35");
  CHECK(json["avails"][1]["scte35"]["time_signal"].IsObject());

  const auto rewritten = run("hls rewrite " + file);
  CHECK(rewritten.exit_code == 0);
  CHECK(rewritten.out == test_support::read_file(file));
  CHECK(run("cues /nonexistent.m3u8").exit_code == 2);
  CHECK(run("no-such-command").exit_code == 2);
}

TEST_CASE("ssai hls iframes writes an I-frame playlist beside each variant and lists them in the master") {
  test_support::TempDir dir;
  // A copy of the fixture content's 360p rung (ffprobe reads its keyframes, one a second).
  const std::filesystem::path content = std::string(SSAI_FIXTURES_DIR) + "/media/content";
  std::filesystem::copy(content / "360p", dir.path() / "360p", std::filesystem::copy_options::recursive);
  std::filesystem::remove(dir.path() / "360p" / "iframes.m3u8");
  test_support::write_file(dir.path() / "master.m3u8",
                           "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=976000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\"\n"
                           "360p/index.m3u8\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI=\"old/iframes.m3u8\"\n");
  const auto master = run("hls iframes " + (dir.path() / "master.m3u8").string());
  REQUIRE(master.exit_code == 0);
  // The old I-frame line is replaced; the new one names the video codec alone.
  CHECK(master.out.find("old/iframes.m3u8") == std::string::npos);
  CHECK(master.out.find("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=") != std::string::npos);
  CHECK(master.out.find("RESOLUTION=640x360,CODECS=\"avc1.4d401e\",URI=\"360p/iframes.m3u8\"") != std::string::npos);
  const auto iframes = test_support::read_file(dir.path() / "360p" / "iframes.m3u8");
  CHECK(iframes.find("#EXT-X-I-FRAMES-ONLY") != std::string::npos);
  std::size_t entries = 0;
  for (auto at = iframes.find("#EXT-X-BYTERANGE:"); at != std::string::npos; at = iframes.find("#EXT-X-BYTERANGE:", at + 1)) ++entries;
  CHECK(entries == 60);  // 60 s, a keyframe a second

  // Variants that are not files beside the master, and masters that are not there.
  test_support::write_file(dir.path() / "remote.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhttp://cdn.example/a.m3u8\n");
  CHECK(run("hls iframes " + (dir.path() / "remote.m3u8").string()).exit_code == 2);
  CHECK(run("hls iframes " + (dir.path() / "absent.m3u8").string()).exit_code == 2);
  CHECK(run("hls iframes").exit_code == 2);
}
