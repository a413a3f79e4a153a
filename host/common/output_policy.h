// The one output policy of every command that writes (README "Outputs"):
// - an output is built under a temporary name beside its final path and renamed into place, so
//   the path holds either what was there before or the complete new output;
// - a new name is created; an existing output is replaced only with --force, and only when it is
//   a regular file (file outputs) or an earlier output of the same kind (directory outputs);
// - symbolic links, device nodes, FIFOs and sockets are never written through or replaced;
// - an output that is, contains or lies inside one of the command's inputs is refused, with or
//   without --force;
// - temporaries of interrupted runs (`NAME.tmp-PID-N`, `NAME.old-PID-N`) are removed by the next
//   command that writes NAME, once the process that made them is gone.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace cinerec {

// An output the policy refuses; the message names the path and why.
class OutputRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OutputPolicy {
  bool force = false;                         // replace an existing output
  std::vector<std::filesystem::path> inputs;  // what the command reads: never written
  // Directory outputs: a file every earlier output of this kind holds (e.g. manifest.json). An
  // existing directory without it is not replaced, even with --force.
  std::string marker;

  // Files cinerec writes inside a directory it owns (a run, a staged output): a regular file of
  // that name is replaced.
  static OutputPolicy replace() { return {.force = true, .inputs = {}, .marker = {}}; }
};

enum class OutputKind { kFile, kDirectory };

// Throws OutputRefused unless `path` may be written as `kind` under `policy`. The writers
// (AtomicFile, StagedDir) call it on construction and check the final path again on commit.
void check_output(const std::filesystem::path& path, OutputKind kind, const OutputPolicy& policy);

// Moves the finished temporary `from` (beside `to`) into place: onto a new name, or with
// `replace` over what check_output allowed, checked again now. An existing directory is swapped
// in one rename (RENAME_EXCHANGE), so `to` is never missing; `from` then holds the old
// directory, for the caller to remove.
void publish_output(const std::filesystem::path& from, const std::filesystem::path& to,
                    OutputKind kind, bool replace);

// The temporary name of an output being built by this process: `NAME.tmp-PID-N` beside it.
std::filesystem::path temporary_sibling(const std::filesystem::path& path, const char* tag);

// Removes `NAME.tmp-*` and `NAME.old-*` beside `path` left by processes that no longer run
// (their writer's lock is free and their pid is gone). An `.old-` directory is put back at
// `path` when nothing is there: it is an output whose replacement was interrupted.
void remove_stale_temporaries(const std::filesystem::path& path);

}  // namespace cinerec
