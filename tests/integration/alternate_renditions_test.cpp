// Content whose audio and subtitles are alternate renditions (fixtures/media/multi: cues
// in the video playlists only): every rendition of a session must be stitched in
// lock-step, so a player switching audio or subtitles mid-break stays in step.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "manifests/hls/parser.hpp"
#include "support/cluster.hpp"
#include "support/files.hpp"
#include "support/media.hpp"
#include "support/http_get.hpp"
#include "support/live_reload.hpp"

using test_support::Entry;
using test_support::entry_kinds;
using test_support::fetch_reload;
using test_support::http_get;
using test_support::Reload;

namespace {

struct Stack : test_support::TwoNodes {
  Stack() : TwoNodes(configurations(), "", {"--live-speed", "6"}) {}

  static std::string configurations() {
    const std::string ads = R"("slate_url": "{fixtures}/media/creatives/slate.mp4",
        "ad_decision_server": "{fixtures}/vast/pod.xml?session=[session.id]&duration=[session.avail_duration_secs]")";
    const std::string live = R"("content_origin": "{fixtures}/live/", )" + ads;
    return R"({"vod": {"content_origin": "{fixtures}/media/", )" + ads + R"(}, "live": {)" + live + R"(}, "preroll": {)" + live +
           R"(, "live_preroll": {"ad_decision_server": "{fixtures}/vast/pod.xml?preroll=[session.id]", "max_duration_seconds": 20}}})";
  }
};

// The session's media playlists in master order: variants and EXT-X-MEDIA renditions.
std::vector<std::string> media_urls(const std::string& master_url) {
  const auto master = http_get(master_url);
  REQUIRE(master.status == 200);
  std::vector<std::string> urls;
  static const std::regex kUri("URI=\"([^\"]+)\"");
  std::istringstream lines(master.body);
  for (std::string line; std::getline(lines, line);) {
    std::smatch uri;
    if (line.starts_with("http")) urls.push_back(line);
    else if (std::regex_search(line, uri, kUri)) urls.push_back(uri[1]);
  }
  return urls;
}

// Where each discontinuity falls, in seconds from the start: the playlist's timeline.
std::vector<double> switch_times(const std::vector<Entry>& entries) {
  std::vector<double> at;
  double t = 0;
  for (const auto& entry : entries) {
    if (entry.discontinuity) at.push_back(t);
    t += static_cast<double>(entry.duration.count()) / 90000;
  }
  at.push_back(t);  // and where it ends
  return at;
}

// A session's media playlists from `master_url`, every one through the service; the
// video (the first) must have the fixture's break, and the rest switch where it does
// (within an AAC frame's drift: each audio segment ends on the frame after the boundary).
struct InStep {
  std::vector<std::string> urls;
  std::vector<double> video_times;
};
InStep session_in_step(const std::string& master_url, std::size_t count) {
  InStep out{media_urls(master_url), {}};
  REQUIRE(out.urls.size() == count);
  for (const auto& url : out.urls) CHECK(url.find("/v1/manifest/") != std::string::npos);
  const auto video = fetch_reload(out.urls[0]);
  CHECK(entry_kinds(video.entries) == "cccc|aaa|aa|sssss|c");
  out.video_times = switch_times(video.entries);
  return out;
}
// The URI of the last content entry before a timeline's first ad.
std::string last_content_before_ad(const std::vector<Entry>& entries) {
  std::string before;
  for (std::size_t k = 0; k < entries.size() && !entries[k].discontinuity; ++k) before = entries[k].uri;
  return before;
}
void check_switch_times(const std::vector<Entry>& entries, const std::vector<double>& video_times) {
  const auto times = switch_times(entries);
  REQUIRE(times.size() == video_times.size());
  for (std::size_t k = 0; k < times.size(); ++k) CHECK(std::abs(times[k] - video_times[k]) < 0.05);
}

}  // namespace

