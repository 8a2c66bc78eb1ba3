#include "ssai/redis_store.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include "ssai/log.hpp"

// GCC 12 mistakes Asio's coroutine-frame operator new/delete pair for a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace ssai {
namespace asio = boost::asio;

namespace {

using Reply = RedisReply;
using ReplyResult = Result<Reply>;
using ReplyHandler = asio::any_completion_handler<void(ReplyResult)>;

Reply copy_reply(const redisReply& r) {
  Reply out;
  switch (r.type) {
    case REDIS_REPLY_STRING: out.kind = Reply::Kind::kString; break;
    case REDIS_REPLY_STATUS: out.kind = Reply::Kind::kStatus; break;
    case REDIS_REPLY_ERROR: out.kind = Reply::Kind::kError; break;
    case REDIS_REPLY_INTEGER: out.kind = Reply::Kind::kInteger; break;
    case REDIS_REPLY_NIL: out.kind = Reply::Kind::kNil; break;
    case REDIS_REPLY_ARRAY: out.kind = Reply::Kind::kArray; break;
    default: out.kind = Reply::Kind::kOther; break;
  }
  if (r.str) out.text.assign(r.str, r.len);
  out.integer = r.integer;
  for (std::size_t i = 0; r.type == REDIS_REPLY_ARRAY && i < r.elements; ++i) {
    const auto& element = *r.element[i];
    if (element.type == REDIS_REPLY_INTEGER) {
      out.elements.push_back(std::to_string(element.integer));
    } else if (element.str) {
      out.elements.emplace_back(element.str, element.len);
    }
  }
  return out;
}

// SET NX and, when the key is taken, GET, in one atomic round trip.
constexpr std::string_view kSetIfAbsent =
    "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then return ARGV[1] end "
    "return redis.call('GET', KEYS[1])";

// RPUSH and EXPIRE in one atomic round trip.
constexpr std::string_view kAppend =
    "redis.call('RPUSH', KEYS[1], ARGV[1]) redis.call('EXPIRE', KEYS[1], ARGV[2]) return 1";

constexpr std::chrono::milliseconds kFirstRetry{100};
constexpr std::chrono::milliseconds kLastRetry{2000};

}  // namespace

Result<RedisOptions> parse_redis_url(std::string_view url) {
  static constexpr std::string_view kScheme = "redis://";
  if (!url.starts_with(kScheme)) return fail(Errc::kBadConfig, "store URL '" + std::string(url) + "' is not redis://HOST:PORT");
  RedisOptions options;
  auto rest = url.substr(kScheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  const auto colon = rest.rfind(':');
  options.host = std::string(rest.substr(0, colon));
  if (colon != std::string_view::npos) {
    const auto port = rest.substr(colon + 1);
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), options.port);
    if (ec != std::errc{} || end != port.data() + port.size() || options.port <= 0 || options.port > 65535) {
      return fail(Errc::kBadConfig, "store URL '" + std::string(url) + "' has a bad port");
    }
  }
  if (options.host.empty()) return fail(Errc::kBadConfig, "store URL '" + std::string(url) + "' names no host");
  return options;
}

// Everything below runs on the strand: hiredis contexts are not thread-safe.
struct RedisStore::Connection : std::enable_shared_from_this<RedisStore::Connection> {
  struct Pending {
    Pending(ReplyHandler h, asio::any_io_executor c, const asio::strand<asio::any_io_executor>& strand)
        : handler(std::move(h)), caller(std::move(c)), timer(strand) {}
    ReplyHandler handler;
    asio::any_io_executor caller;  ///< where the awaiting coroutine resumes
    asio::steady_timer timer;
    bool done = false;
  };

  Connection(asio::any_io_executor executor, RedisOptions options)
      : home(executor), strand(asio::make_strand(executor)), options(std::move(options)), retry_timer(strand) {}

  asio::any_io_executor home;  ///< the event loop whose commands it carries
  asio::strand<asio::any_io_executor> strand;
  RedisOptions options;
  asio::steady_timer retry_timer;
  std::chrono::milliseconds retry_delay = kFirstRetry;
  redisAsyncContext* context = nullptr;
  std::unique_ptr<asio::posix::stream_descriptor> socket;
  bool reading = false, writing = false, read_waiting = false, write_waiting = false;
  std::atomic<bool> is_connected{false};
  bool stopping = false;
  bool logged_down = false;

  // ---- commands ----

  asio::awaitable<ReplyResult> command(std::vector<std::string> args) {
    // Named, shared and copied (not moved) into the initiation: GCC 12 destroys objects
    // moved into lambdas inside a co_await expression twice.
    auto shared_args = std::make_shared<const std::vector<std::string>>(std::move(args));
    auto caller = co_await asio::this_coro::executor;
    auto self = shared_from_this();
    auto initiation = [self, shared_args, caller](ReplyHandler handler) {
      asio::dispatch(self->strand, [self, shared_args, caller, handler = std::move(handler)]() mutable {
        self->issue(*shared_args, std::make_shared<Pending>(std::move(handler), caller, self->strand));
      });
    };
    auto reply = co_await asio::async_initiate<decltype(asio::use_awaitable), void(ReplyResult)>(initiation,
                                                                                                 asio::use_awaitable);
    co_return reply;
  }

