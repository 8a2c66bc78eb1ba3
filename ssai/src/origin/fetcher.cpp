#include "ssai/fetcher.hpp"

#include <functional>
#include <map>
#include <thread>
#include <unordered_map>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "origin/curl_transfer.hpp"

namespace ssai {
namespace asio = boost::asio;

namespace {

using Completion = std::function<void(FetchResult)>;

struct Pending {
  Pending(std::string url, FetchOptions options, const OutboundPolicy& policy, Completion done)
      : transfer(std::move(url), std::move(options), policy), done(std::move(done)) {}
  CurlTransfer transfer;
  Completion done;
};

/// A socket curl asked us to watch. The descriptor never owns it: curl opens and closes
/// its sockets, we only wait for them to become readable or writable.
struct Watch {
  Watch(asio::io_context& io, curl_socket_t fd) : descriptor(io, fd), fd(fd) {}
  asio::posix::stream_descriptor descriptor;
  curl_socket_t fd;
  int wanted = 0;  ///< CURL_POLL_IN / OUT / INOUT
  bool reading = false;
  bool writing = false;
  bool removed = false;
};

}  // namespace

// All curl calls happen on `io`'s one thread, so the multi handle needs no lock. Callers
// hand requests over with post and get the outcome posted back to their own executor.
struct Fetcher::Impl {
  Impl(FetcherLimits limits, OutboundPolicy outbound, std::atomic<std::size_t>& transfers,
       std::atomic<std::size_t>& connections)
      : policy(std::move(outbound)), transfers_done(transfers), connections_opened(connections) {
    curl_global_setup();
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, limits.per_host);
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, limits.total);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, limits.total);
    thread = std::thread([this] { io.run(); });
  }

  ~Impl() {
    // Transfers still running end as errors for their callers; the loop then stops.
    asio::post(io, [this] {
      for (auto& [easy, pending] : running) {
        curl_multi_remove_handle(multi, easy);
        pending->done(tl::unexpected(FetchError{FetchErrc::kOther, "the service is shutting down"}));
      }
      running.clear();
      curl_multi_cleanup(multi);  // closes the kept-alive connections (REMOVE callbacks first)
      multi = nullptr;
      for (auto& [fd, watch] : watches) release(*watch);
      watches.clear();
      timer.cancel();
      work.reset();
    });
    thread.join();
  }

  void start(std::string url, FetchOptions options, Completion done) {
    auto pending = std::make_unique<Pending>(std::move(url), std::move(options), policy, std::move(done));
    CURL* easy = pending->transfer.handle();
    if (!multi || !pending->transfer.ready() || curl_multi_add_handle(multi, easy) != CURLM_OK) {
      finish(*pending, CURLE_FAILED_INIT);
      return;
    }
    running.emplace(easy, std::move(pending));
  }

  static int on_socket(CURL*, curl_socket_t fd, int what, void* self, void*) {
    static_cast<Impl*>(self)->watch(fd, what);
    return 0;
  }

  static int on_timer(CURLM*, long timeout_ms, void* self) {
    auto* impl = static_cast<Impl*>(self);
    impl->timer.cancel();
    if (timeout_ms < 0) return 0;
    // Never act from inside curl's callback: the wait runs from the loop, even at 0 ms.
    impl->timer.expires_after(std::chrono::milliseconds(timeout_ms));
    impl->timer.async_wait([impl](boost::system::error_code ec) {
      if (!ec) impl->act(CURL_SOCKET_TIMEOUT, 0);
    });
    return 0;
  }

  void watch(curl_socket_t fd, int what) {
    if (what == CURL_POLL_REMOVE) {
      if (auto it = watches.find(fd); it != watches.end()) {
        release(*it->second);
        watches.erase(it);
      }
      return;
    }
    auto& entry = watches[fd];
    if (!entry) entry = std::make_shared<Watch>(io, fd);
    entry->wanted = what;
    arm(entry);
  }

  static void release(Watch& watch) {
    watch.removed = true;
    boost::system::error_code ignored;
    watch.descriptor.cancel(ignored);
    (void)watch.descriptor.release();  // curl closes the socket itself
  }

  void arm(const std::shared_ptr<Watch>& watch) {
    using Base = asio::posix::descriptor_base;
    if (watch->wanted & CURL_POLL_IN) wait(watch, Base::wait_read, &Watch::reading, CURL_CSELECT_IN);
    if (watch->wanted & CURL_POLL_OUT) wait(watch, Base::wait_write, &Watch::writing, CURL_CSELECT_OUT);
  }

  // One wait at a time per direction: `busy` says one is pending.
  void wait(const std::shared_ptr<Watch>& watch, asio::posix::descriptor_base::wait_type type, bool Watch::*busy,
            int ready_flag) {
    if (watch.get()->*busy) return;
    watch.get()->*busy = true;
    watch->descriptor.async_wait(type, [this, watch, busy, ready_flag](boost::system::error_code ec) {
      watch.get()->*busy = false;
      if (ec || watch->removed) return;
      act(watch->fd, ready_flag);
      if (!watch->removed) arm(watch);
    });
  }

  void act(curl_socket_t fd, int events) {
    if (!multi) return;
    int still_running = 0;
    curl_multi_socket_action(multi, fd, events, &still_running);
    finish_done();
  }

  void finish_done() {
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      const CURLcode code = message->data.result;
      auto node = running.extract(easy);
      curl_multi_remove_handle(multi, easy);
      if (node.empty()) continue;
      long connects = 0;
      if (curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK && connects > 0) {
        connections_opened += static_cast<std::size_t>(connects);
      }
      ++transfers_done;
      finish(*node.mapped(), code);
    }
  }

  void finish(Pending& pending, CURLcode code) {
    auto result = pending.transfer.outcome(code);
    if (!result && result.error().code == FetchErrc::kRefused && refusal_observer) refusal_observer(result.error().refusal);
    pending.done(std::move(result));
  }

  const OutboundPolicy policy;
  std::function<void(OutboundRefusal)> refusal_observer;  ///< set before the first transfer
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  asio::steady_timer timer{io};
  CURLM* multi = nullptr;
  std::unordered_map<CURL*, std::unique_ptr<Pending>> running;
  std::map<curl_socket_t, std::shared_ptr<Watch>> watches;
  std::atomic<std::size_t>& transfers_done;
  std::atomic<std::size_t>& connections_opened;
  std::thread thread;  // last: starts once everything it uses exists
};

