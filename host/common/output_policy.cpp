#include "host/common/output_policy.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>

#include "host/common/regular_file.h"

namespace cinerec {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void refuse(const fs::path& path, const std::string& why) {
  throw OutputRefused("output " + path.string() + ": " + why);
}

struct FileId {
  dev_t dev;
  ino_t ino;
  bool operator==(const FileId&) const = default;
};

std::optional<FileId> file_id(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return std::nullopt;
  return FileId{st.st_dev, st.st_ino};
}

// The ids of the existing part of `path` and of every directory above it, nearest first; links
// resolved, so what is compared is what the kernel would write to.
std::vector<FileId> ancestry(const fs::path& path) {
  std::vector<FileId> ids;
  std::error_code ec;
  fs::path p = fs::weakly_canonical(path, ec);
  if (ec) p = path;
  for (;; p = p.parent_path()) {
    if (const auto id = file_id(p)) ids.push_back(*id);
    if (p == p.root_path() || p.empty()) return ids;
  }
}

void check_inputs(const fs::path& path, const std::vector<fs::path>& inputs) {
  const auto out = file_id(path);
  const std::vector<FileId> above_out = ancestry(path.parent_path());
  for (const fs::path& input : inputs) {
    if (input.empty()) continue;
    const auto in = file_id(input);
    if (!in) continue;  // nothing there to destroy
    const std::string name = input.string() + " (refused even with --force)";
    if (out && *out == *in) refuse(path, "is the input " + name);
    if (std::ranges::find(above_out, *in) != above_out.end()) {
      refuse(path, "is inside the input " + name);
    }
    const std::vector<FileId> above_in = ancestry(output_path(input).parent_path());
    if (out && std::ranges::find(above_in, *out) != above_in.end()) {
      refuse(path, "contains the input " + name);
    }
  }
}

bool has_marker(const fs::path& dir, const OutputMarker& marker) {
  try {
    const auto j = nlohmann::json::parse(read_regular_file(dir / marker.file));
    return j.is_object() && j.contains(marker.key) && j[marker.key] == marker.value;
  } catch (const std::exception&) {
    return false;
  }
}

void check_existing(const fs::path& path, const struct stat& st, OutputKind kind,
                    const OutputPolicy& policy) {
  if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    refuse(path, "is a symbolic link (to " + fs::read_symlink(path, ec).string() +
                     "); cinerec does not write through links: give the path it points to");
  }
  if (kind == OutputKind::kFile && !S_ISREG(st.st_mode)) {
    refuse(path, std::string("is ") + file_type_name(st.st_mode) +
                     "; cinerec writes and replaces only regular files");
  }
  if (kind == OutputKind::kDirectory && !S_ISDIR(st.st_mode)) {
    refuse(path, std::string("is ") + file_type_name(st.st_mode) + ", not a directory");
  }
  if (!policy.force) refuse(path, "already exists (pass --force to replace it)");
  const OutputMarker& m = policy.marker;
  if (kind == OutputKind::kDirectory && !m.file.empty() && !has_marker(path, m)) {
    refuse(path, "is not an earlier output of this command (no " + m.file + " saying \"" + m.key +
                     "\": \"" + m.value + "\"): not replaced, even with --force");
  }
}

fs::path parent_or_dot(const fs::path& p) {
  return p.parent_path().empty() ? fs::path(".") : p.parent_path();
}

// "NAME.cinerec-TAG-PID-N" -> PID, for an entry beside an output (or anything in `dir` with an
// empty `name`).
std::optional<pid_t> temporary_owner(const std::string& entry, const std::string& name,
                                     const char* tag) {
  const std::string infix = std::string(".cinerec-") + tag + "-";
  if (!entry.starts_with(name)) return std::nullopt;
  const size_t at = name.empty() ? entry.find(infix) : name.size();
  if (at == std::string::npos || entry.compare(at, infix.size(), infix) != 0) return std::nullopt;
  const char* begin = entry.data() + at + infix.size();
  const char* end = entry.data() + entry.size();
  pid_t pid = 0;
  const auto [rest, ec] = std::from_chars(begin, end, pid);
  if (ec != std::errc() || rest == begin || rest == end || *rest != '-') return std::nullopt;
  return pid;
}