  void issue(const std::vector<std::string>& args, std::shared_ptr<Pending> pending) {
    // While a connection is being opened hiredis queues the command and sends it once
    // connected (a node's first requests come right after start-up); the timeout below
    // bounds that wait. Between attempts there is no context: fail fast.
    if (!context) {
      pending->done = true;
      complete(*pending, fail(Errc::kUnavailable, "redis at " + where() + " is not connected"));
      return;
    }
    pending->timer.expires_after(options.command_timeout);
    pending->timer.async_wait([this_ = shared_from_this(), pending](const boost::system::error_code& ec) {
      if (ec || pending->done) return;
      pending->done = true;
      complete(*pending, fail(Errc::kUnavailable, "redis did not answer within " +
                                                   std::to_string(this_->options.command_timeout.count()) + " ms"));
    });
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    auto* holder = new std::shared_ptr<Pending>(pending);
    if (redisAsyncCommandArgv(context, &Connection::on_reply, holder, static_cast<int>(argv.size()), argv.data(),
                              lengths.data()) != REDIS_OK) {
      delete holder;
      pending->done = true;
      pending->timer.cancel();
      complete(*pending, fail(Errc::kUnavailable, "redis command not sent"));
    }
  }

  static void on_reply(redisAsyncContext*, void* reply, void* privdata) {
    std::unique_ptr<std::shared_ptr<Pending>> holder(static_cast<std::shared_ptr<Pending>*>(privdata));
    auto& pending = **holder;
    if (pending.done) return;  // timed out already
    pending.done = true;
    pending.timer.cancel();
    // A null reply: the connection went away with the command in flight.
    auto result = reply ? ReplyResult(copy_reply(*static_cast<redisReply*>(reply)))
                        : ReplyResult(fail(Errc::kUnavailable, "redis connection lost"));
    complete(pending, std::move(result));
  }

  // The caller resumes on its own executor, never inside hiredis.
  static void complete(Pending& pending, ReplyResult result) {
    asio::post(pending.caller, [handler = std::move(pending.handler), result = std::move(result)]() mutable {
      std::move(handler)(std::move(result));
    });
  }

  // ---- the connection ----

  [[nodiscard]] std::string where() const { return options.host + ":" + std::to_string(options.port); }

  void connect() {
    if (stopping) return;
    context = redisAsyncConnect(options.host.c_str(), options.port);
    if (!context || context->err) {
      if (context) redisAsyncFree(context);
      context = nullptr;
      retry_later("cannot connect");
      return;
    }
    context->data = this;
    socket = std::make_unique<asio::posix::stream_descriptor>(strand, context->c.fd);
    context->ev.data = this;
    context->ev.addRead = [](void* p) { static_cast<Connection*>(p)->watch(true, true); };
    context->ev.delRead = [](void* p) { static_cast<Connection*>(p)->watch(true, false); };
    context->ev.addWrite = [](void* p) { static_cast<Connection*>(p)->watch(false, true); };
    context->ev.delWrite = [](void* p) { static_cast<Connection*>(p)->watch(false, false); };
    context->ev.cleanup = [](void* p) { static_cast<Connection*>(p)->detach(); };
    redisAsyncSetDisconnectCallback(context, [](const redisAsyncContext* c, int) {
      auto* self = static_cast<Connection*>(c->data);
      self->is_connected = false;
      self->context = nullptr;
      self->retry_later("connection lost");
    });
    // Set last: hiredis then waits for the socket to become writable, i.e. connected.
    redisAsyncSetConnectCallback(context, [](const redisAsyncContext* c, int status) {
      auto* self = static_cast<Connection*>(c->data);
      if (status != REDIS_OK) {
        self->context = nullptr;  // hiredis frees it after this call
        self->retry_later("cannot connect");
        return;
      }
      self->is_connected = true;
      self->retry_delay = kFirstRetry;
      log::info("store", "redis connected at " + self->where());
      self->logged_down = false;
    });
  }