TEST_CASE("VOD: alternate audio and subtitle playlists carry the break in step with the video") {
  Stack stack;
  // 2 variants, English and Spanish audio, English subtitles: all through the session.
  const auto [urls, video_times] = session_in_step(stack.node_a->url() + "/v1/master/vod/multi/master.m3u8", 5);
  for (std::size_t i = 2; i < urls.size(); ++i) {
    INFO(urls[i]);
    const auto rendition = fetch_reload(urls[i]);
    CHECK(entry_kinds(rendition.entries) == (i == 4 ? "cccc|bbb|bb|bbbbb|c" : "cccc|aaa|aa|sssss|c"));
    check_switch_times(rendition.entries, video_times);
  }

  // The audio playlist's ad segments are the creative's audio alone, through the redirect.
  const auto audio = fetch_reload(urls[2]);
  const auto ad = std::find_if(audio.entries.begin(), audio.entries.end(), [](const Entry& e) { return e.uri.starts_with("/v1/segment/"); });
  REQUIRE(ad != audio.entries.end());
  const auto redirect = http_get(stack.node_a->url() + ad->uri);
  CHECK(redirect.status == 302);
  CHECK_THAT(redirect.location, Catch::Contains("/bars-15/audio/seg_000.ts"));
  // And the subtitles' blank segments are WebVTT without cues.
  const auto blank = http_get(stack.node_a->url() + "/v1/blank.vtt");
  CHECK(blank.status == 200);
  CHECK(blank.body == "WEBVTT\n");
}

TEST_CASE("VOD: I-frame playlists show the ads' own I-frames over the break, in step with the video") {
  Stack stack;
  // content/trick.m3u8: the two variants and an I-frame playlist of each (a keyframe a second).
  const auto [urls, video_times] = session_in_step(stack.node_a->url() + "/v1/master/vod/content/trick.m3u8", 4);
  for (std::size_t i = 2; i < urls.size(); ++i) {
    INFO(urls[i]);
    const auto text = http_get(urls[i]).body;
    CHECK(text.find("#EXT-X-I-FRAMES-ONLY") != std::string::npos);
    const auto iframes = fetch_reload(urls[i]);
    // 24 content I-frames, the 15 s and 10 s ads' and 5 s of slate's, one a second
    // straight from the ad CDN (trick play fires no beacons), then the last 6 s.
    CHECK(entry_kinds(iframes.entries) == std::string(24, 'c') + "|" + std::string(15, 'd') + "|" + std::string(10, 'd') +
                                              "|" + std::string(5, 's') + "|" + std::string(6, 'c'));
    check_switch_times(iframes.entries, video_times);
    // Every entry is a byte range of its segment.
    auto parsed = manifests::hls::parse_media(text);
    REQUIRE(parsed);
    for (const auto& segment : parsed->segments) CHECK(segment.find(manifests::hls::kByteRange));
  }

  // An ad's first I-frame is a byte range of its segment that decodes to one picture.
  auto parsed = manifests::hls::parse_media(http_get(urls[2]).body);
  REQUIRE(parsed);
  const auto& first_ad = parsed->segments[24];
  const std::string range(first_ad.find(manifests::hls::kByteRange)->value.value_or(""));
  const auto at = range.find('@');
  REQUIRE(at != std::string::npos);
  const auto segment = http_get(std::string(first_ad.uri));
  REQUIRE(segment.status == 200);
  const auto offset = std::stoul(range.substr(at + 1));
  const auto length = std::stoul(range.substr(0, at));
  REQUIRE(offset + length <= segment.body.size());
  test_support::TempDir dir;
  test_support::write_file(dir.path() / "iframe.ts", segment.body.substr(offset, length));
  const auto frames = test_support::run_command("ffprobe -v error -count_frames -select_streams v -show_entries "
                                                "stream=nb_read_frames -of csv=p=0 '" + (dir.path() / "iframe.ts").string() + "'");
  CHECK(frames.exit_code == 0);
  CHECK(frames.out.starts_with("1"));
}

