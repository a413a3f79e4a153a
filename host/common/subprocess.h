// Runs a helper program (the plotting module, a browser) with an argument vector, no shell, and
// collects what it printed, so a caller can pass its message on when it fails.
#pragma once

#include <string>
#include <vector>

namespace cinerec {

struct ProcessResult {
  int status = 0;      // the exit status; 127 when the program could not be started
  std::string output;  // stdout and stderr together
};

// argv[0] is the program: a path, or a name looked up on PATH. Waits for it to end.
ProcessResult run_process(const std::vector<std::string>& argv);

}  // namespace cinerec
