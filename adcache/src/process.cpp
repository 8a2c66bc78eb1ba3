#include "adcache/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace adcache {
namespace {

constexpr std::size_t kErrorTail = 8 * 1024;

void keep_tail(std::string& text, std::size_t limit) {
  if (text.size() > 2 * limit) text.erase(0, text.size() - limit);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds time_limit, std::size_t max_output) {
  ProcessResult result;
  int out[2];
  int err[2];
  if (pipe2(out, O_CLOEXEC) != 0) return result;
  if (pipe2(err, O_CLOEXEC) != 0) {
    close(out[0]);
    close(out[1]);
    return result;
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // fork + exec rather than posix_spawn, for PR_SET_PDEATHSIG: when the worker dies
  // (killed, crashed), its ffmpeg dies with it instead of running on as an orphan.
  // Between fork and exec only async-signal-safe calls.
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    execvp(args[0], args.data());
    static constexpr char kCannotStart[] = "cannot start the program\n";
    [[maybe_unused]] auto ignored = write(STDERR_FILENO, kCannotStart, sizeof kCannotStart - 1);
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  if (pid < 0) {
    close(out[0]);
    close(err[0]);
    result.error_tail = "cannot start " + argv[0];
    return result;
  }
  const auto deadline = std::chrono::steady_clock::now() + time_limit;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_pipes = 2;
  char buffer[16384];
  while (open_pipes > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    if (poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1000))) < 0) break;
    for (auto& fd : fds) {
      if (fd.fd < 0 || !(fd.revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = read(fd.fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(fd.fd);
        fd.fd = -1;
        --open_pipes;
        continue;
      }
      if (fd.fd == out[0]) {
        if (result.out.size() < max_output) result.out.append(buffer, static_cast<std::size_t>(n));
      } else {
        result.error_tail.append(buffer, static_cast<std::size_t>(n));
        keep_tail(result.error_tail, kErrorTail);
      }
    }
  }
  for (auto& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (result.error_tail.size() > kErrorTail) result.error_tail.erase(0, result.error_tail.size() - kErrorTail);
  return result;
}

std::vector<std::string> local_input_options() {
  return {"-protocol_whitelist", "file",
          // ffmpeg's demuxer names: MP4/QuickTime, Matroska/WebM, MPEG-TS, MXF, AVI, FLV,
          // and audio-only files.
          "-format_whitelist", "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts,mxf,avi,flv,wav,mp3,aac,ogg"};
}

}  // namespace adcache