TEST_CASE("live: audio and subtitle renditions follow the video's breaks reload after reload") {
  Stack stack;
  const auto urls = media_urls(stack.node_a->url() + "/v1/master/live/elemental/media/multi/master.m3u8");
  REQUIRE(urls.size() == 5);
  const std::vector<std::size_t> followed{0, 2, 4};  // video, English audio, subtitles
  std::map<std::size_t, std::map<std::int64_t, Entry>> timelines;
  std::map<std::size_t, Reload> last;
  // 14 s at 6x: more than a loop of the channel, so a whole break.
  for (int n = 0; n < 28; ++n) {
    for (auto index : followed) {
      auto reload = fetch_reload(urls[index]);
      if (last.contains(index)) test_support::check_continues(last[index], reload);
      for (std::size_t i = 0; i < reload.entries.size(); ++i) {
        auto [it, added] = timelines[index].emplace(reload.media_sequence + static_cast<std::int64_t>(i), reload.entries[i]);
        CHECK(it->second == reload.entries[i]);  // never rewritten
      }
      last[index] = std::move(reload);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }

  // Entry for entry (the fixture's renditions are cut at the same instants), the same
  // kind, the same discontinuities, durations within an AAC frame.
  const auto& video = timelines[0];
  std::string video_shape;
  for (auto index : {std::size_t{2}, std::size_t{4}}) {
    INFO("rendition " << index);
    std::size_t compared = 0;
    for (const auto& [msn, entry] : timelines[index]) {
      const auto in_video = video.find(msn);
      if (in_video == video.end()) continue;
      INFO("media sequence " << msn);
      ++compared;
      auto kind = entry_kinds({entry});
      if (index == 4 && kind.ends_with('b')) kind.back() = entry_kinds({in_video->second}).back() == 's' ? 's' : 'a';
      CHECK(kind == entry_kinds({in_video->second}));
      CHECK(std::abs(static_cast<double>((entry.duration - in_video->second.duration).count()) / 90000) < 0.05);
    }
    CHECK(compared >= 20);
  }
  std::vector<Entry> served;
  for (const auto& [msn, entry] : video) served.push_back(entry);
  INFO(entry_kinds(served));
  CHECK(entry_kinds(served).find("c|aaa|aa|sssss|c") != std::string::npos);
}

TEST_CASE("live: an I-frame playlist follows the video's break by program date, reload after reload") {
  Stack stack;
  // The daterange channel dates every entry; its I-frame playlists number keyframes.
  const auto urls = media_urls(stack.node_a->url() + "/v1/master/live/daterange/media/content/trick.m3u8");
  REQUIRE(urls.size() == 4);
  std::map<std::int64_t, Entry> timeline;
  Reload last;
  bool first = true;
  // 14 s at 6x: more than a loop of the channel, so a whole break.
  for (int n = 0; n < 28; ++n) {
    (void)fetch_reload(urls[0]);  // the video, as a player polls it too
    auto reload = fetch_reload(urls[2]);
    if (!first) test_support::check_continues(last, reload);
    first = false;
    for (std::size_t i = 0; i < reload.entries.size(); ++i) {
      auto [it, added] = timeline.emplace(reload.media_sequence + static_cast<std::int64_t>(i), reload.entries[i]);
      CHECK(it->second == reload.entries[i]);  // never rewritten
    }
    last = std::move(reload);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  std::vector<Entry> served;
  for (const auto& [msn, entry] : timeline) served.push_back(entry);
  const auto shape = entry_kinds(served);
  INFO(shape);
  // The break: the ads' own keyframes (15 and 10 a second), the slate's 5, then content.
  CHECK(shape.find("c|" + std::string(15, 'd') + "|" + std::string(10, 'd') + "|" + std::string(5, 's') + "|c") !=
        std::string::npos);
}

TEST_CASE("live: an I-frame playlist gives way to the session's pre-roll where the video does") {
  Stack stack;
  const auto urls = media_urls(stack.node_a->url() + "/v1/master/preroll/daterange/media/content/trick.m3u8");
  REQUIRE(urls.size() == 4);
  std::map<std::int64_t, Entry> video;
  std::map<std::int64_t, Entry> iframes;
  // 3 s at 6x: the pre-roll (the pod's 15 s ad: the 10 s one does not fit 20 s) and
  // content after it.
  for (int n = 0; n < 6; ++n) {
    for (auto* timeline : {&video, &iframes}) {
      const auto reload = fetch_reload(urls[timeline == &video ? 0 : 2]);
      for (std::size_t i = 0; i < reload.entries.size(); ++i) {
        timeline->emplace(reload.media_sequence + static_cast<std::int64_t>(i), reload.entries[i]);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  std::vector<Entry> served;
  for (const auto& [msn, entry] : iframes) served.push_back(entry);
  const auto shape = entry_kinds(served);
  INFO(shape);
  // The ad's own keyframes, one a second, where the content's were (the channel's own
  // break may follow at once, from where the pre-roll leaves it).
  CHECK(std::regex_search(shape, std::regex("^c+\\|" + std::string(15, 'd') + "\\|")));
  // In step with the video: the last keyframe before it is in the content segment just
  // before the video's pre-roll, whose ad is the same.
  std::vector<Entry> played;
  for (const auto& [msn, entry] : video) played.push_back(entry);
  INFO(entry_kinds(played));
  CHECK(std::regex_search(entry_kinds(played), std::regex("^c+\\|aaa")));
  const auto before_iframes = last_content_before_ad(served);
  CHECK(before_iframes == last_content_before_ad(played));
  CHECK(before_iframes.ends_with(".ts"));
}
