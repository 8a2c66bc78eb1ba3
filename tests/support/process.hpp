#pragma once
// Child processes for integration tests: `ssai serve` and `ssai fixtures serve` on
// port 0, with the port read from their first line of output.
#include <sys/types.h>

#include <string>
#include <vector>

namespace test_support {

class ServerProcess {
 public:
  /// Starts `binary args...` and waits (up to 10 s) for "listening on http://HOST:PORT".
  ServerProcess(const std::string& binary, const std::vector<std::string>& args);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// Everything the child wrote to stderr so far (its log).
  [[nodiscard]] std::string log() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
};

}  // namespace test_support
