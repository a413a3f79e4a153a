#include <cstdio>
#include <string>
#include <thread>

#include "host/cli/commands.h"
#if CINEREC_HAVE_CUDA
#include "cuda/device_info.h"
#endif

namespace cinerec::cli {
namespace {

void print_devices() {
  std::printf("cpu: available (%u hardware threads)\n", std::thread::hardware_concurrency());
#if CINEREC_HAVE_CUDA
  const cuda::LibraryVersions v = cuda::library_versions();
  std::printf("cuda: runtime %d, driver %d, cuBLAS %d, cuDNN %zu, NCCL %d\n", v.cuda_runtime,
              v.cuda_driver, v.cublas, v.cudnn, v.nccl);
  std::string why;
  const auto gpus = cuda::list_gpus(&why);
  if (gpus.empty()) std::printf("cuda: no usable GPU (%s)\n", why.c_str());
  for (const auto& g : gpus) {
    std::printf("cuda:%d: %s, sm_%d%d, %d SMs, %.1f GiB (%.1f GiB free)\n", g.index, g.name.c_str(),
                g.compute_major, g.compute_minor, g.multiprocessors,
                static_cast<double>(g.total_bytes) / (1 << 30),
                static_cast<double>(g.free_bytes) / (1 << 30));
  }
#else
  std::printf("cuda: not built (configure with -DCINEREC_CUDA=ON and the CUDA toolkit)\n");
#endif
}

}  // namespace

void add_devices_command(CLI::App& app) {
  app.add_subcommand("devices", "List the compute devices this build can use")
      ->callback(print_devices);
}

}  // namespace cinerec::cli
