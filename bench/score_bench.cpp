// Times a top-k scorer on random data at the Douban scale: every user x movie score, seen movies
// masked, the top K per user. Prints one JSON line. DEVICE: cpu (blocked BLAS), cuda (exact fp32)
// or cuda-tf32 (tensor cores + exact re-rank; also reports the share of the exact ids it finds).
// GPU figures are device time with the vectors already on the device, as PyTorch is timed.
// Usage: score_bench [USERS=5200] [MOVIES=140000] [DIM=200] [K=100] [SEEN=832000] [THREADS=2]
//                    [REPEATS=3] [USER_TILE=512] [MOVIE_CHUNK=1024] [DEVICE=cpu]
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string>

#include "host/common/rng.h"
#include "host/cpu/topk.h"
#if CINEREC_HAVE_CUDA
#include "cuda/topk_search.h"
#endif

namespace {

using Clock = std::chrono::steady_clock;

size_t arg(int argc, char** argv, int i, size_t fallback) {
  return argc > i ? std::strtoull(argv[i], nullptr, 10) : fallback;
}

// Values in (-1, 1), like the towers' tanh outputs.
std::vector<float> random_matrix(size_t rows, size_t dim, cinerec::Rng& rng) {
  std::vector<float> m(rows * dim);
  for (float& x : m)
    x = static_cast<float>(2 * rng.uniform() - 1);
  return m;
}

// About `seen` (user, movie) pairs spread evenly over the users, each row sorted and distinct.
cinerec::UserItems random_seen(size_t users, size_t movies, size_t seen, cinerec::Rng& rng) {
  cinerec::UserItems items;
  for (size_t u = 0; u < users; ++u) {
    std::vector<uint32_t> row;
    for (size_t j = 0; j < seen / users; ++j)
      row.push_back(static_cast<uint32_t>(rng.below(movies)));
    std::ranges::sort(row);
    row.erase(std::unique(row.begin(), row.end()), row.end());
    items.items.insert(items.items.end(), row.begin(), row.end());
    items.offsets.push_back(items.items.size());
  }
  return items;
}

// Best device time of `repeats` searches; `recall` is the share of the exact fp32 ids found.
double gpu_seconds(const std::string& device, const std::vector<float>& u,
                   const std::vector<float>& m, size_t dim, const cinerec::UserItems& mask,
                   size_t k, const cinerec::cpu::TopKTiling& tiling, size_t repeats,
                   double& recall) {
#if CINEREC_HAVE_CUDA
  if (device != "cuda" && device != "cuda-tf32") throw std::invalid_argument("unknown " + device);
  const auto search = [&](bool tensor_cores, double& seconds) {
    cinerec::cuda::TopKSearch s(
        {tensor_cores, std::max<size_t>(tiling.user_tile, 8192), tiling.movie_chunk});
    s.upload(u, m, dim, &mask);
    cinerec::TopK top;
    seconds = 1e30;
    for (size_t r = 0; r < repeats + 1; ++r) {  // the first run warms up cuBLAS
      top = s.search(k);
      if (r > 0) seconds = std::min(seconds, s.device_seconds());
    }
    return top;
  };
  double seconds = 0.0, exact_seconds = 0.0;
  const cinerec::TopK exact = search(false, exact_seconds);
  if (device == "cuda") return exact_seconds;
  const cinerec::TopK fast = search(true, seconds);
  size_t hits = 0;
  for (size_t i = 0; i < fast.movies.size(); ++i) {
    const auto row = std::span(exact.movies).subspan(i / k * k, k);
    hits += std::find(row.begin(), row.end(), fast.movies[i]) != row.end();
  }
  recall = static_cast<double>(hits) / static_cast<double>(fast.movies.size());
  return seconds;
#else
  (void)u, (void)m, (void)dim, (void)mask, (void)k, (void)tiling, (void)repeats, (void)recall;
  throw std::invalid_argument("this build has no CUDA: device " + device);
#endif
}

// The most bytes our device buffers held at once (0 on the CPU), the counterpart of
// torch.cuda.max_memory_allocated.
size_t peak_gpu_bytes() {
#if CINEREC_HAVE_CUDA
  return cinerec::cuda::DeviceMemory::peak.load();
#else
  return 0;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  const size_t users = arg(argc, argv, 1, 5200), movies = arg(argc, argv, 2, 140000);
  const size_t dim = arg(argc, argv, 3, 200), k = arg(argc, argv, 4, 100);
  const size_t seen = arg(argc, argv, 5, 832000);
  const int threads = static_cast<int>(arg(argc, argv, 6, 2));
  const size_t repeats = arg(argc, argv, 7, 3);
  const cinerec::cpu::TopKTiling tiling{arg(argc, argv, 8, 512), arg(argc, argv, 9, 1024)};
  omp_set_num_threads(threads);
  cinerec::Rng rng(1);
  const auto u = random_matrix(users, dim, rng), m = random_matrix(movies, dim, rng);
  const auto mask = random_seen(users, movies, seen, rng);
  const std::string device = argc > 10 ? argv[10] : "cpu";
  double best = 1e30, recall = 1.0;
  if (device == "cpu") {
    for (size_t r = 0; r < repeats; ++r) {
      const auto t0 = Clock::now();
      const cinerec::TopK top = cinerec::cpu::top_k(u, m, dim, &mask, k, tiling);
      best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
  } else {
    best = gpu_seconds(device, u, m, dim, mask, k, tiling, repeats, recall);
  }
  std::printf(
      "{\"users\": %zu, \"movies\": %zu, \"dim\": %zu, \"k\": %zu, \"seen\": %zu, \"threads\": %d, "
      "\"user_tile\": %zu, \"movie_chunk\": %zu, \"device\": \"%s\", \"seconds\": %.6f, "
      "\"gflops\": %.1f, \"recall_of_exact\": %.5f, \"peak_gpu_bytes\": %zu}\n",
      users, movies, dim, k, mask.items.size(), threads, tiling.user_tile, tiling.movie_chunk,
      device.c_str(), best, 2.0 * static_cast<double>(users * movies * dim) / best * 1e-9, recall,
      peak_gpu_bytes());
  return 0;
}
