#pragma once
// A real redis-server for tests: on a free loopback port, no persistence, stopped (and
// startable again on the same port, for outage tests) by the test.
#include <sys/types.h>

#include <string>

namespace test_support {

class RedisServer {
 public:
  RedisServer();  ///< started, and answering PING
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  void stop();
  void start();
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace test_support