  void retry_later(std::string_view why) {
    if (stopping) return;
    if (!logged_down) log::warn("store", "redis at " + where() + ": " + std::string(why) + "; retrying");
    logged_down = true;
    retry_timer.expires_after(retry_delay);
    retry_delay = std::min(retry_delay * 2, kLastRetry);
    retry_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec && !self->context) self->connect();
    });
  }

  void watch(bool read, bool on) {
    (read ? reading : writing) = on;
    if (on) arm(read);
  }

  void arm(bool read) {
    bool& waiting = read ? read_waiting : write_waiting;
    if (waiting || !socket) return;
    waiting = true;
    socket->async_wait(read ? asio::posix::stream_descriptor::wait_read : asio::posix::stream_descriptor::wait_write,
                       [self = shared_from_this(), read](const boost::system::error_code& ec) {
                         (read ? self->read_waiting : self->write_waiting) = false;
                         if (ec || !self->context || !(read ? self->reading : self->writing)) return;
                         // Either call may end the connection (and null the context).
                         if (read) {
                           redisAsyncHandleRead(self->context);
                         } else {
                           redisAsyncHandleWrite(self->context);
                         }
                         if (self->context && (read ? self->reading : self->writing)) self->arm(read);
                       });
  }

  // hiredis is freeing the context: let go of its socket without closing it.
  void detach() {
    reading = writing = false;
    if (socket) {
      boost::system::error_code ignored;
      socket->cancel(ignored);
      socket->release();
    }
  }

  void stop() {
    stopping = true;
    retry_timer.cancel();
    if (context) {
      auto* c = context;
      context = nullptr;
      c->onDisconnect = nullptr;
      redisAsyncFree(c);
    }
    is_connected = false;
  }
};

RedisStore::RedisStore(asio::any_io_executor executor, RedisOptions options)
    : RedisStore(std::vector<asio::any_io_executor>{std::move(executor)}, std::move(options)) {}

RedisStore::RedisStore(const std::vector<asio::any_io_executor>& executors, RedisOptions options) {
  for (const auto& executor : executors) {
    connections_.push_back(std::make_shared<Connection>(executor, options));
    asio::dispatch(connections_.back()->strand, [c = connections_.back()] { c->connect(); });
  }
}

RedisStore::~RedisStore() {
  for (auto& connection : connections_) connection->stop();
}

bool RedisStore::connected() const {
  return std::all_of(connections_.begin(), connections_.end(), [](const auto& c) { return c->is_connected.load(); });
}

RedisStore::Connection& RedisStore::connection_for(const asio::any_io_executor& caller) const {
  for (const auto& connection : connections_) {
    if (connection->home == caller) return *connection;
  }
  return *connections_.front();
}

asio::awaitable<Result<RedisReply>> RedisStore::command(std::vector<std::string> args) {
  const auto caller = co_await asio::this_coro::executor;
  auto reply = co_await connection_for(caller).command(std::move(args));
  co_return reply;
}

asio::awaitable<Result<std::optional<std::string>>> RedisStore::get(std::string key) {
  std::vector<std::string> args{"GET", std::move(key)};
  auto reply = co_await command(std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->kind == Reply::Kind::kNil) co_return std::optional<std::string>{};
  if (reply->kind != Reply::Kind::kString) co_return fail(Errc::kUnavailable, "redis GET: " + reply->text);
  co_return std::optional(std::move(reply->text));
}

asio::awaitable<Result<void>> RedisStore::set(std::string key, std::string value, std::chrono::seconds ttl) {
  std::vector<std::string> args{"SET", std::move(key), std::move(value), "EX", std::to_string(ttl.count())};
  auto reply = co_await command(std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->kind == Reply::Kind::kError) co_return fail(Errc::kUnavailable, "redis SET: " + reply->text);
  co_return Result<void>{};
}

asio::awaitable<Result<std::string>> RedisStore::set_if_absent(std::string key, std::string value,
                                                               std::chrono::seconds ttl) {
  std::vector<std::string> args{"EVAL", std::string(kSetIfAbsent), "1", std::move(key), std::move(value),
                                std::to_string(ttl.count())};
  auto reply = co_await command(std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->kind != Reply::Kind::kString) co_return fail(Errc::kUnavailable, "redis set-if-absent: " + reply->text);
  co_return std::move(reply->text);
}

asio::awaitable<Result<void>> RedisStore::append(std::string key, std::string value, std::chrono::seconds ttl) {
  std::vector<std::string> args{"EVAL", std::string(kAppend), "1", std::move(key), std::move(value), std::to_string(ttl.count())};
  auto reply = co_await command(std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->kind == Reply::Kind::kError) co_return fail(Errc::kUnavailable, "redis append: " + reply->text);
  co_return Result<void>{};
}

asio::awaitable<Result<void>> RedisStore::touch(std::string key, std::chrono::seconds ttl) {
  std::vector<std::string> args{"EXPIRE", std::move(key), std::to_string(ttl.count())};
  auto reply = co_await command(std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->kind != Reply::Kind::kInteger) co_return fail(Errc::kUnavailable, "redis EXPIRE: " + reply->text);
  co_return Result<void>{};
}

asio::awaitable<Result<std::vector<std::string>>> RedisStore::list(std::string key) {
  std::vector<std::string> args{"LRANGE", std::move(key), "0", "-1"};
  auto reply = co_await command(std::move(args));
  if (!reply) co_return tl::unexpected(reply.error());
  if (reply->kind != Reply::Kind::kArray) co_return fail(Errc::kUnavailable, "redis LRANGE: " + reply->text);
  co_return std::move(reply->elements);
}

}  // namespace ssai
