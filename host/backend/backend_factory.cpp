#include "host/backend/backend_factory.h"

#include <stdexcept>

#include "host/cpu/cpu_backend.h"
#include "host/train/run_setup.h"
#if CINEREC_HAVE_CUDA
#include "cuda/cuda_backend.h"
#endif

namespace cinerec {
namespace {

[[noreturn]] void unknown_device(const std::string& device) {
#if CINEREC_HAVE_CUDA
  const char* devices = "cpu, cuda, cuda:N";
#else
  const char* devices = "cpu (a build without CUDA)";
#endif
  throw std::invalid_argument("unknown or unavailable device \"" + device +
                              "\" (this build trains on: " + devices + ")");
}

#if CINEREC_HAVE_CUDA
cuda::CudaOptions cuda_options(const Config& c) {
  return {c.model.title_conv == "cudnn", c.train.embedding_backward == "atomic",
          c.train.cuda_graphs};
}
#endif

}  // namespace

int cuda_ordinal(const std::string& device) {
  if (device == "cuda") return 0;
  const std::string n = device.starts_with("cuda:") ? device.substr(5) : "";
  if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos || n.size() > 4) {
    unknown_device(device);
  }
  return std::stoi(n);
}

std::unique_ptr<Backend> make_backend(const std::string& device, const ModelSpec& spec,
                                      const Config& config) {
  const OptimizerSettings optimizer = make_optimizer_settings(config.train);
  if (device == "cpu") {
    return std::make_unique<cpu::CpuBackend>(spec, optimizer, config.train.seed,
                                             static_cast<int>(config.train.threads));
  }
#if CINEREC_HAVE_CUDA
  if (device.starts_with("cuda")) {
    return std::make_unique<cuda::CudaBackend>(cuda_ordinal(device), spec, optimizer,
                                               cuda_options(config), config.train.seed);
  }
#endif
  unknown_device(device);
}

}  // namespace cinerec
