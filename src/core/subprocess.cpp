#include "core/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

extern char** environ;

namespace vv {

// The program's path, searched in PATH like execvp (done before fork: the
// child may only make system calls).
static std::string resolve(const std::string& prog) {
  if (prog.find('/') != std::string::npos) return prog;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + prog;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

// Starts argv in its own process group (so a kill takes its whole tree) with
// stdin from /dev/null; *out_fd and *err_fd read its stdout and stderr.
// The child gets no other descriptor (listening sockets inherited by an
// ffmpeg that outlives the server would keep its port) and dies with the
// thread that started it (PR_SET_PDEATHSIG): a killed server leaves no
// ffmpeg running. fork, not posix_spawn, for that prctl.
static pid_t spawn(const std::vector<std::string>& argv, int* out_fd, int* err_fd, std::string* error) {
  std::string path = resolve(argv[0]);
  if (path.empty()) {
    *error = std::string("cannot start ") + argv[0] + ": not found";
    return -1;
  }
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return -1;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return -1;
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    setpgid(0, 0);
    // dup2 onto itself (a server started with stdout closed got the pipe
    // as fd 1) keeps O_CLOEXEC: clear it so the child keeps the pipe.
    auto onto = [](int fd, int target) { return fd == target ? fcntl(fd, F_SETFD, 0) : dup2(fd, target); };
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull < 0 || onto(devnull, 0) < 0 || onto(out_pipe[1], 1) < 0 || onto(err_pipe[1], 2) < 0) _exit(127);
    if (close_range(3, ~0U, 0) != 0)  // kernels before 5.9
      for (int fd = 3; fd < 4096; ++fd) close(fd);
    execve(path.c_str(), args.data(), environ);
    _exit(127);
  }
  // Also from the parent (the usual idiom): the group exists before any
  // kill(-pid) below, whichever of the two runs first.
  if (pid > 0) setpgid(pid, pid);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (pid < 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    *error = std::string("cannot start ") + argv[0];
    return -1;
  }
  *out_fd = out_pipe[0];
  *err_fd = err_pipe[0];
  return pid;
}

// Reads the child's stdout and stderr until both close, passing each chunk
// on; kills its process group when should_kill() says so (checked at least
// every 200 ms). Returns whether it was killed, then reaps the child.
static bool pump(pid_t pid, int out_fd, int err_fd, const std::function<void(std::string_view)>& on_out,
                 const std::function<void(std::string_view)>& on_err, const std::function<bool()>& should_kill,
                 int* status) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  bool killed = false;
  while (open_fds > 0) {
    if (!killed && should_kill()) {
      if (kill(-pid, SIGKILL) != 0) kill(pid, SIGKILL);
      killed = true;
    }
    int n = poll(fds, 2, 200);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      (i == 0 ? on_out : on_err)(std::string_view(buf, static_cast<size_t>(got)));
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  while (waitpid(pid, status, 0) < 0 && errno == EINTR) {
  }
  return killed;
}

ProcessResult run_process_streaming(const std::vector<std::string>& argv,
                                    const std::function<void(std::string_view)>& on_line,
                                    const std::atomic<bool>* cancel, size_t err_tail) {
  ProcessResult result;
  int out_fd = -1, err_fd = -1;
  pid_t pid = spawn(argv, &out_fd, &err_fd, &result.err);
  if (pid < 0) return result;
  std::string line;
  int status = 0;
  bool killed = pump(
      pid, out_fd, err_fd,
      [&](std::string_view chunk) {
        for (char c : chunk) {
          if (c == '\n') {
            if (on_line) on_line(line);
            line.clear();
          } else if (line.size() < 4096) {
            line.push_back(c);
          }
        }
      },
      [&](std::string_view chunk) {
        result.err.append(chunk);
        if (result.err.size() > 2 * err_tail) result.err.erase(0, result.err.size() - err_tail);
      },
      [&] { return cancel && cancel->load(); }, &status);
  if (result.err.size() > err_tail) result.err.erase(0, result.err.size() - err_tail);
  result.timed_out = killed;
  result.signaled = WIFSIGNALED(status);
  if (!killed && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout, size_t max_output) {
  ProcessResult result;
  int out_fd = -1, err_fd = -1;
  pid_t pid = spawn(argv, &out_fd, &err_fd, &result.err);
  if (pid < 0) return result;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto keep = [max_output](std::string& dst) {
    return [&dst, max_output](std::string_view chunk) {
      if (dst.size() < max_output) dst.append(chunk);
    };
  };
  int status = 0;
  result.timed_out = pump(pid, out_fd, err_fd, keep(result.out), keep(result.err),
                          [&] { return std::chrono::steady_clock::now() >= deadline; }, &status);
  result.signaled = WIFSIGNALED(status);
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace vv
