// The CPU backend's dense Adam defers the updates of embedding rows a batch does not read; the
// rows a batch reads must be caught up before its forward pass. Reading the state (which flushes
// every row) after every step must therefore change nothing, bit for bit.
#include "host/cpu/cpu_backend.h"

#include <gtest/gtest.h>

#include "tests/retrieval_fixture.h"

namespace cinerec {
namespace {

ModelState train(const Dataset& data, const ModelSpec& spec, const OptimizerSettings& optimizer,
                 const ModelState& start, bool read_state_every_step) {
  cpu::CpuBackend backend(spec, optimizer, 5, 1);
  backend.set_state(start);
  backend.bind_data(data);
  const auto train = data.split_indices(Split::kTrain);
  const size_t batch = 8;
  for (uint64_t epoch = 0, step = 0; epoch < 2; ++epoch) {
    backend.begin_epoch(train, 5, epoch);
    for (size_t begin = 0; begin < train.size(); begin += batch, ++step) {
      backend.train_step({begin, std::min(batch, train.size() - begin), step});
      if (read_state_every_step) backend.state();
    }
  }
  return backend.state();
}

TEST(CpuBackend, DenseAdamDoesNotDependOnWhenTheStateIsRead) {
  const Dataset data = testing::small_dataset();
  const ModelSpec spec = testing::small_spec(data, Head::kDot, true);
  const ModelState start = testing::random_backend(spec, 2)->state();
  for (const double weight_decay : {0.0, 0.01}) {
    OptimizerSettings optimizer;
    optimizer.adam.lr = 0.01;
    optimizer.weight_decay = weight_decay;
    const ModelState lazy = train(data, spec, optimizer, start, false);
    const ModelState flushed = train(data, spec, optimizer, start, true);
    EXPECT_EQ(lazy.params, flushed.params) << "weight decay " << weight_decay;
    EXPECT_EQ(lazy.adam_m, flushed.adam_m) << "weight decay " << weight_decay;
    EXPECT_EQ(lazy.adam_v, flushed.adam_v) << "weight decay " << weight_decay;
    EXPECT_NE(lazy.params, start.params);
  }
}

}  // namespace
}  // namespace cinerec