// Its writer holds an flock on it for as long as it runs; the pid check covers the moment
// between creating it and locking it.
bool owner_gone(const fs::path& entry, pid_t pid) {
  if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) return false;
  const UniqueFd fd(::open(entry.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  return fd.get() >= 0 && ::flock(fd.get(), LOCK_EX | LOCK_NB) == 0;
}

bool is_kind(const fs::directory_entry& entry, OutputKind kind) {
  std::error_code ec;
  return kind == OutputKind::kDirectory ? entry.is_directory(ec) && !entry.is_symlink(ec)
                                        : entry.is_regular_file(ec) && !entry.is_symlink(ec);
}

}  // namespace

fs::path output_path(const fs::path& path) {
  if (path.empty()) throw OutputRefused("output: empty path");
  fs::path p = fs::absolute(path).lexically_normal();
  if (!p.has_filename()) p = p.parent_path();
  if (p == p.root_path()) refuse(p, "is the root directory");
  return p;
}

void check_output(const fs::path& path, OutputKind kind, const OutputPolicy& policy) {
  check_inputs(path, policy.inputs);
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    check_existing(path, st, kind, policy);
  } else if (errno != ENOENT) {
    refuse(path, std::strerror(errno));
  }
}

void publish_output(const fs::path& from, const fs::path& to, OutputKind kind,
                    const OutputPolicy& policy) {
  const auto fail = [&](const char* what) {
    refuse(to, std::string(what) + " " + from.string() + ": " + std::strerror(errno));
  };
  struct stat st {};
  if (::lstat(to.c_str(), &st) != 0) {
    // RENAME_NOREPLACE: an output that appeared meanwhile is not clobbered.
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
    if (errno == EEXIST) refuse(to, "appeared while it was being written; not replaced");
    fail("cannot rename");
  }
  // What is there now: a directory that appeared meanwhile has no marker and stays.
  check_existing(to, st, kind, policy);
  if (kind == OutputKind::kFile) {
    if (::rename(from.c_str(), to.c_str()) != 0) fail("cannot rename");
    return;
  }
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_EXCHANGE) == 0) return;
  if (errno != EINVAL && errno != ENOSYS) fail("cannot swap in");
  // A file system without RENAME_EXCHANGE: two renames. Killed between them, the old output
  // waits as NAME.cinerec-old-PID-N, and remove_stale_temporaries puts it back.
  const fs::path old = temporary_sibling(to, "old");
  if (::rename(to.c_str(), old.c_str()) != 0) fail("cannot move aside the old output for");
  if (::rename(from.c_str(), to.c_str()) != 0) fail("cannot rename");
  if (::rename(old.c_str(), from.c_str()) != 0) fail("cannot move the old output to");
}

fs::path temporary_sibling(const fs::path& path, const char* tag) {
  static std::atomic<unsigned> counter{0};
  return parent_or_dot(path) / (path.filename().string() + ".cinerec-" + tag + "-" +
                                std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

void remove_stale_temporaries(const fs::path& path, OutputKind kind) {
  const std::string name = path.filename().string();
  std::error_code ec;
  std::vector<std::pair<fs::path, bool>> stale;  // (entry, an interrupted replacement)
  for (auto it = fs::directory_iterator(parent_or_dot(path), ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const std::string entry = it->path().filename().string();
    if (!is_kind(*it, kind)) continue;
    const auto tmp = temporary_owner(entry, name, "tmp");
    const auto old =
        kind == OutputKind::kDirectory ? temporary_owner(entry, name, "old") : std::nullopt;
    if (tmp && owner_gone(it->path(), *tmp)) stale.emplace_back(it->path(), false);
    if (old && owner_gone(it->path(), *old)) stale.emplace_back(it->path(), true);
  }
  for (const auto& [entry, interrupted] : stale) {
    std::error_code ignored;
    if (interrupted && !fs::exists(fs::symlink_status(path))) {
      fs::rename(entry, path, ignored);
    } else {
      fs::remove_all(entry, ignored);
    }
  }
}

void remove_stale_temporaries_in(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> stale;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::end(it); it.increment(ec)) {
    const auto pid = temporary_owner(it->path().filename().string(), "", "tmp");
    if (pid && owner_gone(it->path(), *pid)) stale.push_back(it->path());
  }
  for (const fs::path& entry : stale) {
    std::error_code ignored;
    fs::remove_all(entry, ignored);
  }
}

}  // namespace cinerec
