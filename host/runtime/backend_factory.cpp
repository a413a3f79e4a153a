#include "host/runtime/backend_factory.h"
#include "host/model/model_wiring.h"

#include <algorithm>
#include <stdexcept>

#include "host/baselines/bpr_backend.h"
#include "host/baselines/din_backend.h"
#include "host/baselines/enmf_backend.h"
#include "host/baselines/fism_backend.h"
#include "host/baselines/knn_backend.h"
#include "host/baselines/mf_backend.h"
#include "host/baselines/pop_backend.h"
#include "host/comm/launch_env.h"
#include "host/common/checked_math.h"
#include "host/common/memory_info.h"
#include "host/cpu/cpu_backend.h"
#include "host/cpu/cpu_threads.h"
#include "host/model/spec_from_config.h"
#include "host/model/training_memory.h"
#if CINEREC_HAVE_CUDA
#include <cuda_runtime_api.h>

#include "cuda/cuda_backend.h"
#include "cuda/device_info.h"
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

// What the model needs at the larger of the two batch sizes, refused up front when it exceeds
// what `available` holds.
void check_memory(const ModelSpec& spec, size_t rows, uint64_t available,
                  const std::string& where) {
  const ParamLayout layout = [&] {
    try {
      return param_layout(spec);
    } catch (const SizeOverflow& e) {
      throw SizeOverflow(std::string("the model is too large: ") + e.what() +
                         " (check the model.* widths)");
    }
  }();
  require_memory(training_memory_bytes(spec, layout.total(), rows),
                 "the model (" + std::to_string(layout.parameter_count()) +
                     " parameters, batches of " + std::to_string(rows) + ") on " + where,
                 available);
}

// The baselines (docs/baselines.md): CPU models that train in one process.
std::unique_ptr<Backend> make_baseline(const std::string& device, const ModelSpec& spec,
                                       const Config& config, const Communicator& world) {
  const std::string& kind = config.model.kind;
  if (device != "cpu") {
    throw std::invalid_argument("model.kind = \"" + kind + "\" runs on the CPU only, not on " +
                                device + " (use --device cpu)");
  }
  if (world.size() > 1) {
    throw std::invalid_argument("model.kind = \"" + kind +
                                "\" trains one rating after another, in one process: start it "
                                "without mpirun or srun");
  }
  if (kind == "pop")
    return std::make_unique<PopBackend>(spec.movies, config.eval.relevance_threshold);
  if (kind == "mf") return std::make_unique<MfBackend>(spec.users, spec.movies, config.mf);
  // Positives: the ratings eval counts as relevant, one threshold for training and evaluation.
  const auto implicit = [&]<class Model>(const auto& section) -> std::unique_ptr<Backend> {
    return std::make_unique<Model>(spec.users, spec.movies, section,
                                   make_optimizer_settings(config.train),
                                   config.eval.relevance_threshold, config.train.seed);
  };
  if (kind == "bpr") return implicit.operator()<BprBackend>(config.bpr);
  if (kind == "enmf") return implicit.operator()<EnmfBackend>(config.enmf);
  if (kind == "fism") return implicit.operator()<FismBackend>(config.fism);
  if (kind == "din") return implicit.operator()<DinBackend>(config.din);
  const double threshold = config.eval.relevance_threshold;
  if (kind == "usercf") {
    return std::make_unique<KnnBackend>(spec.users, spec.movies, Compared::kUsers, config.usercf,
                                        threshold);
  }
  if (kind == "itemcf") {
    return std::make_unique<KnnBackend>(spec.users, spec.movies, Compared::kMovies, config.itemcf,
                                        threshold);
  }
  throw std::invalid_argument("unknown model.kind \"" + kind + "\"");
}

// A training batch holds a ranking term's sampled movies beside its ratings.
size_t max_batch_rows(const Config& config) {
  const size_t group = make_ranking_term(config).group();
  return std::max(
      checked_mul(config.train.batch_size, group, "train.batch_size x (1 + train.negatives)"),
      config.train.eval_batch_size);
}

}  // namespace

size_t batch_rows(const Config& config, const Dataset& data) {
  const size_t group = make_ranking_term(config).group();
  const size_t largest =
      std::max({checked_mul(data.num_ratings(), group, "ratings x ranking group"), data.num_users(),
                data.num_movies()});
  return std::min(max_batch_rows(config), largest);
}

int cuda_ordinal(const std::string& device, int local_rank, int visible_gpus) {
  if (device == "cuda") return local_rank % std::max(visible_gpus, 1);
  const std::string n = device.starts_with("cuda:") ? device.substr(5) : "";
  if (n.empty() || n.find_first_not_of("0123456789") != std::string::npos || n.size() > 4) {
    unknown_device(device);
  }
  return std::stoi(n);
}

std::string device_kind(const std::string& device) {
  return device.starts_with("cuda") ? "cuda" : device;
}

int cuda_ordinal(const std::string& device) {
  int visible = 1;
#if CINEREC_HAVE_CUDA
  if (cudaGetDeviceCount(&visible) != cudaSuccess) cudaGetLastError(), visible = 1;
#endif
  return cuda_ordinal(device, read_launch_env().local_rank, visible);
}

std::unique_ptr<Backend> make_backend(const std::string& device, const ModelSpec& spec,
                                      const Config& config, size_t batch_rows,
                                      Communicator& world) {
  const RankingTerm ranking = make_ranking_term(config);
  if ((ranking.active() || config.model.ranking_bias) &&
      (config.model.kind != "cnn" || device != "cpu")) {
    throw std::invalid_argument(
        "train.ranking_loss and model.ranking_bias run the CNN on the CPU "
        "backend only (model.kind = \"cnn\", --device cpu); set "
        "train.ranking_loss = \"none\" and model.ranking_bias = false");
  }
  if (ranking.active() && ranking.detached && !config.model.ranking_bias) {
    throw std::invalid_argument(
        "train.ranking_detach trains the ranking bias alone: set model.ranking_bias = true");
  }
  if (config.model.kind != "cnn") return make_baseline(device, spec, config, world);
  const OptimizerSettings optimizer = make_optimizer_settings(config.train);
  const size_t rows = batch_rows > 0 ? batch_rows : max_batch_rows(config);
  if (device == "cpu") {
    check_memory(spec, rows, available_memory_bytes(), "the CPU");
    int threads = cpu::cpu_threads(config.train.threads);
    if (config.train.threads == 0) {
      threads = std::max(1, threads / static_cast<int>(read_launch_env().local_size));
    }
    return std::make_unique<cpu::CpuBackend>(spec, optimizer, config.train.seed, threads, world,
                                             ranking);
  }
#if CINEREC_HAVE_CUDA
  if (device.starts_with("cuda")) {
    const int ordinal = cuda_ordinal(device);
    std::string why;
    for (const cuda::GpuInfo& gpu : cuda::list_gpus(&why)) {
      if (gpu.index == ordinal) check_memory(spec, rows, gpu.free_bytes, device);
    }
    // Across ranks, one GPU each, the gradients go over NCCL.
    return std::make_unique<cuda::CudaBackend>(ordinal, spec, optimizer, cuda_options(config),
                                               config.train.seed,
                                               world.size() > 1 ? &world : nullptr);
  }
#endif
  unknown_device(device);
}

}  // namespace cinerec