Fetcher::Fetcher(FetcherLimits limits, OutboundPolicy policy)
    : impl_(std::make_unique<Impl>(limits, std::move(policy), transfers_, connections_opened_)) {}

void Fetcher::on_refusal(std::function<void(OutboundRefusal)> observer) {
  asio::post(impl_->io, [impl = impl_.get(), observer = std::move(observer)]() mutable {
    impl->refusal_observer = std::move(observer);
  });
}

const OutboundPolicy& Fetcher::policy() const { return impl_->policy; }

Fetcher::~Fetcher() = default;

FetchResult Fetcher::get_blocking(const std::string& url, const FetchOptions& options, const OutboundPolicy& policy) {
  CurlTransfer transfer(url, options, policy);
  if (!transfer.ready()) return transfer.outcome(CURLE_FAILED_INIT);
  return transfer.outcome(curl_easy_perform(transfer.handle()));
}

asio::awaitable<FetchResult> Fetcher::get(std::string url, FetchOptions options) {
  // The request is shared and the initiation named and copied: GCC 12 destroys objects
  // moved into a co_await expression twice (seen here as a corrupted heap).
  Impl* impl = impl_.get();
  auto request = std::make_shared<std::pair<std::string, FetchOptions>>(std::move(url), std::move(options));
  auto initiation = [impl, request](auto handler) {
    // std::function needs a copyable target; the awaitable's handler is move-only.
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    Completion done = [shared](FetchResult result) {
      auto executor = asio::get_associated_executor(*shared);
      asio::post(executor, [shared, result = std::move(result)]() mutable { std::move (*shared)(std::move(result)); });
    };
    asio::post(impl->io, [impl, request, done = std::move(done)]() mutable {
      impl->start(std::move(request->first), std::move(request->second), std::move(done));
    });
  };
  auto result = co_await asio::async_initiate<decltype(asio::use_awaitable), void(FetchResult)>(initiation, asio::use_awaitable);
  co_return result;
}

}  // namespace ssai
