// How the ranks of a data-parallel job talk (docs/distributed.md): the few collectives that
// training, evaluation and scoring need, over an existing engine (MPI here; the CUDA backend's
// device buffers would go over NCCL). Every rank calls every collective in the same order, also
// a rank with nothing to contribute. A world of one needs no runtime: its collectives are the
// identity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace cinerec {

// What a rank's collectives cost so far: the bytes it contributed and the wall time it spent in
// them (waiting for slower ranks included).
struct Traffic {
  uint64_t calls = 0, bytes = 0;
  double seconds = 0.0;
  // What happened between `earlier` and this.
  Traffic since(const Traffic& earlier) const {
    return {calls - earlier.calls, bytes - earlier.bytes, seconds - earlier.seconds};
  }
};

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual Traffic traffic() const { return {}; }
  virtual int rank() const = 0;
  virtual int size() const = 0;
  bool is_root() const { return rank() == 0; }

  // Element-wise over ranks, in place; every rank receives the same bits.
  virtual void sum(std::span<float> values) = 0;
  virtual void sum(std::span<double> values) = 0;
  virtual void max(std::span<uint64_t> values) = 0;
  // Every rank's `mine`, concatenated in rank order, into `all`; counts[r] = rank r's bytes.
  virtual void gather_bytes(std::span<const std::byte> mine, std::vector<std::byte>& all,
                            std::vector<size_t>& counts) = 0;
  // Root's `bytes` to every rank (resized to fit).
  virtual void broadcast(std::string& bytes, int root) = 0;
  // Rank `from`'s `bytes` into rank 0's (resized to fit), and nowhere else: every rank calls it,
  // the others pass and receive nothing. From rank 0 itself, nothing moves.
  virtual void send_to_root(std::vector<std::byte>& bytes, int from) = 0;
  virtual void barrier() = 0;
  // Ends every rank of the job with `status` at once (after this rank's error, which the others
  // cannot hear of and would wait on).
  [[noreturn]] virtual void abort(int status) = 0;

  // Every rank's values of T, concatenated in rank order; counts[r] = rank r's element count.
  template <class T>
  std::vector<T> gather_all(std::span<const T> mine, std::vector<size_t>& counts) {
    std::vector<std::byte> bytes;
    gather_bytes(std::as_bytes(mine), bytes, counts);
    std::vector<T> all(bytes.size() / sizeof(T));
    if (!all.empty()) std::memcpy(all.data(), bytes.data(), bytes.size());
    for (size_t& c : counts)
      c /= sizeof(T);
    return all;
  }
  // The logical or of every rank's flag.
  bool any(bool flag) {
    uint64_t v = flag ? 1 : 0;
    max(std::span(&v, 1));
    return v != 0;
  }
};

// An error every rank of a job meets together (the same check on the same gathered or reduced
// values): rank 0 reports it and every rank ends normally, where an error one rank meets alone
// must end the whole job (Communicator users cannot tell the others).
class CollectiveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A world of one.
class SingleProcess final : public Communicator {
 public:
  // The process's world of one, for code that runs outside a job.
  static SingleProcess& instance() {
    static SingleProcess world;
    return world;
  }
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void sum(std::span<float>) override {}
  void sum(std::span<double>) override {}
  void max(std::span<uint64_t>) override {}
  void gather_bytes(std::span<const std::byte> mine, std::vector<std::byte>& all,
                    std::vector<size_t>& counts) override {
    all.assign(mine.begin(), mine.end());
    counts.assign(1, mine.size());
  }
  void broadcast(std::string&, int) override {}
  void send_to_root(std::vector<std::byte>&, int) override {}
  void barrier() override {}
  [[noreturn]] void abort(int status) override { std::exit(status); }
};

// The contiguous part of `count` items that rank `rank` of `size` takes: as even as possible,
// the first count % size ranks one more. [first, first + count).
struct Share {
  size_t first = 0, count = 0;
};
inline Share share_of(size_t count, int rank, int size) {
  const auto r = static_cast<size_t>(rank), n = static_cast<size_t>(size);
  const size_t base = count / n, extra = count % n;
  return {r * base + (r < extra ? r : extra), base + (r < extra ? 1 : 0)};
}

}  // namespace cinerec
