// Times training steps of a backend on a prepared dataset, in the same way as
// bench/torch_reference.py --max-steps (warm-up steps untimed), and prints one JSON line.
// STEPS = 0 times one whole epoch instead.
// Usage: train_bench DATASET BATCH STEPS [dense|rowwise] [THREADS] [DEVICE]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "host/data/dataset/dataset_io.h"
#include "host/model/init.h"
#include "host/model/spec_from_config.h"
#include "host/runtime/backend_factory.h"
#if CINEREC_HAVE_CUDA
#include "cuda/device_buffer.h"
#endif

int main(int argc, char** argv) {
  using namespace cinerec;
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: train_bench DATASET BATCH STEPS [dense|rowwise] [THREADS] [DEVICE]\n");
    return 2;
  }
  constexpr size_t kWarmup = 5;
  const Dataset data = load_dataset(argv[1]);
  Config config;
  config.train.batch_size = std::strtoul(argv[2], nullptr, 10);
  size_t steps = std::strtoul(argv[3], nullptr, 10);
  if (argc > 4) config.train.embedding_optimizer = argv[4];
  if (argc > 5) config.train.threads = std::strtoul(argv[5], nullptr, 10);
  const std::string device = argc > 6 ? argv[6] : "cpu";

  auto backend = make_backend(device, make_model_spec(config.model, data), config);
  ModelState state;
  state.params = init_parameters(backend->layout(), 1, 3.5);
  state.adam_m.assign(state.params.size(), 0.0f);
  state.adam_v.assign(state.params.size(), 0.0f);
  backend->set_state(state);

  const auto train = data.split_indices(Split::kTrain);
  const size_t b = config.train.batch_size;
  const bool epoch = steps == 0;
  if (epoch) steps = (train.size() + b - 1) / b;
  backend->bind_data(data);
  backend->begin_epoch(train, 1, 0);
  auto start = std::chrono::steady_clock::now();
  for (size_t step = 0; step < steps + kWarmup; ++step) {
    if (step == kWarmup) {
      backend->take_loss_sum();  // waits for the warm-up steps on a device
      start = std::chrono::steady_clock::now();
    }
    const size_t t = epoch ? step - std::min(step, kWarmup) : step;
    const size_t begin = epoch ? t * b : (step * b) % (train.size() - b);
    backend->train_step({begin, std::min(b, train.size() - begin), step});
  }
  backend->take_loss_sum();
  backend->state();  // includes the deferred part of dense Adam in the timing
  const size_t samples = epoch ? train.size() : steps * b;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  nlohmann::json out = {{"impl", "cinerec-" + device},
                        {"batch_size", b},
                        {"embedding_optimizer", config.train.embedding_optimizer},
                        {"timed_steps", steps},
                        {"warmup_steps", kWarmup},
                        {"ms_per_step", 1e3 * seconds / static_cast<double>(steps)},
                        {"samples_per_s", static_cast<double>(samples) / seconds}};
#if CINEREC_HAVE_CUDA
  if (device != "cpu") out["peak_gpu_bytes"] = cuda::DeviceMemory::peak.load();
#endif
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
