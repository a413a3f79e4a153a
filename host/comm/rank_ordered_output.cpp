#include "host/comm/rank_ordered_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace cinerec {
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::runtime_error("rank-ordered output: " + what + ": " + std::strerror(errno));
}

// A file under TMPDIR (or /tmp) that no name points to: the OS frees it however the process ends.
UniqueFd unlinked_temp_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string name =
      std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/cinerec-part-XXXXXX";
  UniqueFd fd(::mkstemp(name.data()));
  if (fd.get() < 0)
    throw_errno("cannot create a temporary file " + name + " (is TMPDIR a directory?)");
  ::unlink(name.c_str());
  return fd;
}

void write_all(int fd, std::span<const std::byte> bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("cannot write its temporary file (TMPDIR full?)");
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
}

void read_at(int fd, uint64_t offset, std::span<std::byte> into) {
  while (!into.empty()) {
    const ssize_t n = ::pread(fd, into.data(), into.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("cannot read its temporary file back");
    if (n == 0) throw std::runtime_error("rank-ordered output: its temporary file ended early");
    into = into.subspan(static_cast<size_t>(n));
    offset += static_cast<uint64_t>(n);
  }
}

}  // namespace

RankOrderedOutput::RankOrderedOutput(Communicator& world, size_t members, Sink sink)
    : world_(world), members_(members), sink_(std::move(sink)), sizes_(members, 0) {
  if (world.is_root()) return;
  for (size_t m = 0; m < members; ++m)
    spools_.push_back(unlinked_temp_file());
}

void RankOrderedOutput::append(size_t member, std::span<const std::byte> bytes) {
  if (member >= members_) throw std::out_of_range("rank-ordered output: no such member");
  sizes_[member] += bytes.size();
  if (world_.is_root()) {
    sink_(member, bytes);
  } else {
    write_all(spools_[member].get(), bytes);
  }
}

void RankOrderedOutput::finish(size_t piece) {
  if (piece == 0) throw std::invalid_argument("rank-ordered output: the piece must be positive");
  std::vector<size_t> counts;
  const std::vector<uint64_t> sizes = world_.gather_all<uint64_t>(sizes_, counts);
  if (sizes.size() != members_ * static_cast<size_t>(world_.size()))
    throw CollectiveError("rank-ordered output: the ranks disagree on the number of members");
  send_parts(sizes, piece);
}

// Every rank walks the same schedule (sizes[r * members + m] is rank r's bytes of member m), so
// each send_to_root pairs rank r's piece with rank 0's receive of it.
void RankOrderedOutput::send_parts(const std::vector<uint64_t>& sizes, size_t piece) {
  std::vector<std::byte> buffer;
  for (size_t m = 0; m < members_; ++m) {
    for (int r = 1; r < world_.size(); ++r) {
      const uint64_t size = sizes[static_cast<size_t>(r) * members_ + m];
      for (uint64_t at = 0; at < size; at += piece) {
        if (world_.rank() == r) {
          buffer.resize(static_cast<size_t>(std::min<uint64_t>(piece, size - at)));
          read_at(spools_[m].get(), at, buffer);
        }
        world_.send_to_root(buffer, r);
        if (world_.is_root()) sink_(m, buffer);
      }
    }
  }
}

}  // namespace cinerec
