#pragma once
// Child processes for integration tests: `ssai serve` and `ssai-fixtures serve` on
// port 0, with the port read from their first line of output, and `ssai worker`.
#include <sys/types.h>

#include <string>
#include <vector>

namespace test_support {

class ServerProcess {
 public:
  /// Starts `binary args...` and waits (up to 10 s) for "listening on http://HOST:PORT",
  /// or for `ready` on stdout when given (a process that serves no HTTP; port() is 0).
  ServerProcess(const std::string& binary, const std::vector<std::string>& args, const std::string& ready = "");
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// Everything the child wrote to stderr so far (its log).
  [[nodiscard]] std::string log() const;
  [[nodiscard]] pid_t pid() const { return pid_; }
  /// SIGKILL, as a crash or an OOM kill would: no clean-up of its own.
  void kill_hard();

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

}  // namespace test_support
