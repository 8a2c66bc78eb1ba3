// SlatePreparer: a session's start queues its configuration's slate and bumpers for its
// ladder once, and remembers the ladder; a node starting later queues them for every
// ladder remembered. A memory job store with no workers: what is queued stays pending
// (the queue hands jobs to the store from its own thread: waited for, with a bound).
#include <catch2/catch.hpp>
#include <thread>

#include "ssai/memory_store.hpp"
#include "ssai/slate_preparer.hpp"
#include "support/files.hpp"
#include "support/loop.hpp"

using namespace std::chrono_literals;

namespace {

adcache::ConditioningQueue::Options no_workers() {
  adcache::ConditioningQueue::Options options;
  options.workers = 0;
  return options;
}

struct Node {
  test_support::Loop loop;
  ssai::ManualClock clock;
  test_support::TempDir library_dir;
  adcache::RenditionLibrary library{library_dir.path(), "http://ads.example/"};
  adcache::MemoryJobStore jobs;
  adcache::ConditioningQueue queue{jobs, [](const adcache::ConditioningJob&) -> adcache::Result<adcache::ConditionReport> {
                                     return tl::unexpected(adcache::Error{adcache::Errc::kBadRendition, "never run"});
                                   },
                                   no_workers()};
  ssai::SlatePreparer slates;
  ssai::PlaybackConfiguration config;

  explicit Node(ssai::Store& store) : slates(library, &queue, store, clock) {
    config.name = "demo";
    config.content_origin = "http://origin.example/";
    config.slate_url = "http://media.example/slate.mp4";
    config.bumper_start_url = "http://media.example/bumper.mp4";
  }
  std::size_t pending() { return jobs.depth().value().pending; }
  // True once `n` jobs are pending in the store (within a generous bound).
  bool pending_reaches(std::size_t n) {
    for (int i = 0; i < 1000 && pending() < n; ++i) std::this_thread::sleep_for(10ms);
    return pending() == n;
  }
  ssai::Session session(const std::string& ladder) {
    ssai::Session session;
    session.id = ssai::new_session_id();
    session.config = config.name;
    session.master_url = "http://origin.example/content/master.m3u8";
    session.ladder = ladder;
    return session;
  }
};

}  // namespace

TEST_CASE("slate preparer: a session's start queues the slate and bumpers for its ladder", "[conditioning]") {
  ssai::MemoryStore store;
  Node node(store);
  node.loop.await(node.slates.session_started(node.session("ladder-a"), node.config));
  CHECK(node.pending_reaches(2));  // slate and start bumper
  // A ladder that could not be read: nothing, rather than one rendition set for all.
  node.loop.await(node.slates.session_started(node.session(""), node.config));
  node.loop.await(node.slates.session_started(node.session("ladder-a"), node.config));
  node.loop.await(node.slates.session_started(node.session("ladder-b"), node.config));
  CHECK(node.pending_reaches(4));
  auto remembered = node.loop.await(store.list("ladders:demo"));
  REQUIRE(remembered);
  CHECK(remembered->size() == 2);
}

TEST_CASE("slate preparer: a node that starts later prepares every ladder the configuration's sessions met", "[conditioning]") {
  ssai::MemoryStore store;
  {
    Node first(store);
    first.loop.await(first.slates.session_started(first.session("ladder-a"), first.config));
    first.loop.await(first.slates.session_started(first.session("ladder-b"), first.config));
  }
  Node later(store);
  std::map<std::string, ssai::PlaybackConfiguration, std::less<>> configurations{{"demo", later.config}};
  later.loop.await(later.slates.prepare_all(configurations));
  CHECK(later.pending_reaches(4));
}

TEST_CASE("slate preparer: a node without conditioning prepares nothing", "[conditioning]") {
  ssai::MemoryStore store;
  Node node(store);
  ssai::SlatePreparer idle(node.library, nullptr, store, node.clock);
  node.loop.await(idle.session_started(node.session("ladder-a"), node.config));
  node.loop.await(node.slates.session_started(node.session("ladder-b"), node.config));
  CHECK(node.pending_reaches(2));  // the other's only
}
