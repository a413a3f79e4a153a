// The one output policy of every command that writes (README "Outputs"):
// - an output is built under a temporary name beside its final path and renamed into place, so
//   the path holds either what was there before or the complete new output;
// - a new name is created; an existing output is replaced only with --force, and only when it is
//   a regular file (file outputs) or an earlier output of the same kind, as its marker file says
//   (directory outputs);
// - the output path itself is never a symbolic link, device node, FIFO or socket, and is never
//   written through one (its parent directories may be links);
// - an output that is, contains or lies inside one of the command's inputs is refused, with or
//   without --force, however the two are reached (links, bind mounts: compared by device and
//   inode);
// - temporaries of interrupted runs (`NAME.cinerec-tmp-PID-N`, `NAME.cinerec-old-PID-N`) are
//   removed by the next command that writes NAME, once the process that made them is gone.
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

// What marks a directory as an earlier output of a command: a JSON object in `file` whose `key`
// holds `value` (a dataset's manifest.json says "format": "cinerec-dataset").
struct OutputMarker {
  std::string file, key, value;
};

struct OutputPolicy {
  bool force = false;                         // replace an existing output
  std::vector<std::filesystem::path> inputs;  // what the command reads: never written
  // Directory outputs: an existing directory without it is not replaced, even with --force.
  OutputMarker marker;

  // Files cinerec writes inside a directory it owns (a run, a staged output): a regular file of
  // that name is replaced.
  static OutputPolicy replace() { return {.force = true, .inputs = {}, .marker = {}}; }
};

enum class OutputKind { kFile, kDirectory };

// Where an output given as `path` goes: absolute and lexically normal, so "out/", "out/." and
// "out/x/.." are all "out".
std::filesystem::path output_path(const std::filesystem::path& path);

// Throws OutputRefused unless `path` (an output_path) may be written as `kind` under `policy`.
// The writers (AtomicFile, StagedDir) call it on construction; call it earlier to refuse an
// output before a long computation.
void check_output(const std::filesystem::path& path, OutputKind kind, const OutputPolicy& policy);

// Moves the finished temporary `from` (beside `to`) into place: onto a new name, or over what
// check_output allows, checked again now. An existing directory is swapped in one rename
// (RENAME_EXCHANGE), so `to` is never missing; `from` then holds the old directory, for the
// caller to remove.
void publish_output(const std::filesystem::path& from, const std::filesystem::path& to,
                    OutputKind kind, const OutputPolicy& policy);

// The temporary name of an output being built by this process: `NAME.cinerec-TAG-PID-N` beside
// it, TAG "tmp" or "old".
std::filesystem::path temporary_sibling(const std::filesystem::path& path, const char* tag);

// Removes the temporaries of `path` (`NAME.cinerec-tmp-*` of its kind) that processes which no
// longer run left beside it: their writer's flock on them is free and their pid is gone. A
// directory's `NAME.cinerec-old-*` is put back at `path` when nothing is there (a replacement
// was interrupted between its two renames), and removed otherwise.
void remove_stale_temporaries(const std::filesystem::path& path, OutputKind kind);

// The same for every temporary in `dir`, whatever its name: for a directory with one writer (a
// run, under its lock), where files written once (an optimiser file of a step) are not written
// again to clean up after.
void remove_stale_temporaries_in(const std::filesystem::path& dir);

}  // namespace cinerec
