#include "host/backend/optimizer_settings.h"

namespace cinerec {

OptimizerSettings make_optimizer_settings(const TrainConfig& c) {
  OptimizerSettings o;
  o.adam = {c.lr, c.beta1, c.beta2, c.eps};
  o.rowwise_embeddings = c.embedding_optimizer == "rowwise";
  o.weight_decay = c.weight_decay;
  return o;
}

}  // namespace cinerec
