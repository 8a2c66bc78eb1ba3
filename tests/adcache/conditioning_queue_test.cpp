#include "adcache/conditioning_queue.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

using namespace std::chrono_literals;

namespace {

// Waits (up to 5 s) until `key` has been tried `attempts` times and left pending/conditioning.
adcache::JobStatus settled(const adcache::ConditioningQueue& queue, const std::string& key, int attempts = 1) {
  for (int i = 0; i < 500; ++i) {
    auto status = queue.status(key);
    if (status && status->attempts >= attempts && status->state != adcache::JobState::kPending &&
        status->state != adcache::JobState::kConditioning) {
      return *status;
    }
    std::this_thread::sleep_for(10ms);
  }
  FAIL("job " << key << " did not finish");
  return {};
}

}  // namespace

adcache::ConditioningQueue::Options quick(std::size_t workers) {
  adcache::ConditioningQueue::Options options;
  options.workers = workers;
  options.poll = 20ms;
  options.refresh = 0ms;
  return options;
}

TEST_CASE("one job per creative, however many decisions ask") {
  std::atomic<int> runs{0};
  adcache::MemoryJobStore store;
  adcache::ConditioningQueue queue(
      store,
      [&](const adcache::ConditioningJob&) -> adcache::Result<adcache::ConditionReport> {
        ++runs;
        std::this_thread::sleep_for(50ms);
        return adcache::ConditionReport{};
      },
      quick(2));
  std::vector<std::thread> askers;
  for (int i = 0; i < 8; ++i) {
    askers.emplace_back([&] {
      for (int n = 0; n < 100; ++n) queue.submit({"creative-a", "http://cdn/a.mp4", "http://o/master.m3u8", false, ""});
    });
  }
  for (auto& t : askers) t.join();
  CHECK(settled(queue, "creative-a").state == adcache::JobState::kReady);
  CHECK(runs == 1);
  queue.submit({"creative-a", "http://cdn/a.mp4", "http://o/master.m3u8", false, ""});  // ready: nothing to do
  std::this_thread::sleep_for(50ms);
  CHECK(runs == 1);
}

TEST_CASE("a failed job says why and is retried only after its backoff") {
  std::atomic<std::int64_t> now_ms{1'000'000};
  adcache::MemoryJobStore store([&] { return adcache::WallTime{std::chrono::milliseconds(now_ms.load())}; });
  std::atomic<int> runs{0};
  adcache::ConditioningQueue queue(
      store,
      [&](const adcache::ConditioningJob&) -> adcache::Result<adcache::ConditionReport> {
        ++runs;
        return adcache::fail(adcache::Errc::kUnusable, "cannot download http://cdn/b.mp4: HTTP 404");
      },
      quick(1));
  queue.submit({"creative-b", "http://cdn/b.mp4", "http://o/master.m3u8", false, ""});
  auto status = settled(queue, "creative-b");
  CHECK(status.state == adcache::JobState::kFailed);
  CHECK(status.reason == "cannot download http://cdn/b.mp4: HTTP 404");
  queue.submit({"creative-b", "http://cdn/b.mp4", "http://o/master.m3u8", false, ""});  // too soon
  std::this_thread::sleep_for(50ms);
  CHECK(runs == 1);
  now_ms += 31'000;
  queue.submit({"creative-b", "http://cdn/b.mp4", "http://o/master.m3u8", false, ""});
  CHECK(settled(queue, "creative-b", 2).attempts == 2);
  CHECK(runs == 2);
  now_ms += 31'000;  // the second backoff is 60 s
  queue.submit({"creative-b", "http://cdn/b.mp4", "http://o/master.m3u8", false, ""});
  std::this_thread::sleep_for(50ms);
  CHECK(runs == 2);
}

TEST_CASE("a job that throws fails with the reason instead of ending the process") {
  adcache::MemoryJobStore store;
  adcache::ConditioningQueue queue(
      store,
      [](const adcache::ConditioningJob&) -> adcache::Result<adcache::ConditionReport> {
        throw std::runtime_error("filesystem error: no space left on device");
      },
      quick(1));
  queue.submit({"creative-c", "http://cdn/c.mp4", "http://o/master.m3u8", false, ""});
  const auto status = settled(queue, "creative-c");
  CHECK(status.state == adcache::JobState::kFailed);
  CHECK_THAT(status.reason, Catch::Contains("no space left"));
}
