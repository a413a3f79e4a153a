#include "host/baselines/implicit_baseline.h"

#include "host/data/dataset/unrated_draw.h"

namespace cinerec {

ImplicitBaseline::ImplicitBaseline(const OptimizerSettings& optimizer, double positive_threshold,
                                   uint64_t seed)
    : optimizer_(optimizer),
      positive_threshold_(static_cast<float>(positive_threshold)),
      seed_(seed) {}

void ImplicitBaseline::allocate() {
  allocate_state();
  grads_.assign(layout().total(), 0.0f);
}

void ImplicitBaseline::bind_data(const Dataset& data) {
  BaselineBackend::bind_data(data);
  prepare_inference(data);
  rated_ = rated_items(data, {Split::kTrain});
}

void ImplicitBaseline::prepare_inference(const Dataset& data) {
  positives_ = rated_items(data, {Split::kTrain}, positive_threshold_);
}

bool ImplicitBaseline::is_positive(uint32_t rating) const {
  return data().rating_value()[rating] >= positive_threshold_;
}

std::optional<uint32_t> ImplicitBaseline::draw_negative(uint32_t rating) const {
  Rng rng = negative_rng(seed_, epoch(), rating);
  return draw_unrated(rated_.row(data().rating_user()[rating]), data().num_movies(), rng);
}

}  // namespace cinerec
