// Runs a program (never through a shell) and collects its exit status,
// standard output and standard error, killing it after a timeout. Used for
// ffprobe and ffmpeg from worker threads.
#pragma once
#include <chrono>
#include <string>
#include <vector>

namespace vv {

struct ProcessResult {
  int exit_code = -1;     // -1 when killed or not started
  bool timed_out = false;
  std::string out, err;
};

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          size_t max_output = 16 * 1024 * 1024);

}  // namespace vv
