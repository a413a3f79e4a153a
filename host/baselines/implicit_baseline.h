// What the baselines that learn from implicit feedback by Adam share (BPR, ENMF, FISM): their
// positives are the training ratings >= eval.relevance_threshold (one threshold for training and
// evaluation alike), their negatives movies the user did not rate in training, drawn from the
// run's seed, the epoch and the rating (so a resumed run draws the same), and each step ends in
// dense Adam over every parameter (torch.optim.Adam on RecBole's embeddings) with train.lr.
#pragma once

#include <optional>

#include "host/backend/optimizer_settings.h"
#include "host/baselines/baseline_backend.h"
#include "host/data/dataset/user_items.h"

namespace cinerec {

class ImplicitBaseline : public BaselineBackend {
 public:
  void set_learning_rate(double lr) override { optimizer_.adam.lr = lr; }
  void bind_data(const Dataset& data) override;
  // Each user's training positives, which ENMF and FISM score against.
  void prepare_inference(const Dataset& data) override;

 protected:
  ImplicitBaseline(const OptimizerSettings& optimizer, double positive_threshold, uint64_t seed);
  // Sizes the state and the gradients to layout(); so called at the end of the constructor.
  void allocate();
  bool is_positive(uint32_t rating) const;
  float positive_threshold() const { return positive_threshold_; }
  uint64_t seed() const { return seed_; }
  const UserItems& positives() const { return positives_; }
  // A movie the rating's user did not rate in training; none when it rated them all.
  std::optional<uint32_t> draw_negative(uint32_t rating) const;
  // The gradient buffer (the layout's size), which adam_update applies and zeroes.
  std::vector<float>& grads() { return grads_; }
  void adam_update() { adam_step(grads_, optimizer_.adam); }

 private:
  OptimizerSettings optimizer_;
  float positive_threshold_;
  uint64_t seed_;
  UserItems positives_;  // each user's training positives
  UserItems rated_;      // each user's training movies, the ones no negative may be
  std::vector<float> grads_;
};

}  // namespace cinerec
