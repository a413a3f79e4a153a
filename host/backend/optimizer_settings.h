// How a backend updates the parameters, in terms neither backend owns: Adam's settings, row-wise
// (lazy) Adam on the embedding tables or not, and L2 on the rows a batch touches.
#pragma once

#include "host/config/config.h"
#include "host_device/adam_update.h"

namespace cinerec {

struct OptimizerSettings {
  AdamSettings adam;
  bool rowwise_embeddings = false;  // lazy Adam on embedding tables
  double weight_decay = 0.0;        // L2 on the embedding rows a batch touches
};

OptimizerSettings make_optimizer_settings(const TrainConfig& config);

}  // namespace cinerec
