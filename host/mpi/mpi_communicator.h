// The Communicator over MPI's world: initialised once per process (MPI_THREAD_FUNNELED: only the
// thread that trains calls MPI; OpenMP's threads never do), finalised when it goes. MPI's default
// error handler stays: a failed collective ends the whole job instead of leaving ranks waiting.
#pragma once

#include "host/comm/communicator.h"

namespace cinerec {

class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator(int* argc, char*** argv);
  ~MpiCommunicator() override;
  MpiCommunicator(const MpiCommunicator&) = delete;
  MpiCommunicator& operator=(const MpiCommunicator&) = delete;

  Traffic traffic() const override { return traffic_; }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void sum(std::span<float> values) override;
  void sum(std::span<double> values) override;
  void max(std::span<uint64_t> values) override;
  void gather_bytes(std::span<const std::byte> mine, std::vector<std::byte>& all,
                    std::vector<size_t>& counts) override;
  void broadcast(std::string& bytes, int root) override;
  void send_to_root(std::vector<std::byte>& bytes, int from) override;
  void barrier() override;
  [[noreturn]] void abort(int status) override;  // MPI_Abort

 private:
  // Times one collective contributing `bytes` into traffic_.
  class Metered {
   public:
    Metered(Traffic& t, size_t bytes);
    ~Metered();

   private:
    Traffic& t_;
    double start_;
  };
  int rank_ = 0, size_ = 1;
  Traffic traffic_;
};

}  // namespace cinerec
