#include "host/common/output_policy.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

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

// Both absolute and canonical: `inner` equals `outer` or lies below it.
bool is_within(const fs::path& inner, const fs::path& outer) {
  return std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end()).first == outer.end();
}

// Symbolic links resolved as far as the path exists; "dir/" and "dir" are one path.
fs::path resolved(const fs::path& path) {
  fs::path p = fs::weakly_canonical(fs::absolute(path));
  return p.has_filename() ? p : p.parent_path();
}

void check_inputs(const fs::path& path, const std::vector<fs::path>& inputs) {
  const fs::path out = resolved(path);
  for (const fs::path& input : inputs) {
    if (input.empty()) continue;
    const fs::path in = resolved(input);
    if (out == in) refuse(path, "is the input " + input.string() + " (refused even with --force)");
    if (is_within(out, in)) {
      refuse(path, "is inside the input " + input.string() + " (refused even with --force)");
    }
    if (is_within(in, out)) {
      refuse(path, "contains the input " + input.string() + " (refused even with --force)");
    }
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
  if (kind == OutputKind::kDirectory && !policy.marker.empty() &&
      !fs::exists(path / policy.marker)) {
    refuse(path, "is a directory without " + policy.marker +
                     ", so not an earlier output of this command: not replaced, even with --force");
  }
}

fs::path parent_or_dot(const fs::path& p) {
  return p.parent_path().empty() ? fs::path(".") : p.parent_path();
}

// The pid in `entry` when it is `name.TAG-PID-N`.
std::optional<pid_t> temporary_owner(const std::string& entry, const std::string& name,
                                     const char* tag) {
  const std::string prefix = name + "." + tag + "-";
  if (!entry.starts_with(prefix)) return std::nullopt;
  const char* begin = entry.data() + prefix.size();
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

}  // namespace

void check_output(const fs::path& given, OutputKind kind, const OutputPolicy& policy) {
  if (given.empty()) throw OutputRefused("output: empty path");
  // "dir/" would make lstat follow a link at dir.
  const fs::path path = given.has_filename() ? given : given.parent_path();
  check_inputs(path, policy.inputs);
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    check_existing(path, st, kind, policy);
  } else if (errno != ENOENT) {
    refuse(path, std::strerror(errno));
  }
}

void publish_output(const fs::path& from, const fs::path& to, OutputKind kind, bool replace) {
  const auto fail = [&](const char* what) {
    refuse(to, std::string(what) + " " + from.string() + ": " + std::strerror(errno));
  };
  struct stat st {};
  const bool exists = ::lstat(to.c_str(), &st) == 0;
  if (!exists) {
    // RENAME_NOREPLACE: an output that appeared meanwhile is not clobbered.
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return;
    if (errno == EEXIST) refuse(to, "appeared while it was being written; not replaced");
    fail("cannot rename");
  }
  check_existing(to, st, kind, OutputPolicy{.force = replace, .inputs = {}, .marker = {}});
  if (kind == OutputKind::kFile) {
    if (::rename(from.c_str(), to.c_str()) != 0) fail("cannot rename");
    return;
  }
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_EXCHANGE) == 0) return;
  if (errno != EINVAL && errno != ENOSYS) fail("cannot swap in");
  // A file system without RENAME_EXCHANGE: two renames. Killed between them, the old output
  // waits as NAME.old-PID-N, and remove_stale_temporaries puts it back.
  const fs::path old = temporary_sibling(to, "old");
  if (::rename(to.c_str(), old.c_str()) != 0) fail("cannot move aside the old output for");
  if (::rename(from.c_str(), to.c_str()) != 0) fail("cannot rename");
  if (::rename(old.c_str(), from.c_str()) != 0) fail("cannot move the old output to");
}

fs::path temporary_sibling(const fs::path& path, const char* tag) {
  static std::atomic<unsigned> counter{0};
  return parent_or_dot(path) / (path.filename().string() + "." + tag + "-" +
                                std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

void remove_stale_temporaries(const fs::path& path) {
  const std::string name = path.filename().string();
  std::error_code ec;
  std::vector<std::pair<fs::path, bool>> stale;  // (entry, is an interrupted replacement)
  for (auto it = fs::directory_iterator(parent_or_dot(path), ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const std::string entry = it->path().filename().string();
    for (const char* tag : {"tmp", "old"}) {
      const auto pid = temporary_owner(entry, name, tag);
      if (pid && owner_gone(it->path(), *pid)) stale.emplace_back(it->path(), tag[0] == 'o');
    }
  }
  for (const auto& [entry, old] : stale) {
    std::error_code ignored;
    if (old && !fs::exists(fs::symlink_status(path))) {
      fs::rename(entry, path, ignored);
    } else {
      fs::remove_all(entry, ignored);
    }
  }
}

}  // namespace cinerec
