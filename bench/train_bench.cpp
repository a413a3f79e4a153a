// Times training steps of the CPU backend on a prepared dataset, in the same way as
// bench/torch_reference.py --max-steps (warm-up steps untimed), and prints one JSON line.
// Usage: train_bench DATASET BATCH STEPS [dense|rowwise] [THREADS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "host/data/dataset_io.h"
#include "host/model/init.h"
#include "host/train/epoch_order.h"
#include "host/train/run_setup.h"

int main(int argc, char** argv) {
  using namespace cinerec;
  if (argc < 4) {
    std::fprintf(stderr, "usage: train_bench DATASET BATCH STEPS [dense|rowwise] [THREADS]\n");
    return 2;
  }
  constexpr size_t kWarmup = 5;
  const Dataset data = load_dataset(argv[1]);
  Config config;
  config.train.batch_size = std::strtoul(argv[2], nullptr, 10);
  const size_t steps = std::strtoul(argv[3], nullptr, 10);
  if (argc > 4) config.train.embedding_optimizer = argv[4];
  if (argc > 5) config.train.threads = std::strtoul(argv[5], nullptr, 10);

  auto backend = make_backend("cpu", make_model_spec(config.model, data), config.train);
  ModelState state;
  state.params = init_parameters(backend->layout(), 1, 3.5);
  state.adam_m.assign(state.params.size(), 0.0f);
  state.adam_v.assign(state.params.size(), 0.0f);
  backend->set_state(state);

  const auto order = epoch_order(data.split_indices(Split::kTrain), 1, 0);
  const size_t b = config.train.batch_size;
  Batch batch;
  auto start = std::chrono::steady_clock::now();
  for (size_t step = 0; step < steps + kWarmup; ++step) {
    if (step == kWarmup) start = std::chrono::steady_clock::now();
    const size_t begin = (step * b) % (order.size() - b);
    gather_batch(data, std::span(order).subspan(begin, b), step, batch);
    backend->train_step(batch);
  }
  backend->state();  // includes the deferred part of dense Adam in the timing
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const nlohmann::json out = {{"impl", "cinerec-cpu"},
                              {"batch_size", b},
                              {"embedding_optimizer", config.train.embedding_optimizer},
                              {"timed_steps", steps},
                              {"warmup_steps", kWarmup},
                              {"ms_per_step", 1e3 * seconds / static_cast<double>(steps)},
                              {"samples_per_s", static_cast<double>(steps * b) / seconds}};
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
