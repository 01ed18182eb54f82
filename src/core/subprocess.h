// Runs a program (never through a shell) and collects its exit status,
// standard output and standard error, killing it after a timeout. Used for
// ffprobe and ffmpeg from worker threads.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <string_view>
#include <string>
#include <vector>

namespace vv {

struct ProcessResult {
  int exit_code = -1;     // -1 when killed or not started
  bool timed_out = false;
  bool signaled = false;  // ended by a signal
  std::string out, err;
};

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          size_t max_output = 16 * 1024 * 1024);

// For long child processes (ffmpeg): each line of standard output goes to
// on_line as it arrives; standard error keeps only its last `err_tail`
// bytes. The process group is killed as soon as *cancel becomes true.
ProcessResult run_process_streaming(const std::vector<std::string>& argv,
                                    const std::function<void(std::string_view)>& on_line,
                                    const std::atomic<bool>* cancel, size_t err_tail = 8192);

}  // namespace vv
