#include "host/mpi/mpi_communicator.h"

#include <mpi.h>

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

namespace cinerec {
namespace {

// MPI counts are int: longer buffers go in pieces of at most 2^30 elements.
constexpr size_t kMaxPiece = size_t{1} << 30;

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

template <class T>
void all_reduce(std::span<T> values, MPI_Datatype type, MPI_Op op) {
  for (size_t at = 0; at < values.size(); at += kMaxPiece) {
    const size_t n = std::min(kMaxPiece, values.size() - at);
    check(MPI_Allreduce(MPI_IN_PLACE, values.data() + at, static_cast<int>(n), type, op,
                        MPI_COMM_WORLD),
          "MPI_Allreduce");
  }
}

}  // namespace

MpiCommunicator::Metered::Metered(Traffic& t, size_t bytes) : t_(t), start_(MPI_Wtime()) {
  ++t.calls;
  t.bytes += bytes;
}

MpiCommunicator::Metered::~Metered() {
  t_.seconds += MPI_Wtime() - start_;
}

MpiCommunicator::MpiCommunicator(int* argc, char*** argv) {
  int provided = 0;
  check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
}

MpiCommunicator::~MpiCommunicator() {
  MPI_Finalize();
}

void MpiCommunicator::sum(std::span<float> values) {
  const Metered m(traffic_, values.size_bytes());
  all_reduce(values, MPI_FLOAT, MPI_SUM);
}

void MpiCommunicator::sum(std::span<double> values) {
  const Metered m(traffic_, values.size_bytes());
  all_reduce(values, MPI_DOUBLE, MPI_SUM);
}

void MpiCommunicator::max(std::span<uint64_t> values) {
  const Metered m(traffic_, values.size_bytes());
  all_reduce(values, MPI_UINT64_T, MPI_MAX);
}

void MpiCommunicator::gather_bytes(std::span<const std::byte> mine, std::vector<std::byte>& all,
                                   std::vector<size_t>& counts) {
  const Metered metered(traffic_, mine.size());
  if (mine.size() > INT_MAX) throw std::length_error("MPI: a rank's part exceeds 2 GiB");
  const int n = static_cast<int>(mine.size());
  std::vector<int> sizes(static_cast<size_t>(size_)), offsets(sizes.size());
  check(MPI_Allgather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
  size_t total = 0;
  for (size_t r = 0; r < sizes.size(); ++r) {
    offsets[r] = static_cast<int>(total);  // a prefix of a total checked below
    total += static_cast<size_t>(sizes[r]);
  }
  if (total > INT_MAX) throw std::length_error("MPI: a gather exceeds 2 GiB");
  all.resize(total);
  check(MPI_Allgatherv(mine.data(), n, MPI_BYTE, all.data(), sizes.data(), offsets.data(), MPI_BYTE,
                       MPI_COMM_WORLD),
        "MPI_Allgatherv");
  counts.assign(sizes.begin(), sizes.end());
}

void MpiCommunicator::broadcast(std::string& bytes, int root) {
  const Metered m(traffic_, rank_ == root ? bytes.size() : 0);
  uint64_t n = bytes.size();
  check(MPI_Bcast(&n, 1, MPI_UINT64_T, root, MPI_COMM_WORLD), "MPI_Bcast");
  if (n > INT_MAX) throw std::length_error("MPI: a broadcast exceeds 2 GiB");
  bytes.resize(n);
  check(MPI_Bcast(bytes.data(), static_cast<int>(n), MPI_BYTE, root, MPI_COMM_WORLD), "MPI_Bcast");
}

void MpiCommunicator::send_to_root(std::vector<std::byte>& bytes, int from) {
  if (from == 0 || (rank_ != 0 && rank_ != from)) return;
  const Metered m(traffic_, rank_ == from ? bytes.size() : 0);
  constexpr int kSizeTag = 1, kBytesTag = 2;
  if (rank_ == from) {
    if (bytes.size() > INT_MAX) throw std::length_error("MPI: a message exceeds 2 GiB");
    const uint64_t n = bytes.size();
    check(MPI_Send(&n, 1, MPI_UINT64_T, 0, kSizeTag, MPI_COMM_WORLD), "MPI_Send");
    check(MPI_Send(bytes.data(), static_cast<int>(n), MPI_BYTE, 0, kBytesTag, MPI_COMM_WORLD),
          "MPI_Send");
    return;
  }
  uint64_t n = 0;
  check(MPI_Recv(&n, 1, MPI_UINT64_T, from, kSizeTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
        "MPI_Recv");
  if (n > INT_MAX) throw std::length_error("MPI: a message exceeds 2 GiB");
  bytes.resize(n);
  check(MPI_Recv(bytes.data(), static_cast<int>(n), MPI_BYTE, from, kBytesTag, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "MPI_Recv");
}

void MpiCommunicator::barrier() {
  const Metered m(traffic_, 0);
  check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
}

void MpiCommunicator::abort(int status) {
  MPI_Abort(MPI_COMM_WORLD, status);
  std::_Exit(status);  // MPI_Abort does not return; should it, the process still ends
}

}  // namespace cinerec
