// A Communicator for tests: a world of `size` ranks seen from rank `rank`, whose other ranks'
// contributions to a gather are given by a function of this rank's bytes and the other rank. As
// rank 0 it receives from `receive`; as another rank it keeps what it sent to rank 0.
#pragma once

#include <functional>

#include "host/comm/communicator.h"

namespace cinerec::testing {

class FakeWorld final : public Communicator {
 public:
  using Others = std::function<std::vector<std::byte>(std::span<const std::byte>, int rank)>;
  FakeWorld(int rank, int size, Others others)
      : rank_(rank), size_(size), others_(std::move(others)) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void sum(std::span<float>) override {}
  void sum(std::span<double>) override {}
  void max(std::span<uint64_t>) override {}
  void gather_bytes(std::span<const std::byte> mine, std::vector<std::byte>& all,
                    std::vector<size_t>& counts) override {
    all.clear();
    counts.clear();
    for (int r = 0; r < size_; ++r) {
      const auto part =
          r == rank_ ? std::vector<std::byte>(mine.begin(), mine.end()) : others_(mine, r);
      all.insert(all.end(), part.begin(), part.end());
      counts.push_back(part.size());
    }
  }
  void broadcast(std::string&, int) override {}
  void send_to_root(std::vector<std::byte>& bytes, int from) override {
    if (from == 0) return;
    if (rank_ == from) sent.push_back(bytes);
    if (rank_ == 0) bytes = receive(from);
  }
  void barrier() override {}

  std::function<std::vector<std::byte>(int from)> receive;
  std::vector<std::vector<std::byte>> sent;
  [[noreturn]] void abort(int) override { throw std::logic_error("FakeWorld::abort"); }

 private:
  int rank_, size_;
  Others others_;
};

}  // namespace cinerec::testing
