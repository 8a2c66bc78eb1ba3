#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace test_support {

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& args, const std::string& ready) {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  char log_template[] = "/tmp/ssai-test-log-XXXXXX";
  const int log_fd = mkstemp(log_template);
  log_path_ = log_template;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, log_fd, STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(log_fd);
  if (rc != 0) throw std::runtime_error("cannot start " + binary);

  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  static const std::regex kListening("listening on http://[^:]+:(\\d+)");
  std::smatch match;
  auto is_ready = [&] { return ready.empty() ? std::regex_search(seen, match, kListening) : seen.find(ready) != std::string::npos; };
  while (!is_ready()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd p{out[0], POLLIN, 0};
    char buffer[256];
    ssize_t n = 0;
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0 || (n = read(out[0], buffer, sizeof buffer)) <= 0) {
      close(out[0]);
      const auto text = log();
      throw std::runtime_error(binary + " did not say it was ready; stderr: " + text);
    }
    seen.append(buffer, static_cast<std::size_t>(n));
  }
  close(out[0]);
  if (ready.empty()) port_ = std::stoi(match[1]);
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 50 && waitpid(pid_, &status, WNOHANG) == 0; ++i) usleep(20'000);
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  unlink(log_path_.c_str());
}

std::string ServerProcess::log() const {
  std::ifstream in(log_path_);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace test_support
